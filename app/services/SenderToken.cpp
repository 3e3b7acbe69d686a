// SPDX-License-Identifier: GPL-3.0-or-later
#include "SenderToken.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostInfo>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace {
struct Parts
{
    QString host;
    qint64 pid = 0;
    QString start;
};

Parts parse(const QString& token)
{
    // A host name holds no ':'; a token of an older console ends after the pid.
    const QStringList fields = token.split(QLatin1Char(':'));
    Parts p;
    if (fields.size() < 2 || fields.size() > 3)
        return p;
    p.host = fields.at(0);
    p.pid = fields.at(1).toLongLong();
    if (fields.size() == 3)
        p.start = fields.at(2);
    return p;
}

QByteArray readProcFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

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

QString tokenFor(qint64 pid)
{
    QString token = QHostInfo::localHostName() + QLatin1Char(':') + QString::number(pid);
    const QString start = startOf(pid);
    if (!start.isEmpty())
        token += QLatin1Char(':') + start;
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
    return !token.isEmpty() && parse(token).host == QHostInfo::localHostName();
}

std::optional<bool> SenderToken::processAlive(const QString& token)
{
    const Parts p = parse(token);
    if (p.pid <= 0)
        return false;
#ifdef Q_OS_UNIX
    if (::kill(pid_t(p.pid), 0) != 0 && errno != EPERM)
        return false;
    // That pid runs; it is the same process only if it started when the token says.
    if (p.start.isEmpty())
        return true;
    const QString start = startOf(p.pid);
    return start.isEmpty() ? std::optional<bool>() : std::optional<bool>(start == p.start);
#else
    return std::nullopt;
#endif
}
