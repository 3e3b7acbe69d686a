// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClientRateLimiter.h"

#include <QTimer>
#include <algorithm>
#include <vector>

ClientRateLimiter::ClientRateLimiter(int limit, int windowMs, QObject* parent)
    : QObject(parent)
    , m_limit(qMax(1, limit))
    , m_windowMs(qMax(1, windowMs))
    // Slots are counted from the answer, which the server sent after it counted the request: the
    // margin only covers timer slack and the server's own clock granularity.
    , m_marginMs(qMax(10, m_windowMs / 500))
    // A thirtieth of the limit (2 of 60 a minute) keeps a search possible during a job, and costs the
    // job about 3 % of its pace.
    , m_reserve(m_limit > 1 ? qMax(1, m_limit / 30) : 0)
    , m_timer(new QTimer(this))
{
    m_clock.start();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % late on every wait
    connect(m_timer, &QTimer::timeout, this, &ClientRateLimiter::startReady);
}

ClientRateLimiter::~ClientRateLimiter() = default;

int ClientRateLimiter::capacity(Priority priority) const
{
    return priority == Priority::Interactive ? m_limit : m_limit - m_reserve;
}

void ClientRateLimiter::forget(qint64 now)
{
    while (!m_answered.empty() && m_answered.front() + slotMs() <= now)
        m_answered.pop_front();
}

int ClientRateLimiter::available(Priority priority)
{
    forget(m_clock.elapsed());
    if (pausedMs() > 0)
        return 0;
    return qMax(0, capacity(priority) - held());
}

int ClientRateLimiter::pausedMs() const
{
    return int(qMax<qint64>(0, m_pausedUntilMs - m_clock.elapsed()));
}

int ClientRateLimiter::waitMsFor(Priority priority, int n)
{
    const qint64 now = m_clock.elapsed();
    forget(now);
    const int cap = capacity(priority);
    if (cap <= 0 || n <= 0)
        return pausedMs();
    // Start k (1-based, from now) may go once the slot `cap` places before it is free. The slots held
    // now are freed in the order answered ++ in flight (taken as answered now), followed by those of
    // the earlier of these k (taken as answered at once).
    const int answered = int(m_answered.size());
    const int heldNow = held();
    std::vector<qint64> future;
    future.reserve(size_t(n));
    qint64 at = now;
    for (int k = 1; k <= n; ++k) {
        const int blocker = heldNow + k - 1 - cap; // index into held ++ future
        at = now;
        if (blocker >= 0) {
            const qint64 answeredAt = blocker < answered  ? m_answered.at(size_t(blocker))
                                      : blocker < heldNow ? now
                                                          : future.at(size_t(blocker - heldNow));
            at = qMax(now, answeredAt + slotMs());
        }
        future.push_back(at);
    }
    return qMax(int(at - now), pausedMs());
}

quint64 ClientRateLimiter::acquire(QObject* context, std::function<void()> start, Priority priority,
                                   bool first, int* estimatedWaitMs)
{
    Waiter waiter;
    waiter.ticket = m_nextTicket++;
    waiter.context = context;
    waiter.start = std::move(start);
    const quint64 ticket = waiter.ticket;
    std::deque<Waiter>& queue = priority == Priority::Interactive ? m_interactive : m_background;
    if (first)
        queue.push_front(std::move(waiter));
    else
        queue.push_back(std::move(waiter));
    if (estimatedWaitMs) {
        // Interactive requests go ahead of background ones.
        int position = first ? 1 : int(queue.size());
        if (priority == Priority::Background)
            position += int(m_interactive.size());
        *estimatedWaitMs = waitMsFor(priority, position);
    }
    schedule();
    return ticket;
}

bool ClientRateLimiter::cancel(quint64 ticket)
{
    for (std::deque<Waiter>* queue : {&m_interactive, &m_background}) {
        for (auto it = queue->begin(); it != queue->end(); ++it) {
            if (it->ticket == ticket) {
                queue->erase(it);
                schedule();
                return true;
            }
        }
    }
    return false;
}

void ClientRateLimiter::done(quint64 ticket)
{
    if (!m_inFlight.remove(ticket))
        return;
    m_answered.push_back(m_clock.elapsed());
    schedule();
}

void ClientRateLimiter::observeRemaining(int remaining)
{
    if (remaining < 0)
        return;
    const qint64 now = m_clock.elapsed();
    forget(now);
    // No more than `remaining` may start until the server's window moves on. The slots that takes
    // beyond those this client holds were used elsewhere (another console on the same key, or a
    // server limit below ours) at times we do not know: taken as spread evenly over the last window,
    // so they free up one by one over the next.
    const int others = (m_limit - qMin(remaining, m_limit)) - held();
    for (int i = 1; i <= others; ++i) {
        const qint64 answeredAt = now - slotMs() + qint64(slotMs()) * i / others;
        m_answered.insert(std::upper_bound(m_answered.begin(), m_answered.end(), answeredAt), answeredAt);
    }
    schedule();
}

void ClientRateLimiter::pauseFor(int ms)
{
    if (ms <= 0)
        return;
    m_pausedUntilMs = qMax(m_pausedUntilMs, m_clock.elapsed() + ms);
    schedule();
}

void ClientRateLimiter::schedule()
{
    int wait = -1;
    if (!m_interactive.empty())
        wait = waitMsFor(Priority::Interactive, 1);
    if (!m_background.empty()) {
        const int background = waitMsFor(Priority::Background, 1);
        wait = wait < 0 ? background : qMin(wait, background);
    }
    if (wait < 0) {
        m_timer->stop();
        return;
    }
    // Even a request that may go at once starts from the event loop, never inside acquire().
    if (!m_timer->isActive() || m_timer->remainingTime() > wait)
        m_timer->start(wait);
}

bool ClientRateLimiter::startNext(std::deque<Waiter>& queue, Priority priority)
{
    if (queue.empty() || available(priority) <= 0)
        return false;
    Waiter waiter = std::move(queue.front());
    queue.pop_front();
    if (!waiter.context)
        return true; // its owner is gone: it costs no slot
    m_inFlight.insert(waiter.ticket);
    waiter.start();
    return true;
}

void ClientRateLimiter::startReady()
{
    while (startNext(m_interactive, Priority::Interactive)) {
    }
    while (m_interactive.empty() && startNext(m_background, Priority::Background)) {
    }
    schedule();
}
