// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

/// A parsed store URL (docs/architecture.md section 6): "sqlite:PATH" or
/// "postgresql://user[:password]@host[:port]/dbname"
/// ("postgres://" too), optionally with libpq options as a query (?sslmode=require&sslrootcert=…).
class StoreUrl final
{
    Q_DECLARE_TR_FUNCTIONS(StoreUrl)

public:
    enum class Backend
    {
        Sqlite,
        Postgresql
    };

    /// An empty url means the default SQLite file (defaultSqlitePath()).
    static std::optional<StoreUrl> parse(const QString& url, QString* error);
    /// The per-user data folder + "/identitydesk.sqlite".
    static QString defaultSqlitePath();

    Backend backend() const { return m_backend; }
    /// Absolute path of the SQLite file.
    const QString& sqlitePath() const { return m_sqlitePath; }
    /// PostgreSQL: empty host means libpq's default (the local socket).
    const QString& host() const { return m_host; }
    int port() const { return m_port; }
    const QString& userName() const { return m_userName; }
    const QString& password() const { return m_password; }
    const QString& databaseName() const { return m_databaseName; }
    /// libpq options for QSqlDatabase::setConnectOptions ("key='value';…"), validated.
    const QString& connectOptions() const { return m_connectOptions; }

    /// This URL with a password (an operator signing in to a team store as their database role).
    StoreUrl withPassword(const QString& password) const
    {
        StoreUrl url = *this;
        url.m_password = password;
        return url;
    }

    /// This URL as another database role (an operator signing in to a team store by name), without
    /// the URL's own password.
    StoreUrl withUserName(const QString& userName) const
    {
        StoreUrl url = *this;
        url.m_userName = userName;
        url.m_password.clear();
        return url;
    }

    /// The URL for messages and location(): never the password.
    QString toDisplayString() const;

private:
    StoreUrl() = default;
    static std::optional<StoreUrl> parsePostgresql(const QString& url, QString* error);

    Backend m_backend = Backend::Sqlite;
    QString m_sqlitePath;
    QString m_host;
    int m_port = 5432;
    QString m_userName;
    QString m_password;
    QString m_databaseName;
    QString m_connectOptions;
};
