// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "widgets/MessageBanner.h"

#include <QPointer>
#include <QWidget>

class ActionService;
class HttpReply;
class QDialog;
class QLabel;
class QPushButton;
class SdkFinancePanel;
class SmartIdPanel;
class SmileIdPanel;
class TrustSwiftlyClient;
class UserDirectory;

/// The selected user's details, refreshed from the provider when a user is shown, and the actions
/// that can be taken on them.
class UserDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserDetailPane)

public:
    explicit UserDetailPane(QWidget* parent = nullptr);

    void setDirectory(UserDirectory* directory);
    /// Names workflows and opens the re-verification dialog; not owned, null when not connected.
    void setTrustSwiftly(TrustSwiftlyClient* client);
    /// For the Trust Swiftly and SmartID actions; not owned, null when there is nothing to send with.
    void setActionService(ActionService* service);
    /// The connection's profile: a production one makes the re-verification ask once more.
    void setEnvironment(const QString& profileName, bool production)
    {
        m_productionProfile = production ? profileName : QString();
    }
    /// Shows what is known now and asks the provider for the current record. Another person closes
    /// every action dialog still open for the previous one.
    void showUser(const UserRecord& user);
    /// No person: every card empty, no action enabled, every open action dialog closed.
    void clear();
    const UserRecord& user() const { return m_user; }
    /// The Smile ID actions for the shown person.
    SmileIdPanel* smileIdPanel() const { return m_smileId; }
    /// The SmartID un-enroll for the shown person.
    SmartIdPanel* smartIdPanel() const { return m_smartId; }
    /// The SDK.Finance reset for a user id typed or filled in from a reset request.
    SdkFinancePanel* sdkFinancePanel() const { return m_sdkFinance; }
    /// The last Trust Swiftly action's result shown under the fields (empty when none).
    QString trustSwiftlyResult() const;

signals:
    /// The provider returned a fresher record for the shown user.
    void userRefreshed(const UserRecord& user);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Every text, again in the current language (after a switch at run time).
    void retranslateUi();
    void fill(const UserRecord& user);
    QLabel* addRow(class QFormLayout* form, const QString& label, const char* objectName);
    QString workflowText(const QString& id) const;
    void loadWorkflowNames();
    void updateWidgets();
    void openReverify();
    void refresh();

    QPointer<ActionService> m_actions;
    QPointer<TrustSwiftlyClient> m_trustSwiftly;
    QPointer<HttpReply> m_loadingWorkflows;
    QPointer<QDialog> m_reverifyDialog; ///< open for the shown person; closed when another is shown

    UserDirectory* m_directory = nullptr;
    QPointer<HttpReply> m_pending;
    UserRecord m_user;
    QLabel* m_title;
    QLabel* m_name;
    QLabel* m_email;
    QLabel* m_phone;
    QLabel* m_status;
    QLabel* m_reference;
    QLabel* m_id;
    QLabel* m_workflow;
    QLabel* m_reverifyWorkflow;
    QLabel* m_note;
    QPushButton* m_reverify;
    QLabel* m_trustSwiftlyResult;
    QWidget* m_fields;
    SmileIdPanel* m_smileId;
    SmartIdPanel* m_smartId;
    SdkFinancePanel* m_sdkFinance;
    QString m_productionProfile; ///< non-empty on a production profile
};
