// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlStore.h"

#include "AuditChainVerifier.h"
#include "PasswordHasher.h"
#include "SchemaMigrations.h"
#include "SqlValues.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>
#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace SqlValues;

namespace {
// Identifies the file itself, so that a deleted (or deleted and re-created) store file is noticed:
// SQLite would otherwise keep writing into the unlinked file and lose everything at close.
QByteArray fileIdentity(const QString& path)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return QByteArray();
    return QByteArray::number(qulonglong(st.st_dev)) + ':' + QByteArray::number(qulonglong(st.st_ino));
#else
    // Windows refuses to delete a file SQLite holds open; existence is what can change.
    return QFileInfo::exists(path) ? QByteArrayLiteral("present") : QByteArray();
#endif
}

QString firstLine(const QString& text)
{
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    for (const char* severity : {"ERROR:", "FATAL:", "PANIC:"})
        if (line.startsWith(QLatin1String(severity)))
            line = line.mid(6).trimmed();
    while (line.endsWith(QLatin1Char('.')))
        line.chop(1);
    return line;
}
} // namespace

SqlStore::SqlStore(const StoreUrl& url)
    : m_url(url)
    , m_dialect(url.backend() == StoreUrl::Backend::Sqlite ? SqlDialect::sqlite() : SqlDialect::postgresql())
    , m_connectionName(QStringLiteral("identitydesk-store-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

SqlStore::~SqlStore()
{
    m_statements.clear(); // before the connection goes
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

QString SqlStore::backend() const
{
    return m_dialect.backend;
}

QString SqlStore::location() const
{
    return m_url.toDisplayString();
}

Store::Opener SqlStore::opener() const
{
    return [url = m_url](QString* error) -> std::unique_ptr<Store> {
        auto store = std::make_unique<SqlStore>(url);
        if (!store->open(error))
            return nullptr;
        return store;
    };
}

bool SqlStore::isLockedError(const QSqlError& sqlError) const
{
    if (m_dialect.kind != SqlDialect::Kind::Sqlite || !sqlError.isValid())
        return false;
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes (the low byte is the primary).
    bool ok = false;
    const int code = sqlError.nativeErrorCode().toInt(&ok);
    if (ok)
        return (code & 0xff) == 5 || (code & 0xff) == 6;
    return sqlError.databaseText().contains(QLatin1String("database is locked"), Qt::CaseInsensitive);
}

QString SqlStore::advice(const QSqlError& sqlError) const
{
    if (isLockedError(sqlError))
        return tr("The store is locked by another program or console; try again when it is done.");
    // insufficient_privilege: the server's rules (an enforced team store), not a fault to retry.
    if (m_dialect.kind == SqlDialect::Kind::Postgresql &&
        sqlError.nativeErrorCode() == QLatin1String("42501"))
        return tr("The team store's server refused it: your database role may not do this.");
    if (m_dialect.kind == SqlDialect::Kind::Sqlite)
        return tr(
            "Check that the file still exists, its folder is writable and the disk is not full, then try "
            "again.");
    return tr("Check that the PostgreSQL server is running and reachable, then try again.");
}

QString SqlStore::failure(const QString& what, const QSqlError& sqlError) const
{
    QString detail = firstLine(sqlError.databaseText());
    if (detail.isEmpty())
        detail = firstLine(sqlError.driverText());
    if (detail.isEmpty())
        detail = tr("unknown database error");
    return tr("Cannot %1 in the store at %2: %3. %4").arg(what, location(), detail, advice(sqlError));
}

// ---------------------------------------------------------------------------------------------- open

bool SqlStore::open(QString* error)
{
    if (m_open)
        return true;
    if (!QSqlDatabase::isDriverAvailable(m_dialect.driver)) {
        const QString package = m_dialect.kind == SqlDialect::Kind::Sqlite
                                    ? QStringLiteral("libqt6sql6-sqlite")
                                    : QStringLiteral("libqt6sql6-psql");
        return fail(error,
                    tr("Cannot open the store at %1: the Qt SQL driver %2 is not installed. Install it "
                       "(on Debian and Ubuntu: %3) and try again.")
                        .arg(location(), m_dialect.driver, package));
    }
    if (m_dialect.kind == SqlDialect::Kind::Sqlite) {
        const QFileInfo file(m_url.sqlitePath());
        if (!QDir().mkpath(file.absolutePath()))
            return fail(error,
                        tr("Cannot create the folder %1 for the store. Check that you may write there, or "
                           "choose another place with sqlite:PATH.")
                            .arg(QDir::toNativeSeparators(file.absolutePath())));
        if (!file.exists() && !m_upgradeSchema)
            return fail(error, tr("There is no store at %1; nothing was created.").arg(location()));
        if (!file.exists()) {
            // Password hashes and the audit log are nobody else's business: owner-only from the start
            // (SQLite gives its -wal and -shm files the same permissions).
            QFile create(file.absoluteFilePath());
            if (create.open(QIODevice::WriteOnly | QIODevice::NewOnly))
                create.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
    m_db = QSqlDatabase::addDatabase(m_dialect.driver, m_connectionName);
    if (!connectDatabase(error) || !migrate(error) ||
        (m_schemaVersion == SchemaMigrations::latestVersion() && !detectTeamMode(error))) {
        m_db.close();
        return false;
    }
    m_open = true;
    return true;
}

bool SqlStore::connectDatabase(QString* error)
{
    m_statements.clear(); // prepared on the old connection
    if (m_dialect.kind == SqlDialect::Kind::Sqlite) {
        m_db.setDatabaseName(m_url.sqlitePath());
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        m_db.setHostName(m_url.host());
        m_db.setPort(m_url.port());
        m_db.setUserName(m_url.userName());
        m_db.setPassword(m_url.password());
        m_db.setDatabaseName(m_url.databaseName());
        QString options = QStringLiteral("connect_timeout=10;keepalives=1;keepalives_idle=30;"
                                         "application_name=IdentityDesk");
        if (!m_url.connectOptions().isEmpty())
            options += QLatin1Char(';') + m_url.connectOptions();
        m_db.setConnectOptions(options);
    }
    if (!m_db.open()) {
        QString detail = firstLine(m_db.lastError().databaseText());
        if (detail.isEmpty())
            detail = firstLine(m_db.lastError().driverText());
        if (m_dialect.kind == SqlDialect::Kind::Sqlite)
            return fail(error, tr("Cannot open the store at %1: %2. Check the folder exists and is writable.")
                                   .arg(location(), detail));
        if (detail.contains(QLatin1String("certificate verify failed")))
            return fail(error,
                        tr("Cannot connect to the PostgreSQL store at %1: its server's certificate is not "
                           "signed by a CA this store URL trusts (%2). Give the server's CA with "
                           "?sslrootcert=FILE; nothing was read or written.")
                            .arg(location(), detail));
        if (detail.contains(QLatin1String("does not match host name")))
            return fail(error,
                        tr("Cannot connect to the PostgreSQL store at %1: its server's certificate is for "
                           "another host name (%2). Use the host name the certificate names; nothing was "
                           "read or written.")
                            .arg(location(), detail));
        if (detail.contains(QLatin1String("root certificate file")))
            return fail(error, tr("Cannot connect to the PostgreSQL store at %1: no CA to check its server's "
                                  "certificate with (%2). Give the server's CA with ?sslrootcert=FILE.")
                                   .arg(location(), detail));
        return fail(error, tr("Cannot connect to the PostgreSQL store at %1: %2. Check that the server is "
                              "running and reachable, and the user name, password and database name.")
                               .arg(location(), detail));
    }
    if (!configureSession(error)) {
        m_db.close();
        return false;
    }
    if (m_dialect.kind == SqlDialect::Kind::Sqlite)
        m_fileIdentity = fileIdentity(m_url.sqlitePath());
    m_connectionSuspect = false;
    return true;
}

bool SqlStore::configureSession(QString* error)
{
    const QString what = tr("prepare the connection");
    QSqlQuery q(m_db);
    if (m_dialect.kind == SqlDialect::Kind::Sqlite) {
        // journal_mode is the first statement that reads the file: a file that is not a database fails here.
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
            return fail(error,
                        tr("Cannot open the store at %1: %2. Is it an IdentityDesk store? Choose another "
                           "file with sqlite:PATH.")
                            .arg(location(), firstLine(q.lastError().databaseText())));
        }
        q.finish();
        // FULL: a committed audit entry survives a power cut, not only an application crash.
        return execPlain(QStringLiteral("PRAGMA synchronous=FULL"), what, error) &&
               execPlain(QStringLiteral("PRAGMA foreign_keys=ON"), what, error);
    }
    if (!execPlain(QStringLiteral("SET client_min_messages = warning"), what, error) ||
        !execPlain(QStringLiteral("SET lock_timeout = '5s'"), what, error))
        return false;
    if (!exec(q, QStringLiteral("SELECT current_setting('server_encoding')"), {}, what, error))
        return false;
    const QString encoding = q.next() ? q.value(0).toString() : QString();
    if (encoding.compare(QLatin1String("UTF8"), Qt::CaseInsensitive) != 0)
        return fail(error,
                    tr("The PostgreSQL database at %1 uses the encoding %2; IdentityDesk needs UTF8 so that "
                       "audit entries read back exactly as they were hashed. Create the database with "
                       "ENCODING 'UTF8'.")
                        .arg(location(), encoding));
    return true;
}

bool SqlStore::reconnect(QString* error)
{
    m_db.close();
    return connectDatabase(error);
}

bool SqlStore::migrate(QString* error)
{
    const int latest = SchemaMigrations::latestVersion();
    const auto readVersion = [this](int* version, QString* err) {
        *version = 0;
        if (!m_db.tables().contains(QStringLiteral("schema_version")))
            return true;
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"), {},
                  tr("read the schema version"), err))
            return false;
        *version = q.next() ? q.value(0).toInt() : 0;
        return true;
    };
    const auto newerError = [this, latest](int version) {
        return tr("The store at %1 was created by a newer IdentityDesk (schema version %2; this version "
                  "knows up "
                  "to %3). Update IdentityDesk, or choose another store.")
            .arg(location())
            .arg(version)
            .arg(latest);
    };

    // Reading first lets an up-to-date store open without write rights (a read-only auditor account).
    int version = 0;
    if (!readVersion(&version, error))
        return false;
    if (version > latest)
        return fail(error, newerError(version));
    if (version == latest || !m_upgradeSchema) {
        m_schemaVersion = version; // as it is: nothing written, whatever the version
        return true;
    }
    if (enforcedMigrationRefused(error))
        return false;
    return writeTransaction(tr("prepare the schema"), error, [&](QString* err) {
        // Another console may have migrated while we waited for the write lock.
        if (!execPlain(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                      " version INTEGER NOT NULL PRIMARY KEY,"
                                      " description TEXT NOT NULL,"
                                      " applied_at TEXT NOT NULL)"),
                       tr("prepare the schema"), err) ||
            !readVersion(&version, err))
            return false;
        if (version > latest)
            return fail(err, newerError(version));
        for (const SchemaMigrations::Migration& m : SchemaMigrations::all(m_dialect)) {
            if (m.version <= version)
                continue;
            const QString what = tr("apply schema migration %1 (%2)").arg(m.version).arg(m.description);
            for (const QString& statement : m.statements)
                if (!execPlain(statement, what, err))
                    return false;
            if (m.then) {
                const auto columnsOf = [this](const QString& table) {
                    QStringList names;
                    const QSqlRecord record = m_db.record(table);
                    for (int i = 0; i < record.count(); ++i)
                        names << record.fieldName(i);
                    return names;
                };
                for (const QString& statement : m.then(columnsOf))
                    if (!execPlain(statement, what, err))
                        return false;
            }
            QSqlQuery q(m_db);
            if (!exec(q,
                      QStringLiteral("INSERT INTO schema_version (version, description, applied_at) "
                                     "VALUES (?, ?, ?)"),
                      {m.version, m.description, timeText(nowUtc())}, what, err))
                return false;
        }
        m_schemaVersion = latest;
        return true;
    });
}

// ------------------------------------------------------------------------------------------ plumbing

bool SqlStore::sqliteFileStillThere(QString* error) const
{
    if (fileIdentity(m_url.sqlitePath()) == m_fileIdentity)
        return true;
    return fail(error,
                tr("The store file %1 has been deleted, moved or replaced since IdentityDesk opened it, so "
                   "nothing can be read from or saved to it safely. Restore the file (or choose another "
                   "store) and restart IdentityDesk.")
                    .arg(QDir::toNativeSeparators(m_url.sqlitePath())));
}

bool SqlStore::ready(QString* error)
{
    if (!m_open)
        return fail(error, tr("The store at %1 is not open. Restart IdentityDesk, or choose another store.")
                               .arg(location()));
    if (m_dialect.kind == SqlDialect::Kind::Sqlite)
        return sqliteFileStillThere(error);
    if (!m_db.isOpen())
        return reconnect(error); // an earlier reconnection failed
    if (m_connectionSuspect) {
        QSqlQuery probe(m_db);
        if (probe.exec(QStringLiteral("SELECT 1"))) {
            m_connectionSuspect = false;
            return true;
        }
        return reconnect(error);
    }
    return true;
}

bool SqlStore::exec(QSqlQuery& query, const QString& sql, const QVariantList& values, const QString& what,
                    QString* error)
{
    query.setForwardOnly(true);
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql); // PostgreSQL: one round trip instead of PREPARE, EXECUTE, DEALLOCATE
    } else if (query.prepare(sql)) {
        for (const QVariant& value : values)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (ok)
        return true;
    m_connectionSuspect = true;
    return fail(error, failure(what, query.lastError()));
}

