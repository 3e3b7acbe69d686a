// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "widgets/MessageBanner.h"

#include <QString>

#include <functional>

class ActionDialog;
class ActionParameters;
class ActionService;
class ActionTicket;
class QAbstractButton;
class QWidget;

/// The one way every state-changing action starts in the GUI (the commands of KDE's Kleopatra): the
/// common ActionDialog (restriction check, the person in plain words, approval, repeat warning,
/// reason, request details) with the provider's parameter widget if it has one; on confirmation the
/// request goes into the pipeline and the ticket to the caller; the dialog closes, and focus returns
/// to the button that opened it (or the card), never into a field.
class ActionCommand final
{
public:
    struct Options
    {
        QString person;            ///< the person's name, for the plain words ("" when unknown)
        QString productionProfile; ///< non-empty: production, named in red and confirmed once more
        ActionParameters* parameters = nullptr; ///< taken over by the dialog
        QString confirmationLabel;              ///< irreversible: what to type, said in this label
        QString expectedConfirmation;           ///< ...and the text to type
        /// A decision with a counterpart (ActionDialog::setDecision): non-empty title, headline, verb.
        QString decisionTitle;
        QString decisionHeadline;
        MessageBanner::Level decisionLevel = MessageBanner::Level::Info;
        QString decisionVerb;
    };

    /// Opens the dialog (window-modal, parented to card) and returns it, so that the card can close
    /// it when another person is shown. submitted receives the ticket of the confirmed request and
    /// who it is for in the module's words ("Nakato Silva (Smile ID REF-000253)"), for the result.
    static ActionDialog* open(ActionService* service, const ActionRequest& request, const Options& options,
                              QWidget* card, QAbstractButton* opener,
                              std::function<void(ActionTicket*, const QString&)> submitted);
};
