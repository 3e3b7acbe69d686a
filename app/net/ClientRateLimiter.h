// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <deque>
#include <functional>

class QTimer;

/// The console's own request limit for one provider key (one HttpClient): a token bucket that keeps
/// the client under the provider's limit instead of running into 429s. It never blocks: a request
/// that finds no token waits in a first-in, first-out queue and is started from a timer. It also
/// follows what the server says: `x-ratelimit-remaining` caps the tokens, a 429's Retry-After pauses
/// everyone until then.
///
/// A bucket of `burst` tokens refilled at (limit - burst) per window (stretched by 5 % for network
/// jitter) never lets more than `limit` requests start within any window, so a provider that counts
/// in a rolling window (Laravel's throttle) is not exceeded by this client alone.
///
/// (Named ClientRateLimiter: the sandbox has a RateLimiter of its own, and tests link both.)
class ClientRateLimiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientRateLimiter)

public:
    /// At most `limit` requests per `windowMs` (limit >= 1). `burst` <= 0: a fifth of the limit, at least 1.
    explicit ClientRateLimiter(int limit, int windowMs = 60000, int burst = 0, QObject* parent = nullptr);
    ~ClientRateLimiter() override;

    int limit() const { return m_limit; }
    int windowMs() const { return m_windowMs; }
    int burst() const { return m_burst; }

    /// Queues a request: `start` runs once it may be sent (never synchronously inside acquire()),
    /// unless `context` is gone by then or the ticket was cancelled. `first` puts it at the head of
    /// the queue (a retry keeps its place). Returns a ticket for cancel(); *estimatedWaitMs (if
    /// given) is how long it will probably wait, 0 when it can go at once.
    quint64 acquire(QObject* context, std::function<void()> start, bool first = false,
                    int* estimatedWaitMs = nullptr);
    /// Takes a queued request out; false when it has already started (or never existed).
    bool cancel(quint64 ticket);
    /// The server's `x-ratelimit-remaining`: never hold more tokens than it still allows.
    void observeRemaining(int remaining);
    /// The server refused with 429: nobody starts before `ms` have passed (Retry-After).
    void pauseFor(int ms);

    /// Requests waiting for a token.
    int queued() const { return int(m_queue.size()); }
    /// Tokens available now (fractional while refilling).
    double tokens();
    /// Milliseconds until the pause a 429 asked for is over (0 when not paused).
    int pausedMs() const;

private:
    struct Waiter
    {
        quint64 ticket = 0;
        QPointer<QObject> context;
        std::function<void()> start;
    };

    void refill();
    void schedule();
    void release();
    int waitMsFor(int position);

    int m_limit;
    int m_windowMs;
    int m_burst;
    double m_ratePerMs;
    double m_tokens;
    qint64 m_lastRefillMs = 0;
    qint64 m_pausedUntilMs = 0;
    quint64 m_nextTicket = 1;
    std::deque<Waiter> m_queue;
    QElapsedTimer m_clock;
    QTimer* m_timer;
};
