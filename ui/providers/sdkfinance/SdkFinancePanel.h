// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"

#include "providers/ProviderPanel.h"
#include <QPointer>

class ActionResultLabel;
class ActionService;
class QDialog;
class QLabel;
class QLineEdit;
class QPushButton;
class SdkFinanceClient;

/// SDK.Finance for the selected person: their SDK.Finance user id (shown, never typed) and "Reset
/// identification…", which opens the common ActionDialog with a ResetFieldsEditor.
class SdkFinancePanel final : public ProviderPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SdkFinancePanel)

public:
    explicit SdkFinancePanel(QWidget* parent = nullptr);

    /// Not owned; null when not connected or the profile has no SDK.Finance section.
    void setSession(SdkFinanceClient* client, ActionService* service);
    void setSession(const Session* session, ActionService* service) override;
    void showPerson(const UserRecord& record, const QString& id) override;
    /// A production profile puts a red warning in the reset dialog.
    void setEnvironment(const QString& profileName, bool production) override;
    /// The selected person's SDK.Finance user id (empty when they have none there). Another id closes
    /// a reset dialog still open for the previous person.
    void setUserId(const QString& userId);
    QString userId() const override;
    QString resultText() const;
    /// No person: no id, no action, any open dialog closed.
    void clear() override;
    /// Re-reads the restrictions (the SDK.Finance login changed).
    void updateWidgets();

protected:
    void changeEvent(QEvent* event) override;

private:
    void openReset();
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();

    QPointer<SdkFinanceClient> m_client;
    QPointer<ActionService> m_service;
    QString m_profileName;
    QString m_personName; ///< the shown person, for the action dialog's words
    bool m_production = false;
    QLineEdit* m_userId;
    QLabel* m_userLabel;
    QPointer<QDialog> m_dialog; ///< the open reset dialog, for the shown person
    QPushButton* m_reset;
    ActionResultLabel* m_result;
};
