// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Header-only helpers of the benchmark executables (not product code).

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>
#include <cstdio>
#include <ctime>

namespace BenchProbe {
/// Wall clock in ns: the runner passes its own reading (--t0) taken just before starting a process.
inline qint64 nowNs()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return qint64(t.tv_sec) * 1000000000LL + t.tv_nsec;
}

inline void print(const char* key, double value)
{
    std::printf("%s %.3f\n", key, value);
    std::fflush(stdout);
}

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

/// Prints "shown_ms" (since t0) once the first paint of the widget has been delivered, then
/// "rss_kib" after a second of idle event loop, then quits the application.
class StartProbe final : public QObject
{
public:
    StartProbe(QWidget* widget, qint64 t0)
        : QObject(widget)
        , m_t0(t0)
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            QTimer::singleShot(0, this, [this] {
                print("shown_ms", double(nowNs() - m_t0) / 1e6);
                QTimer::singleShot(1000, this, [] {
                    print("rss_kib", double(residentKib()));
                    QCoreApplication::quit();
                });
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    qint64 m_t0;
    bool m_done = false;
};

/// The --t0 argument (ns), or now.
inline qint64 startTime(const QStringList& arguments)
{
    const qsizetype i = arguments.indexOf(QStringLiteral("--t0"));
    return i >= 0 && i + 1 < arguments.size() ? arguments.at(i + 1).toLongLong() : nowNs();
}
} // namespace BenchProbe
