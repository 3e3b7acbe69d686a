// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

/// Tells when standard input reaches its end: the console that started the sandbox with a pipe on
/// its stdin has ended, however it ended (a SIGKILL or SIGTERM included), because the system closes
/// that pipe with the process. A detached thread blocks on stdin, so this works wherever stdin is a
/// pipe (no POSIX-only notifier); it is never joined, since it may be blocked when the sandbox quits.
class StdinWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StdinWatcher)

public:
    explicit StdinWatcher(QObject* parent = nullptr);

    /// Starts reading (and discarding) stdin; closed() follows its end, once.
    void start();

signals:
    void closed();
};
