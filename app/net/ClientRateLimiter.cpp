// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClientRateLimiter.h"

#include <QTimer>
#include <cmath>

namespace {
constexpr double kJitterMargin = 1.05;
} // namespace

ClientRateLimiter::ClientRateLimiter(int limit, int windowMs, int burst, QObject* parent)
    : QObject(parent)
    , m_limit(qMax(1, limit))
    , m_windowMs(qMax(1, windowMs))
    , m_burst(burst > 0 ? qMin(burst, m_limit) : qMax(1, m_limit / 5))
    , m_timer(new QTimer(this))
{
    // Refilling (limit - burst) per window keeps every window at or under `limit`; a bucket as big
    // as the limit itself refills at the full rate. The window is stretched by 5 % because requests
    // reach the server with uneven delays (connection queues, TLS handshakes): starts a window apart
    // may arrive a little less than a window apart.
    const int refillPerWindow = m_limit > m_burst ? m_limit - m_burst : m_limit;
    m_ratePerMs = double(refillPerWindow) / (double(m_windowMs) * kJitterMargin);
    m_tokens = m_burst;
    m_clock.start();
    m_lastRefillMs = m_clock.elapsed();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % late on every wait
    connect(m_timer, &QTimer::timeout, this, &ClientRateLimiter::release);
}

ClientRateLimiter::~ClientRateLimiter() = default;

void ClientRateLimiter::refill()
{
    const qint64 now = m_clock.elapsed();
    if (now > m_lastRefillMs) {
        m_tokens = qMin(double(m_burst), m_tokens + double(now - m_lastRefillMs) * m_ratePerMs);
        m_lastRefillMs = now;
    }
}

double ClientRateLimiter::tokens()
{
    refill();
    return m_tokens;
}

int ClientRateLimiter::pausedMs() const
{
    return int(qMax<qint64>(0, m_pausedUntilMs - m_clock.elapsed()));
}

int ClientRateLimiter::waitMsFor(int position)
{
    refill();
    const double missing = double(position) - m_tokens;
    const int forTokens = missing <= 0 ? 0 : int(std::ceil(missing / m_ratePerMs));
    return qMax(forTokens, pausedMs());
}

quint64 ClientRateLimiter::acquire(QObject* context, std::function<void()> start, bool first,
                                   int* estimatedWaitMs)
{
    Waiter waiter;
    waiter.ticket = m_nextTicket++;
    waiter.context = context;
    waiter.start = std::move(start);
    const quint64 ticket = waiter.ticket;
    if (first)
        m_queue.push_front(std::move(waiter));
    else
        m_queue.push_back(std::move(waiter));
    if (estimatedWaitMs)
        *estimatedWaitMs = waitMsFor(first ? 1 : int(m_queue.size()));
    schedule();
    return ticket;
}

bool ClientRateLimiter::cancel(quint64 ticket)
{
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->ticket == ticket) {
            m_queue.erase(it);
            schedule();
            return true;
        }
    }
    return false;
}

void ClientRateLimiter::observeRemaining(int remaining)
{
    if (remaining < 0)
        return;
    refill();
    // The server counts requests from every console using this key: it knows better than we do.
    if (m_tokens > remaining)
        m_tokens = remaining;
    schedule();
}

void ClientRateLimiter::pauseFor(int ms)
{
    if (ms <= 0)
        return;
    m_pausedUntilMs = qMax(m_pausedUntilMs, m_clock.elapsed() + ms);
    refill();
    m_tokens = qMin(m_tokens, 1.0); // after the pause, start again gently
    schedule();
}

void ClientRateLimiter::schedule()
{
    if (m_queue.empty()) {
        m_timer->stop();
        return;
    }
    // Even a request that may go at once starts from the event loop, never inside acquire().
    const int wait = waitMsFor(1);
    if (!m_timer->isActive() || m_timer->remainingTime() > wait)
        m_timer->start(wait);
}

void ClientRateLimiter::release()
{
    refill();
    while (!m_queue.empty() && pausedMs() == 0 && m_tokens >= 1.0) {
        Waiter waiter = std::move(m_queue.front());
        m_queue.pop_front();
        if (!waiter.context)
            continue; // its owner is gone: it costs no token
        m_tokens -= 1.0;
        waiter.start();
    }
    schedule();
}
