// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/Policy.h"
#include "widgets/MessageBanner.h"

#include <QDialog>
#include <optional>

class ActionParameters;
class ActionService;
class QLabel;
class QVBoxLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

/// Confirms one action before it enters the pipeline: what it does to whom in plain words (the
/// provider module's describeAction()), whether it needs approval, the operator's reason, and the
/// exact request under a collapsed "Request details". Submitting is the caller's job.
class ActionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionDialog)

public:
    /// service is not owned and must outlive the dialog; request.reason is ignored; person: the name of
    /// the person the request targets (empty when unknown: the id alone names them).
    ActionDialog(ActionService* service, const ActionRequest& request, const QString& person = QString(),
                 QWidget* parent = nullptr);

    /// The provider's widget for the action's parameters (taken over by the dialog): the request
    /// follows it, and the plain words, approval, repeat warning and request details with it.
    void setParameters(ActionParameters* parameters);
    /// A decision with a counterpart (approve or decline a request): its own title, a headline in the
    /// level's colour above the plain words, and its verb on the button, so that the two cannot be
    /// mistaken for each other.
    void setDecision(const QString& title, const QString& headline, MessageBanner::Level level,
                     const QString& acceptText);
    /// Decides again what may be sent (e.g. after the provider's permissions were read).
    void recheck();
    /// A production profile: a red line naming the environment above everything else.
    void setProductionEnvironment(const QString& profileName);
    /// Irreversible actions: OK stays disabled until `expected` is typed exactly.
    void setTypedConfirmation(const QString& label, const QString& expected);
    /// The request with the reason typed here.
    ActionRequest request() const;
    bool needsApproval() const { return m_needsApproval; }
    /// The earlier action this one repeats (still waiting, in flight or unresolved), 0 when none.
    qint64 repeatedAction() const { return m_repeated; }
    /// A state of an earlier action in a few words ("waiting for a supervisor's approval").
    static QString stateWords(ActionRecord::State state);

signals:
    /// The officer followed the link to the earlier action this one repeats (the dialog closes).
    void showEarlierAction(qint64 actionId);

private:
    void updateWidgets();
    /// Everything that follows from the request: plain words, restriction, preview, approval, repeat.
    void readRequest();
    /// Reads what readRequest() needs of the store (the policy, this person's open actions): when the
    /// dialog opens and on recheck(), not on every change of a parameter.
    void readStore();
    /// Accepts, once the operator has typed their password again when the provider module asks for it
    /// (ProviderModule::needsStepUp()).
    void acceptAfterStepUp();

    ActionService* m_service;
    ActionRequest m_request;
    QString m_person;
    QString m_acceptText; ///< the decision's verb; empty: "Send now" or "Submit for approval"
    QLabel* m_headline;
    ActionParameters* m_parameters = nullptr;
    QVBoxLayout* m_layout;
    QString
        m_blocker; ///< why the action cannot be submitted at all (invalid, not permitted, policy unreadable)
    bool m_needsApproval = false;
    std::optional<Policy> m_policy; ///< readStore()'s; nullopt: m_storeError says why
    std::optional<QList<ActionRecord>> m_openActions;
    QString m_storeError;
    qint64 m_repeated = 0;
    QString m_expectedConfirmation;
    QString m_productionProfile; ///< non-empty: confirm once more (ProductionConfirmation) before accepting
    QLabel* m_production;
    QLabel* m_description;
    QLabel* m_approval;
    QLabel* m_repeat;
    QToolButton* m_details;
    QPlainTextEdit* m_preview;
    QLineEdit* m_reason;
    QLabel* m_confirmLabel;
    QLineEdit* m_confirm;
    QLabel* m_problem;
    QPushButton* m_ok;
    QPushButton* m_cancel;
};
