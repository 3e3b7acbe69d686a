// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/OperatorService.h"
#include "services/PresenceCheck.h"

#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QLineEdit;
class QPushButton;

/// Asks the signed-in operator for their password again: to unlock a console that locked itself
/// after the policy's idle time (it cannot be dismissed, only unlocked or signed out of), or before a
/// destructive action (step-up). The password is checked off the GUI thread, on a store connection of
/// that thread (PresenceCheck), throttled and audited like a sign-in.
class PresenceDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresenceDialog)

public:
    struct Result
    {
        bool ok = false;
        QString error;
    };

    PresenceDialog(PresenceCheck check, const Operator& op, OperatorService::Presence why,
                   const QString& message, QWidget* parent = nullptr);

    void reject() override; ///< Unlock: ignored (Esc does not reveal the console)

signals:
    void confirmed();
    void signOutRequested();

private:
    void check();
    void onChecked();

    PresenceCheck m_check;
    Operator m_operator;
    OperatorService::Presence m_why;
    QLabel* m_message;
    QLineEdit* m_password;
    QPushButton* m_ok;
    QFutureWatcher<Result>* m_watcher;
};