QSqlQuery* SqlStore::execCached(const QString& sql, const QVariantList& values, const QString& what,
                                QString* error)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto prepared = std::make_unique<QSqlQuery>(m_db);
        prepared->setForwardOnly(true);
        if (!prepared->prepare(sql)) {
            m_connectionSuspect = true;
            fail(error, failure(what, prepared->lastError()));
            return nullptr;
        }
        it = m_statements.emplace(sql, std::move(prepared)).first;
    }
    QSqlQuery* query = it->second.get();
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (query->exec())
        return query;
    m_connectionSuspect = true;
    const QString message = failure(what, query->lastError());
    query->finish();
    fail(error, message);
    return nullptr;
}

bool SqlStore::execPlain(const QString& sql, const QString& what, QString* error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    m_connectionSuspect = true;
    return fail(error, failure(what, query.lastError()));
}

bool SqlStore::reconnectAfterFailedRead()
{
    if (m_dialect.kind != SqlDialect::Kind::Postgresql)
        return false;
    {
        QSqlQuery probe(m_db);
        if (probe.exec(QStringLiteral("SELECT 1")))
            return false; // the connection is fine: the error stands
    }
    return reconnect(nullptr); // on failure, keep the first message: it says what failed
}

bool SqlStore::read(QSqlQuery& query, const QString& sql, const QVariantList& values, const QString& what,
                    QString* error)
{
    if (exec(query, sql, values, what, error))
        return true;
    if (!reconnectAfterFailedRead())
        return false;
    query = QSqlQuery(m_db);
    return exec(query, sql, values, what, error);
}

