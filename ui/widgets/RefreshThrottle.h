// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <functional>

class QTimer;

/// Coalesces bursts of "something changed" into few refreshes: the first trigger refreshes at once,
/// further triggers within the interval refresh once at its end. A bulk job changes thousands of
/// actions; a view that reads the store again on each would stall the GUI.
class RefreshThrottle final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefreshThrottle)

public:
    RefreshThrottle(int intervalMs, std::function<void()> refresh, QObject* parent);

    void trigger();

private:
    void quietPeriodOver();

    std::function<void()> m_refresh;
    QTimer* m_quiet;
    bool m_pending = false;
};
