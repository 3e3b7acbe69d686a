// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Header-only helpers of the benchmark executables (not product code).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <cstdio>

namespace BenchProbe {
/// Resident memory of this process in KiB (VmRSS), 0 if unknown.
inline qint64 residentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

/// Prints "shown" (flushed) at the first paint of `widget`; the runner times the line from the
/// moment it started the process. Then waits `idleMs` with an idle event loop, prints "rss <KiB>"
/// and quits.
class ShownProbe final : public QObject
{
public:
    ShownProbe(QWidget* widget, int idleMs)
        : QObject(widget)
        , m_idleMs(idleMs)
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            // After this paint has been delivered.
            QTimer::singleShot(0, this, [this] {
                std::printf("shown\n");
                std::fflush(stdout);
                QTimer::singleShot(m_idleMs, this, [] {
                    std::printf("rss %lld\n", static_cast<long long>(residentKib()));
                    std::fflush(stdout);
                    QCoreApplication::quit();
                });
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    int m_idleMs;
    bool m_done = false;
};

inline void reportWhenShown(QWidget* widget, const QStringList& arguments)
{
    if (arguments.contains(QStringLiteral("--quit-when-shown")))
        new ShownProbe(widget, 1000);
}
} // namespace BenchProbe