QSqlQuery* SqlStore::readCached(const QString& sql, const QVariantList& values, const QString& what,
                                QString* error)
{
    if (QSqlQuery* q = execCached(sql, values, what, error))
        return q;
    if (!reconnectAfterFailedRead())
        return nullptr;
    return execCached(sql, values, what, error);
}

void SqlStore::rollback()
{
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

bool SqlStore::writeTransaction(const QString& what, QString* error,
                                const std::function<bool(QString*)>& body, WriterLock lock)
{
    // During open() the store is not "ready" yet, but the connection is.
    if (m_open && !ready(error))
        return false;
    if (!execPlain(m_dialect.beginWrite, what, error)) {
        // A PostgreSQL connection that died while idle shows here first; nothing was done yet, so
        // one fresh connection and a second attempt are safe.
        if (m_dialect.kind != SqlDialect::Kind::Postgresql || !m_open || !reconnect(error) ||
            !execPlain(m_dialect.beginWrite, what, error))
            return false;
    }
    if (lock == WriterLock::First && !m_dialect.serialiseWriters.isEmpty() &&
        !execPlain(m_dialect.serialiseWriters, what, error)) {
        rollback();
        return false;
    }
    m_chainHead.reset();
    const bool done = body(error);
    m_chainHead.reset(); // valid only inside the transaction that appended
    if (!done) {
        rollback();
        return false;
    }
    QSqlQuery commit(m_db);
    if (!commit.exec(QStringLiteral("COMMIT"))) {
        m_connectionSuspect = true;
        const QSqlError commitError = commit.lastError();
        const QString detail = firstLine(commitError.databaseText());
        rollback();
        return fail(
            error,
            tr("Cannot finish saving to the store at %1 (%2): %3. It is not certain whether the "
               "change was saved; check before repeating it. %4")
                .arg(location(), what, detail.isEmpty() ? tr("unknown error") : detail, advice(commitError)));
    }
    return true;
}
