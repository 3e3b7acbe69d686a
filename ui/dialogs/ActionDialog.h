// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"

#include <QDialog>

class ActionService;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

/// Confirms one action before it enters the pipeline: what it does, the exact request that will be
/// sent, whether it needs approval, and the operator's reason. Submitting is the caller's job.
class ActionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionDialog)

public:
    /// service is not owned and must outlive the dialog; request.reason is ignored.
    ActionDialog(ActionService* service, const ActionRequest& request, QWidget* parent = nullptr);

    /// A production profile: a red line naming the environment above everything else.
    void setProductionEnvironment(const QString& profileName);
    /// Irreversible actions: OK stays disabled until `expected` is typed exactly.
    void setTypedConfirmation(const QString& label, const QString& expected);
    /// The request with the reason typed here.
    ActionRequest request() const;
    bool needsApproval() const { return m_needsApproval; }

private:
    void updateWidgets();
    /// Accepts, once the operator has typed their password again when the provider module asks for it
    /// (ProviderModule::needsStepUp()).
    void acceptAfterStepUp();

    ActionService* m_service;
    ActionRequest m_request;
    QString
        m_blocker; ///< why the action cannot be submitted at all (invalid, not permitted, policy unreadable)
    bool m_needsApproval = false;
    QString m_expectedConfirmation;
    QString m_productionProfile; ///< non-empty: confirm once more (ProductionConfirmation) before accepting
    QLabel* m_production;
    QLabel* m_description;
    QLabel* m_approval;
    QPlainTextEdit* m_preview;
    QLineEdit* m_reason;
    QLabel* m_confirmLabel;
    QLineEdit* m_confirm;
    QLabel* m_problem;
    QPushButton* m_ok;
    QPushButton* m_cancel;
};
