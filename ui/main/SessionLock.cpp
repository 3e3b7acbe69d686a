// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionLock.h"

#include "dialogs/PresenceDialog.h"
#include "services/PresenceCheck.h"

#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>

namespace {
constexpr int kCheckIntervalMs = 15 * 1000;
}

SessionLock::SessionLock(QMainWindow* window, OperatorService operators, const Operator& op)
    : QObject(window)
    , m_window(window)
    , m_operators(operators)
    , m_operator(op)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("sessionLock"));
    m_lastActivity = m_clock();
    qApp->installEventFilter(this);
    connect(m_timer, &QTimer::timeout, this, &SessionLock::check);
    m_timer->start(kCheckIntervalMs);
}

SessionLock::~SessionLock()
{
    qApp->removeEventFilter(this);
}

void SessionLock::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_lastActivity = m_clock();
}

bool SessionLock::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        if (!m_locked)
            m_lastActivity = m_clock();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void SessionLock::check()
{
    if (m_locked)
        return;
    if (m_lastActivity.secsTo(m_clock()) >= 60LL * m_operators.idleLockMinutes())
        lock();
}

void SessionLock::lock()
{
    if (m_locked)
        return;
    m_locked = true;
    QString error;
    m_operators.recordLocked(m_operator, &error); // the lock holds even when it cannot be recorded
    if (QWidget* content = m_window->centralWidget())
        content->hide();
    m_window->menuBar()->setEnabled(false);
    emit lockedChanged(true);

    auto* dialog = new PresenceDialog(
        m_operators.presenceCheck(), m_operator, OperatorService::Presence::Unlock,
        tr("IdentityDesk locked itself after the idle time the policy sets. Type your password to go on, or "
           "sign out."),
        m_window);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &PresenceDialog::confirmed, this, &SessionLock::unlock);
    connect(dialog, &PresenceDialog::signOutRequested, this, &SessionLock::signOutRequested);
    dialog->open();
}

void SessionLock::unlock()
{
    m_locked = false;
    m_lastActivity = m_clock();
    if (QWidget* content = m_window->centralWidget())
        content->show();
    m_window->menuBar()->setEnabled(true);
    emit lockedChanged(false);
}
