// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>
#include <deque>

/// Rolling-window request limit (like Laravel's throttle): rejected requests do not count.
class RateLimiter final
{
public:
    struct Decision
    {
        bool allowed = true;
        int limit = 0;
        int remaining = 0;
        int retryAfterSeconds = 0; ///< set when not allowed
        /// Seconds until another request would be allowed: set when not allowed, and when this one
        /// took the last place of the window (remaining == 0); 0 otherwise.
        int resetInSeconds = 0;
    };

    explicit RateLimiter(int limit, qint64 windowMs = 60000);

    /// Counts a request arriving at `nowMs` (any monotonic clock) if the limit allows it.
    Decision hit(qint64 nowMs);
    int limit() const { return m_limit; }

private:
    int m_limit;
    qint64 m_windowMs;
    std::deque<qint64> m_hits;
};
