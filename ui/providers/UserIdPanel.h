// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/ActionCommand.h"
#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "providers/ProviderPanel.h"

#include <QPointer>

class ActionResultLabel;
class QAbstractButton;
class QDialog;
class QLabel;
class QLineEdit;

/// A provider panel whose actions all target one user id, shown (never typed) in a line above its
/// buttons, with the last action's result below them (docs/adding-a-provider.md): what showing a person,
/// clearing, the connection and the environment mean is written here once; a provider's panel adds
/// its buttons, their requests and why each may not be used.
class UserIdPanel : public ProviderPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserIdPanel)

public:
    void setSession(const Session* session, ActionService* service) override
    {
        setActionService(session ? service : nullptr);
    }
    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// The person with `id` at this provider, or the id defaultIdOf() reads from the record.
    void showPerson(const UserRecord& record, const QString& id) override;
    void setEnvironment(const QString& profileName, bool production) override;
    /// Shows the person with the id defaultIdOf() reads. Another person closes any action dialog
    /// still open for the previous one (nothing is sent for them).
    void setUser(const UserRecord& user);
    void clear() override;
    QString userId() const override;
    QString resultText() const;

protected:
    explicit UserIdPanel(QWidget* parent = nullptr);

    /// The id this provider knows a person by when the index links none (an e-mail, a reference id).
    virtual QString defaultIdOf(const UserRecord& user) const = 0;
    /// Enables the buttons, each with its tool tip or the reason it may not be used.
    virtual void updateWidgets() = 0;
    /// Why no action may be sent now, whatever the button (empty when one may): not connected, not
    /// permitted, busy (`busy`), no person, no id (`noId`).
    QString restriction(const ActionRequest& request, const QString& busy, const QString& noId) const;
    /// Opens the action dialog for the shown person from `opener`; the result says `sending` meanwhile.
    void openActionDialog(const ActionRequest& request, ActionCommand::Options options,
                          QAbstractButton* opener, const QString& sending);
    void closeDialog();
    bool hasPerson() const { return !m_shownUser.isEmpty(); }

    QLineEdit* m_userId;
    QLabel* m_userLabel;
    ActionResultLabel* m_result;

private:
    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    QString m_personName;
    QPointer<QDialog> m_dialog; ///< the open action dialog, for the shown person
};
