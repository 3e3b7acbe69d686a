// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

/// For smoke tests of an installed package: ends the application (exit code 0) a given time after
/// its first window was shown, and prints that window's title.
class SmokeQuit final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmokeQuit)

public:
    SmokeQuit(int delayMs, QObject* parent);
    ~SmokeQuit() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int m_delayMs;
    bool m_armed = false;
};
