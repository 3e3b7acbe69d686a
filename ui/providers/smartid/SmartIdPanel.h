// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/ActionResultLabel.h"

#include "providers/ProviderPanel.h"
#include <QPointer>

class ActionService;
class QLabel;
class QLineEdit;
class QDialog;
class QPushButton;

/// SmartID Suite's biometric un-enroll for the selected person (seed 002): the SmartID user (their
/// e-mail), a button that opens an ActionDialog and goes through ActionService::submit(), and the
/// last result in the panel.
class SmartIdPanel final : public ProviderPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdPanel)

public:
    explicit SmartIdPanel(QWidget* parent = nullptr);

    void setSession(const Session* session, ActionService* service) override
    {
        setActionService(session ? service : nullptr);
    }
    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// The person with their SmartID user (their e-mail when the index links none).
    void showPerson(const UserRecord& record, const QString& id) override;
    /// A production profile puts a red warning in the action dialog.
    void setEnvironment(const QString& profileName, bool production) override;
    /// Shows the person: their SmartID user is their e-mail. Another person closes any action dialog
    /// still open for the previous one (nothing is sent for them).
    void setUser(const UserRecord& user);
    /// No person: no id, no action, any open dialog closed.
    void clear() override;
    QString userId() const override;
    QString resultText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    ActionRequest request() const;
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();
    void updateWidgets();
    void openDialog();
    void closeDialog();

    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    QString m_personName;
    QLineEdit* m_userId;
    QLabel* m_userLabel;
    QPointer<QDialog> m_dialog; ///< the open action dialog, for the shown person
    QPushButton* m_unenroll;
    ActionResultLabel* m_result;
};
