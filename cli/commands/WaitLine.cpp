// SPDX-License-Identifier: GPL-3.0-or-later
#include "WaitLine.h"

#include "WaitNotice.h"

#include <QTimer>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

WaitLine::WaitLine(QObject* parent)
    : QObject(parent)
    , m_tick(new QTimer(this))
{
#ifdef Q_OS_UNIX
    m_terminal = ::isatty(STDERR_FILENO);
#endif
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &WaitLine::draw);
}

WaitLine::~WaitLine()
{
    clear();
}

WaitLine* WaitLine::installed()
{
    return dynamic_cast<WaitLine*>(HttpWaitObserver::installed());
}

void WaitLine::waiting(const HttpWait& wait)
{
    if (wait.kind == HttpWait::Kind::Over) {
        if (wait.request == m_request || m_request == 0)
            clear();
        return;
    }
    m_request = wait.request;
    m_wait = wait;
    if (wait.kind != HttpWait::Kind::NoAnswerYet)
        m_until = QDeadlineTimer(wait.delayMs);
    if (!m_terminal) {
        // One line per wait: the first "no answer yet" of an attempt, each rate-limit or retry wait.
        const QString key =
            QStringLiteral("%1/%2/%3").arg(wait.request).arg(wait.attempt).arg(int(wait.kind));
        if (wait.request != 0 && m_printedOnce.contains(key))
            return;
        m_printedOnce.insert(key);
        print(wait.kind == HttpWait::Kind::NoAnswerYet ? WaitNotice::stillWaiting(wait.provider, -1)
                                                       : WaitNotice::text(wait.delayMs, wait.reason),
              false);
        return;
    }
    draw();
    // A rate-limit or retry countdown moves by itself; "no answer yet" is told again each second.
    if (wait.kind == HttpWait::Kind::NoAnswerYet)
        m_tick->stop();
    else
        m_tick->start();
}

void WaitLine::draw()
{
    if (m_wait.kind == HttpWait::Kind::NoAnswerYet) {
        print(WaitNotice::stillWaiting(m_wait.provider, m_wait.elapsedMs), true);
        return;
    }
    const int left = int(m_until.remainingTime());
    print(WaitNotice::text(left, m_wait.reason), true);
    if (left <= 0)
        m_tick->stop();
}

void WaitLine::print(const QString& text, bool inPlace)
{
    const QByteArray line = (inPlace ? QByteArray("\r\033[K") : QByteArray()) +
                            "identitydesk-cli: " + text.toLocal8Bit() +
                            (inPlace ? QByteArray() : QByteArray("\n"));
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
    m_drawn = inPlace;
}

void WaitLine::clear()
{
    m_tick->stop();
    m_request = 0;
    if (!m_drawn)
        return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_drawn = false;
}
