// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "providers/ProviderPanel.h"

#include <QPointer>

class ActionResultLabel;
class HttpReply;
class QDialog;
class QLabel;
class QPushButton;
class TrustSwiftlyClient;

/// Trust Swiftly for the selected person: the workflow they are on, the re-verification assigned
/// (by name, once the client has the workflows), "Assign re-verification…" (the common ActionDialog with a
/// WorkflowPicker) and the last action's result.
class TrustSwiftlyPanel final : public ProviderPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrustSwiftlyPanel)

public:
    explicit TrustSwiftlyPanel(QWidget* parent = nullptr);

    void setSession(const Session* session, ActionService* service) override;
    /// Not owned; null when not connected or the profile has no Trust Swiftly section.
    void setClient(TrustSwiftlyClient* client, ActionService* service);
    /// A production profile makes the re-verification ask once more.
    void setEnvironment(const QString& profileName, bool production) override;
    void showPerson(const UserRecord& record, const QString& id) override;
    void refreshPerson(const UserRecord& record) override;
    void clear() override;
    QString userId() const override { return m_user.id; }
    /// The last action's result shown in the panel (empty when none).
    QString resultText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fill(const UserRecord& user);
    QString workflowText(const QString& id) const;
    void loadWorkflowNames();
    void updateWidgets();
    void openReverify();

    QPointer<TrustSwiftlyClient> m_client;
    QPointer<ActionService> m_service;
    QPointer<HttpReply> m_loadingWorkflows;
    QPointer<QDialog> m_dialog; ///< open for the shown person; closed when another is shown
    UserRecord m_user;          ///< the shown person's Trust Swiftly record, or an empty one
    QString m_productionProfile;
    QWidget* m_fields;
    QLabel* m_workflow;
    QLabel* m_reverifyWorkflow;
    QPushButton* m_reverify;
    ActionResultLabel* m_result;
};
