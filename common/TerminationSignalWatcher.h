// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal (self-pipe: the handler only writes one byte to a
/// socket pair read by a QSocketNotifier). One instance at a time; a no-op where there are no
/// POSIX signals. Deleting it restores the previous handlers. Used by the sandbox (to stop cleanly)
/// and by the CLI (Ctrl-C pauses a running bulk job instead of killing it).
class TerminationSignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignalWatcher)

public:
    explicit TerminationSignalWatcher(QObject* parent = nullptr);
    ~TerminationSignalWatcher() override;

    /// False when the handlers could not be installed.
    bool isActive() const { return m_notifier != nullptr; }

signals:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier* m_notifier = nullptr;
};
