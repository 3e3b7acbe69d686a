// SPDX-License-Identifier: GPL-3.0-or-later
#include "SenderToken.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHostInfo>
#include <QStringList>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif
#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace {
struct Parts
{
    QString host;
    qint64 pid = 0;
    QString start;
    QString machine;
};

Parts parse(const QString& token)
{
    // A host name holds no ':'; a token of an older console ends after the pid or the start.
    const QStringList fields = token.split(QLatin1Char(':'));
    Parts p;
    if (fields.size() < 2 || fields.size() > 4)
        return p;
    p.host = fields.at(0);
    p.pid = fields.at(1).toLongLong();
    if (fields.size() >= 3)
        p.start = fields.at(2);
    if (fields.size() == 4)
        p.machine = fields.at(3);
    return p;
}

/// This machine's id (QSysInfo::machineUniqueId(): /etc/machine-id, the Windows MachineGuid, the Mac's
/// platform UUID), as the first 16 hex digits of its SHA-256: two machines that share a host name are
/// still told apart. Empty where the system has none.
QString machineId()
{
    static const QString id = [] {
        const QByteArray raw = QSysInfo::machineUniqueId();
        return raw.isEmpty()
                   ? QString()
                   : QString::fromLatin1(
                         QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(16));
    }();
    return id;
}

QByteArray readProcFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

#ifdef Q_OS_WIN
/// Windows: the process's creation time (GetProcessTimes, 100 ns since 1601) in hex; empty when the
/// process cannot be opened (gone, or not ours to ask).
QString startOf(qint64 pid)
{
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return QString();
    FILETIME created{}, exited{}, kernel{}, user{};
    const bool ok = ::GetProcessTimes(process, &created, &exited, &kernel, &user);
    ::CloseHandle(process);
    if (!ok)
        return QString();
    const quint64 time = (quint64(created.dwHighDateTime) << 32) | created.dwLowDateTime;
    return QStringLiteral("w") + QString::number(time, 16);
}
#else
/// Linux: the first 8 hex digits of the boot id and field 22 of /proc/<pid>/stat (the start time in
/// clock ticks since boot); empty where /proc does not tell.
QString startOf(qint64 pid)
{
    static const QByteArray boot =
        readProcFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed().left(8);
    if (boot.isEmpty() || pid <= 0)
        return QString();
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return QString();
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    constexpr int kStartTimeAfterName = 22 - 3; // field 3 (state) is the first after the name
    if (fields.size() <= kStartTimeAfterName)
        return QString();
    return QString::fromLatin1(boot + '.' + fields.at(kStartTimeAfterName));
}
#endif

QString tokenFor(qint64 pid)
{
    QString token = QHostInfo::localHostName() + QLatin1Char(':') + QString::number(pid);
    const QString start = startOf(pid);
    const QString machine = machineId();
    if (!start.isEmpty() || !machine.isEmpty())
        token += QLatin1Char(':') + start;
    if (!machine.isEmpty())
        token += QLatin1Char(':') + machine;
    return token;
}
} // namespace

QString SenderToken::current()
{
    static const QString token = tokenFor(QCoreApplication::applicationPid());
    return token;
}

QString SenderToken::forProcess(qint64 pid)
{
    return tokenFor(pid);
}

QString SenderToken::display(const QString& token)
{
    return token.section(QLatin1Char(':'), 0, 1);
}

bool SenderToken::onThisHost(const QString& token)
{
    if (token.isEmpty())
        return false;
    const Parts p = parse(token);
    // The machine id where the token has one: a host name alone is no proof (two machines may share one).
    if (!p.machine.isEmpty())
        return p.machine == machineId();
    return p.host == QHostInfo::localHostName();
}

std::optional<bool> SenderToken::processAlive(const QString& token)
{
    const Parts p = parse(token);
    if (p.pid <= 0)
        return false;
#if defined(Q_OS_UNIX)
    if (::kill(pid_t(p.pid), 0) != 0 && errno != EPERM)
        return false;
    // That pid runs; it is the same process only if it started when the token says.
    if (p.start.isEmpty())
        return true;
    const QString start = startOf(p.pid);
    return start.isEmpty() ? std::optional<bool>() : std::optional<bool>(start == p.start);
#elif defined(Q_OS_WIN)
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(p.pid));
    if (!process)
        return ::GetLastError() == ERROR_ACCESS_DENIED ? std::optional<bool>() : std::optional<bool>(false);
    DWORD code = 0;
    const bool running = ::GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    ::CloseHandle(process);
    if (!running)
        return false;
    // That pid runs; it is the same process only if it was created when the token says.
    if (p.start.isEmpty())
        return true;
    const QString start = startOf(p.pid);
    return start.isEmpty() ? std::optional<bool>() : std::optional<bool>(start == p.start);
#else
    return std::nullopt;
#endif
}
