// SPDX-License-Identifier: GPL-3.0-or-later
#include "RateLimiter.h"

RateLimiter::RateLimiter(int limit, qint64 windowMs)
    : m_limit(qMax(1, limit))
    , m_windowMs(qMax<qint64>(1, windowMs))
{}

RateLimiter::Decision RateLimiter::hit(qint64 nowMs)
{
    while (!m_hits.empty() && m_hits.front() <= nowMs - m_windowMs)
        m_hits.pop_front();

    Decision decision;
    decision.limit = m_limit;
    if (m_hits.size() >= static_cast<size_t>(m_limit)) {
        decision.allowed = false;
        const qint64 waitMs = m_hits.front() + m_windowMs - nowMs;
        decision.retryAfterSeconds = static_cast<int>(qMax<qint64>(1, (waitMs + 999) / 1000));
        decision.resetInSeconds = decision.retryAfterSeconds;
        return decision;
    }
    m_hits.push_back(nowMs);
    decision.remaining = m_limit - static_cast<int>(m_hits.size());
    if (decision.remaining == 0) // the oldest hit leaves the window first
        decision.resetInSeconds =
            static_cast<int>(qMax<qint64>(1, (m_hits.front() + m_windowMs - nowMs + 999) / 1000));
    return decision;
}
