// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/MessageBanner.h"

#include <QGroupBox>
#include <QPointer>

class ActionService;
class ActionTicket;
class QLabel;
class QLineEdit;
class QPushButton;

/// SmartID Suite's biometric un-enroll for the selected person (seed 002): the SmartID user (their
/// e-mail), a button that opens an ActionDialog and goes through ActionService::submit(), and the
/// last result in the panel.
class SmartIdPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdPanel)

public:
    explicit SmartIdPanel(QWidget* parent = nullptr);

    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// A production profile puts a red warning in the action dialog.
    void setEnvironment(const QString& profileName, bool production);
    /// Prefills the SmartID user with the person's e-mail (when another person is shown).
    void setUser(const UserRecord& user);
    void clear();
    QString userId() const;
    QString resultText() const;

private:
    ActionRequest request() const;
    void updateWidgets();
    void openDialog();
    void submit(const ActionRequest& request);
    void onFinished(ActionTicket* ticket);
    void showResult(MessageBanner::Level level, const QString& text);

    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    bool m_busy = false;
    QLineEdit* m_userId;
    QPushButton* m_unenroll;
    QLabel* m_result;
};
