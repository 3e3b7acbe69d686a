// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionCommand.h"

#include "ActionDialog.h"
#include "ActionParameters.h"

#include "providers/ProviderRegistry.h"
#include "services/ActionService.h"

#include <QAbstractButton>
#include <QPointer>

ActionDialog* ActionCommand::open(ActionService* service, const ActionRequest& request,
                                  const Options& options, QWidget* card, QAbstractButton* opener,
                                  std::function<void(ActionTicket*, const QString&)> submitted)
{
    auto* dialog = new ActionDialog(service, request, options.person, card);
    if (options.parameters)
        dialog->setParameters(options.parameters);
    if (!options.productionProfile.isEmpty())
        dialog->setProductionEnvironment(options.productionProfile);
    if (!options.decisionTitle.isEmpty())
        dialog->setDecision(options.decisionTitle, options.decisionHeadline, options.decisionLevel,
                            options.decisionVerb);
    if (!options.expectedConfirmation.isEmpty())
        dialog->setTypedConfirmation(options.confirmationLabel, options.expectedConfirmation);
    QObject::connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    const QPointer<QAbstractButton> back(opener);
    const QPointer<ActionService> pipeline(service);
    const QString person = options.person;
    QObject::connect(dialog, &QDialog::finished, card,
                     [dialog, card, back, pipeline, person, submitted = std::move(submitted)](int result) {
                         // Submitted first (the card's buttons wait while it is sent), then back to the
                         // card: the button when it can be pressed again, else the card itself.
                         if (result == QDialog::Accepted && pipeline) {
                             const ActionRequest request = dialog->request();
                             const ProviderModule* module =
                                 ProviderRegistry::instance().find(request.provider);
                             const QString subject =
                                 module ? module->target(request, person) : request.userId;
                             ActionTicket* ticket = pipeline->submit(request);
                             if (submitted)
                                 submitted(ticket, subject);
                         }
                         if (back && back->isEnabled())
                             back->setFocus(Qt::OtherFocusReason);
                         else
                             card->setFocus(Qt::OtherFocusReason);
                     });
    dialog->open();
    return dialog;
}
