// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/OperatorService.h"

#include <QDateTime>
#include <QObject>
#include <functional>

class QMainWindow;
class QTimer;

/// Locks a console window after the policy's idle time (session.idle_lock_minutes): the window's
/// content is hidden and its menus disabled until the signed-in operator types their password again
/// (PresenceDialog), or signs out. Activity is any key, click, wheel or mouse move in the application.
/// Locking and unlocking are audited ("session-locked", "unlocked").
class SessionLock final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionLock)

public:
    using Clock = std::function<QDateTime()>;

    /// window is not owned (nor the store of `operators`, which must outlive the lock); the lock is the
    /// window's child.
    SessionLock(QMainWindow* window, OperatorService operators, const Operator& op);
    ~SessionLock() override;

    /// The time source (tests inject one); the current time by default.
    void setClock(Clock clock);
    bool isLocked() const { return m_locked; }
    /// Locks when the console has been idle for the policy's time; the timer calls it.
    void check();
    void lock();

signals:
    void lockedChanged(bool locked);
    void signOutRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void unlock();

    QMainWindow* m_window;
    OperatorService m_operators;
    Operator m_operator;
    Clock m_clock;
    QDateTime m_lastActivity;
    QTimer* m_timer;
    bool m_locked = false;
};
