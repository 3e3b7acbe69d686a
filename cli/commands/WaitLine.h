// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/HttpWaitObserver.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QSet>

class QTimer;

/// The CLI's account of every wait on stderr (installed as the process's HttpWaitObserver by main()):
/// on a terminal one line, redrawn in place as the seconds pass and cleared when the wait is over;
/// otherwise one line per wait (a log is not flooded with a line a second).
class WaitLine final : public QObject, public HttpWaitObserver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaitLine)

public:
    explicit WaitLine(QObject* parent = nullptr);
    ~WaitLine() override;

    void waiting(const HttpWait& wait) override;
    /// Takes the line off the terminal (call before printing anything else).
    void clear();
    /// The installed WaitLine, if main() installed one.
    static WaitLine* installed();

private:
    void draw();
    void print(const QString& text, bool inPlace);

    bool m_terminal = false;
    bool m_drawn = false;        ///< a line without its newline is on the terminal
    quint64 m_request = 0;       ///< whose wait the line shows (0: one told by an action's ticket)
    HttpWait m_wait;             ///< what it shows
    QDeadlineTimer m_until;      ///< RateLimit, Retry: when the next attempt goes
    QSet<QString> m_printedOnce; ///< not a terminal: the waits already given their line
    QTimer* m_tick;
};
