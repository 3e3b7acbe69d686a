// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/PasswordChange.h"

#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QLineEdit;
class QPushButton;

/// The signed-in operator chooses their own password (File > Change password…): the current one, the
/// new one twice. The change runs off the GUI thread, on a store connection of that thread
/// (PasswordChange): the current password is checked as a step-up is, the change is audited. In an
/// enforced team store it is the database role's password (and ends a first password's expiry).
class ChangePasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangePasswordDialog)

public:
    struct Result
    {
        bool ok = false;
        QString error;
    };

    /// note: shown above the fields (e.g. when a first password stops working); may be empty.
    ChangePasswordDialog(PasswordChange change, const Operator& op, const QString& note,
                         QWidget* parent = nullptr);

signals:
    void changed();

private:
    void updateWidgets();
    void submit();
    void onFinished();

    PasswordChange m_change;
    Operator m_operator;
    QLineEdit* m_current;
    QLineEdit* m_new;
    QLineEdit* m_confirm;
    QLabel* m_rule;
    QLabel* m_message;
    QPushButton* m_ok;
    QFutureWatcher<Result>* m_watcher;
};
