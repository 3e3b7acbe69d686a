// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>

namespace {
// libpq options a store URL may carry; anything else (notably "password") is refused.
// "hostaddr" connects to an address while the certificate is checked against the URL's host name.
const char* const kAllowedOptions[] = {"sslmode",  "sslrootcert",     "sslcert",
                                       "sslkey",   "sslcrl",          "host",
                                       "hostaddr", "connect_timeout", "application_name"};

/// Whether every host of a libpq host list ("a,b", a socket folder, a name or an address) is on this
/// computer. An empty entry is libpq's default, the local socket.
bool onThisComputer(const QString& hosts)
{
    for (const QString& host : hosts.split(QLatin1Char(','))) {
        const QString h = host.trimmed();
        if (h.isEmpty() || h.startsWith(QLatin1Char('/')) ||
            h.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
            continue;
        const QHostAddress address(h);
        if (address.isNull() || !address.isLoopback())
            return false;
    }
    return true;
}

bool setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

// libpq conninfo quoting: 'value' with \ and ' escaped. Qt turns ';' into ' ', so ';' is refused earlier.
QString conninfoValue(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}
} // namespace

QString StoreUrl::defaultSqlitePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QLatin1String("/identitydesk.sqlite");
}

std::optional<StoreUrl> StoreUrl::parse(const QString& url, QString* error)
{
    const QString text = url.trimmed();
    if (text.isEmpty() || text.compare(QLatin1String("sqlite:"), Qt::CaseInsensitive) == 0) {
        StoreUrl result;
        result.m_sqlitePath = QFileInfo(defaultSqlitePath()).absoluteFilePath();
        return result;
    }
    if (text.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        QString path = text.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path
        if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
            path = QDir::homePath() + path.mid(1);
        if (path.isEmpty() || QFileInfo(path).fileName().isEmpty()) {
            setError(error,
                     tr("The store URL “%1” names a folder, not a file. Use sqlite:PATH/identitydesk.sqlite.")
                         .arg(text));
            return std::nullopt;
        }
        StoreUrl result;
        result.m_sqlitePath = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        return result;
    }
    if (text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
        text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive))
        return parsePostgresql(text, error);
    setError(error, tr("Unknown store URL “%1”. Use sqlite:PATH or postgresql://user@host:port/dbname.")
                        .arg(QUrl(text).toDisplayString(QUrl::RemovePassword)));
    return std::nullopt;
}

std::optional<StoreUrl> StoreUrl::parsePostgresql(const QString& text, QString* error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString shown = url.isValid() ? url.toDisplayString(QUrl::RemovePassword | QUrl::RemoveQuery)
                                        : QStringLiteral("postgresql://…");
    if (!url.isValid()) {
        // QUrl::errorString() quotes the whole URL, password included: not shown.
        setError(error, tr("The store URL %1 is not a valid URL. Use postgresql://user:password@host:port/"
                           "dbname and percent-encode special characters in the password.")
                            .arg(shown));
        return std::nullopt;
    }
    StoreUrl result;
    result.m_backend = Backend::Postgresql;
    result.m_host = url.host(QUrl::FullyDecoded);
    result.m_port = url.port(5432);
    result.m_userName = url.userName(QUrl::FullyDecoded);
    result.m_password = url.password(QUrl::FullyDecoded);
    QString db = url.path(QUrl::FullyDecoded);
    if (db.startsWith(QLatin1Char('/')))
        db.remove(0, 1);
    if (db.isEmpty() || db.contains(QLatin1Char('/'))) {
        setError(
            error,
            tr("The store URL %1 needs one database name: postgresql://user@host:port/DBNAME.").arg(shown));
        return std::nullopt;
    }
    result.m_databaseName = db;

    QStringList options;
    QString sslMode;
    // Where libpq will connect: the URL's host and every host or hostaddr option (the last of each
    // wins in libpq, so all are judged), for the TLS rule below.
    QStringList destinations{url.host(QUrl::FullyDecoded)};
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        bool allowed = false;
        for (const char* name : kAllowedOptions)
            allowed = allowed || key == QLatin1String(name);
        if (!allowed) {
            QStringList names;
            for (const char* name : kAllowedOptions)
                names << QString::fromLatin1(name);
            setError(error, tr("The store URL %1 has the option “%2”, which IdentityDesk does not pass on. "
                               "Supported: %3. Put a password in the URL's user part or in ~/.pgpass.")
                                .arg(shown, key, names.join(QLatin1String(", "))));
            return std::nullopt;
        }
        if (value.contains(QLatin1Char(';'))) {
            setError(error, tr("The store URL option “%1” must not contain “;”.").arg(key));
            return std::nullopt;
        }
        if (key == QLatin1String("sslmode"))
            sslMode = value;
        if (key == QLatin1String("host") || key == QLatin1String("hostaddr"))
            destinations << value;
        if (key == QLatin1String("host") && result.m_host.isEmpty())
            result.m_host = value; // a socket folder: postgresql:///db?host=/var/run/postgresql
        else
            options << key + QLatin1Char('=') + conninfoValue(value);
    }
    // TLS to any server that is not on this computer, with its certificate and host name checked:
    // libpq's default ("prefer") checks no certificate and falls back to plain text.
    const auto away = std::find_if_not(destinations.cbegin(), destinations.cend(), onThisComputer);
    if (away != destinations.cend()) {
        const QString host = *away;
        if (sslMode.isEmpty()) {
            options << QStringLiteral("sslmode='verify-full'");
        } else if (sslMode == QLatin1String("verify-ca")) {
            setError(error,
                     tr("The store URL %1 checks the server's certificate but not that it was issued to %2 "
                        "(sslmode=verify-ca), so another server with a certificate from the same CA could "
                        "stand in for it. Leave sslmode out (IdentityDesk uses verify-full). Nothing was "
                        "written.")
                         .arg(shown, host));
            return std::nullopt;
        } else if (sslMode != QLatin1String("verify-full")) {
            setError(error,
                     tr("The store URL %1 connects to %2 without checking the server's certificate "
                        "(sslmode=%3), so anyone on the way could read or change what is stored. Leave "
                        "sslmode out (IdentityDesk uses verify-full) and give the server's CA with "
                        "?sslrootcert=FILE. Nothing was written.")
                         .arg(shown, host, sslMode));
            return std::nullopt;
        }
    }
    result.m_connectOptions = options.join(QLatin1Char(';'));
    return result;
}

QString StoreUrl::toDisplayString() const
{
    if (m_backend == Backend::Sqlite)
        return QLatin1String("sqlite:") + m_sqlitePath;
    QString text = QStringLiteral("postgresql://");
    if (!m_userName.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(m_userName)) + QLatin1Char('@');
    if (m_host.startsWith(QLatin1Char('/')))
        return text + QLatin1Char('/') + m_databaseName + QLatin1String("?host=") + m_host;
    text += m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    if (!m_host.isEmpty())
        text += QLatin1Char(':') + QString::number(m_port);
    return text + QLatin1Char('/') + m_databaseName;
}
