// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// Names the process that sends an action or runs a bulk job, as stored beside it:
/// "host:pid:start:machine", where start identifies that process's start (on Linux the boot id and
/// the start time, in clock ticks since boot; on Windows its creation time from GetProcessTimes) and
/// machine is derived from the machine's unique id (QSysInfo::machineUniqueId()), so that two machines
/// sharing a host name are told apart. A pid reused later, after a reboot or by another program, then
/// no longer passes for the console that wrote the token. Tokens written without a start or a machine
/// ("host:pid", "host:pid:start", by older consoles or where the system does not tell) are still read.
class SenderToken
{
public:
    /// This process's token.
    static QString current();
    /// The token of process pid on this machine, as that process's current() reads it.
    static QString forProcess(qint64 pid);
    /// "host:pid", for people: the start is only for telling processes apart.
    static QString display(const QString& token);
    /// Whether token names a process on this machine.
    static bool onThisHost(const QString& token);
    /// For a token of this machine: whether the very process it names still runs; std::nullopt
    /// when this system cannot tell (then the caller goes by how recently that sender was heard from).
    static std::optional<bool> processAlive(const QString& token);
};
