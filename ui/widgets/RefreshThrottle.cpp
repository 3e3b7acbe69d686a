// SPDX-License-Identifier: GPL-3.0-or-later
#include "RefreshThrottle.h"

#include <QTimer>

RefreshThrottle::RefreshThrottle(int intervalMs, std::function<void()> refresh, QObject* parent)
    : QObject(parent)
    , m_refresh(std::move(refresh))
    , m_quiet(new QTimer(this))
{
    m_quiet->setSingleShot(true);
    m_quiet->setInterval(intervalMs);
    connect(m_quiet, &QTimer::timeout, this, &RefreshThrottle::quietPeriodOver);
}

void RefreshThrottle::trigger()
{
    if (m_quiet->isActive()) {
        m_pending = true;
        return;
    }
    m_refresh();
    m_quiet->start();
}

void RefreshThrottle::quietPeriodOver()
{
    if (!m_pending)
        return;
    m_pending = false;
    m_refresh();
    m_quiet->start();
}
