// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <deque>
#include <functional>

class QTimer;

/// The console's own request limit for one provider key (one HttpClient), so that the client stays
/// under the provider's limit instead of running into 429s. It never blocks: a request that may not
/// start yet waits in a first-in, first-out queue and is started from a timer.
///
/// It is a sliding log: a request holds its slot from its start until a whole window (and a small
/// margin) after it was answered, and a request starts only while fewer than `limit` slots are held.
/// The server received a request before it answered, so two requests that share a slot always reach
/// it more than a window apart, however long they queued for a connection on the way: a provider
/// that counts in a rolling window (Laravel's throttle, the sandbox) or in fixed windows is never
/// exceeded by this client alone, and a long job still runs at the full rate. Background work (bulk jobs)
/// leaves `reserve()` requests of every window to interactive work, whose requests also go ahead of it in the
/// queue: a search stays responsive while a job saturates the limit. It follows what the server says:
/// `x-ratelimit-remaining` counts the requests of other consoles using the same key, a 429's Retry-After
/// pauses everyone until then.
///
/// (Named ClientRateLimiter: the sandbox has a RateLimiter of its own, and tests link both.)
class ClientRateLimiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientRateLimiter)

public:
    enum class Priority
    {
        Interactive, ///< a person waits for it
        Background,  ///< a bulk job's row
    };

    /// At most `limit` requests per `windowMs` (limit >= 1).
    explicit ClientRateLimiter(int limit, int windowMs = 60000, QObject* parent = nullptr);
    ~ClientRateLimiter() override;

    int limit() const { return m_limit; }
    int windowMs() const { return m_windowMs; }
    /// Requests of every window that background work leaves to interactive work.
    int reserve() const { return m_reserve; }
    /// How long after an answer its slot is free again: the window and a margin for timer slack.
    int slotMs() const { return m_windowMs + m_marginMs; }

    /// Queues a request: `start` runs once it may be sent (never synchronously inside acquire()),
    /// unless `context` is gone by then or the ticket was cancelled. `first` puts it at the head of
    /// its queue (a retry keeps its place). Returns a ticket for cancel(); *estimatedWaitMs (if
    /// given) is how long it will probably wait, 0 when it can go at once.
    quint64 acquire(QObject* context, std::function<void()> start, Priority priority = Priority::Interactive,
                    bool first = false, int* estimatedWaitMs = nullptr);
    /// Takes a queued request out; false when it has already started (or never existed).
    bool cancel(quint64 ticket);
    /// The started request of this ticket was answered (or given up): its slot is free a window from now.
    void done(quint64 ticket);
    /// The server's `x-ratelimit-remaining`: what it has counted beyond this client's own requests
    /// (another console on the same key) is taken as used, spread over the last window.
    void observeRemaining(int remaining);
    /// The server refused with 429: nobody starts before `ms` have passed (Retry-After).
    void pauseFor(int ms);

    /// Requests waiting to start.
    int queued() const { return int(m_interactive.size() + m_background.size()); }
    /// Requests started and not yet done().
    int inFlight() const { return int(m_inFlight.size()); }
    /// Requests of this priority that may start now.
    int available(Priority priority = Priority::Interactive);
    /// Milliseconds until the pause a 429 asked for is over (0 when not paused).
    int pausedMs() const;

private:
    struct Waiter
    {
        quint64 ticket = 0;
        QPointer<QObject> context;
        std::function<void()> start;
    };

    int capacity(Priority priority) const;
    void forget(qint64 now);
    /// Milliseconds until the n-th (1-based) request of this priority, counted from now, may start.
    int waitMsFor(Priority priority, int n);
    bool startNext(std::deque<Waiter>& queue, Priority priority);
    int held() const { return int(m_answered.size() + m_inFlight.size()); }
    void schedule();
    void startReady();

    int m_limit;
    int m_windowMs;
    int m_marginMs;
    int m_reserve;
    qint64 m_pausedUntilMs = 0;
    quint64 m_nextTicket = 1;
    std::deque<qint64> m_answered; ///< ascending: when the requests still holding a slot were answered
    QSet<quint64> m_inFlight;      ///< tickets started and not yet answered
    std::deque<Waiter> m_interactive;
    std::deque<Waiter> m_background;
    QElapsedTimer m_clock;
    QTimer* m_timer;
};
