// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/ActionResultLabel.h"

#include <QGroupBox>
#include <QList>
#include <QPointer>

class ActionService;
class QLabel;
class QLineEdit;
class QPushButton;

/// Smile ID's enrollee flags for the selected person: each button opens an ActionDialog and goes
/// through ActionService::submit(); the last result stays in the panel instead of a dialog.
class SmileIdPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmileIdPanel)

public:
    explicit SmileIdPanel(QWidget* parent = nullptr);

    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// A production profile puts a red warning in every action dialog.
    void setEnvironment(const QString& profileName, bool production);
    /// Prefills the Smile ID user id with the person's reference id (when another person is shown).
    void setUser(const UserRecord& user);
    void clear();
    QString userId() const;
    QString resultText() const;

private:
    struct Button
    {
        QPushButton* button;
        QString flag;
        bool value;
    };

    void addButton(const char* objectName, const QString& text, const QString& accessibleName,
                   const QString& flag, bool value);
    ActionRequest requestFor(const Button& button) const;
    void updateWidgets();
    void openDialog(const Button& button);
    void submit(const ActionRequest& request);

    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    QLineEdit* m_userId;
    QList<Button> m_buttons;
    ActionResultLabel* m_result;
};
