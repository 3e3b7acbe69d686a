// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/ActionResultLabel.h"

#include "providers/ProviderPanel.h"
#include <QList>
#include <QPointer>

class ActionService;
class QLabel;
class QLineEdit;
class QDialog;
class QPushButton;

/// Smile ID's enrollee flags for the selected person: each button opens an ActionDialog and goes
/// through ActionService::submit(); the last result stays in the panel instead of a dialog. The
/// Smile ID user id is shown, never typed: "Link id…" asks to link another one to the person's subject
/// (audited), and the panel follows the link (setLinkedId()).
class SmileIdPanel final : public ProviderPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmileIdPanel)

public:
    explicit SmileIdPanel(QWidget* parent = nullptr);

    void setSession(const Session* session, ActionService* service) override
    {
        setActionService(session ? service : nullptr);
    }
    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// The person with their Smile ID user id (their reference id when the index links none).
    void showPerson(const UserRecord& record, const QString& id) override;
    /// A production profile puts a red warning in every action dialog.
    void setEnvironment(const QString& profileName, bool production) override;
    /// Shows the person: their Smile ID user id is the reference id. Another person closes any action
    /// dialog still open for the previous one (nothing is sent for them).
    void setUser(const UserRecord& user);
    /// The subject now links this Smile ID user id (after "Link id…"): actions target it.
    void setLinkedId(const QString& userId) override;
    /// Whether "Link id…" may be used, with the reason when not.
    void setLinkAllowed(bool allowed, const QString& why) override;
    /// No person: no id, no action, any open dialog closed.
    void clear() override;
    QString userId() const override;
    QString resultText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Button
    {
        QPushButton* button;
        QString flag;
        bool value;
    };

    void addButton(const char* objectName, const QString& flag, bool value);
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();
    ActionRequest requestFor(const Button& button) const;
    void updateWidgets();
    void openDialog(const Button& button);
    void closeDialog();

    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    QString m_personName;
    bool m_linkAllowed = true;
    QString m_linkWhy;
    QLineEdit* m_userId;
    QLabel* m_userLabel;
    QPushButton* m_linkId;
    QPointer<QDialog> m_dialog; ///< the open action dialog, for the shown person
    QList<Button> m_buttons;
    ActionResultLabel* m_result;
};
