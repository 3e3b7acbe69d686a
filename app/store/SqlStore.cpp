// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlStore.h"

#include "AuditChainVerifier.h"
#include "PasswordHasher.h"
#include "SchemaMigrations.h"

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

namespace {
const QLatin1String kZeroHash("0000000000000000000000000000000000000000000000000000000000000000");

const char kAuditColumns[] =
    "seq, time, operator, role, event, action, provider, subject_ids, reason, "
    "request_summary, before_state, after_state, outcome, action_id, prev_hash, hash";

const char kActionColumns[] =
    "id, provider, action, user_id, params, reason, job_id, initiator, initiator_role, "
    "requires_approval, state, created_at, updated_at, decided_by, decision_reason, "
    "http_status, provider_code, outcome_message, sender, profile";

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QString timeText(const QDateTime& time)
{
    return AuditEntry::formatTime(time);
}

QDateTime parseTime(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QDateTime nowUtc()
{
    // Millisecond precision (QDateTime's own), as stored: what is hashed must be what is read back.
    return QDateTime::currentDateTimeUtc();
}

// Text as the database will give it back: valid UTF-8 (lone surrogates become U+FFFD) without NUL,
// which PostgreSQL cannot store. Never a null QString: the drivers bind that as SQL NULL.
QString storable(const QString& text)
{
    QString s = QString::fromUtf8(text.toUtf8());
    s.remove(QChar(0));
    return s.isNull() ? QStringLiteral("") : s;
}

QString jsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString jsonText(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList jsonStringList(const QString& text)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& v : array)
        list << v.toString();
    return list;
}

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(storable(text));
}

/// The audit columns of one entry, in kAuditColumns order, without seq, prev_hash and hash.
QVariantList auditValues(const AuditEntry& e)
{
    return {timeText(e.time),           storable(e.operatorName), storable(e.role),       storable(e.event),
            storable(e.action),         storable(e.provider),     jsonText(e.subjectIds), storable(e.reason),
            jsonText(e.requestSummary), jsonText(e.before),       jsonText(e.after),      storable(e.outcome),
            nullableId(e.actionId)};
}

/// An entry from a row in kAuditColumns order. Used both to read and, at append, to build exactly the
/// entry a later read will see, so the hash is computed over what is stored.
AuditEntry auditEntryFromValues(qint64 seq, const QVariantList& v, const QString& prevHash,
                                const QString& hash)
{
    AuditEntry e;
    e.seq = seq;
    // The text as stored, for the hash (AuditEntry::storedBytes): never re-serialised.
    e.stored.time = v.at(0).toString();
    e.stored.subjectIds = v.at(6).toString();
    e.stored.requestSummary = v.at(8).toString();
    e.stored.before = v.at(9).toString();
    e.stored.after = v.at(10).toString();
    e.time = parseTime(v.at(0).toString());
    e.operatorName = v.at(1).toString();
    e.role = v.at(2).toString();
    e.event = v.at(3).toString();
    e.action = v.at(4).toString();
    e.provider = v.at(5).toString();
    e.subjectIds = jsonStringList(v.at(6).toString());
    e.reason = v.at(7).toString();
    e.requestSummary = jsonObject(v.at(8).toString());
    e.before = jsonObject(v.at(9).toString());
    e.after = jsonObject(v.at(10).toString());
    e.outcome = v.at(11).toString();
    e.actionId = v.at(12).isNull() ? 0 : v.at(12).toLongLong();
    e.prevHash = prevHash.toLatin1();
    e.hash = hash.toLatin1();
    return e;
}

AuditEntry auditEntryFromQuery(const QSqlQuery& q)
{
    QVariantList values;
    for (int column = 1; column <= 13; ++column)
        values << q.value(column);
    return auditEntryFromValues(q.value(0).toLongLong(), values, q.value(14).toString(),
                                q.value(15).toString());
}

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

// ----------------------------------------------------------------------------------------- operators

std::optional<qint64> SqlStore::operatorCount(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT COUNT(*) FROM operators"), {}, tr("count the operators"), error))
        return std::nullopt;
    return q.next() ? q.value(0).toLongLong() : 0;
}

bool SqlStore::insertOperator(const Operator& op, const QString& passwordHash, QString* error)
{
    const QString name = op.name.trimmed();
    if (name.isEmpty())
        return fail(error, tr("An operator needs a name."));
    if (!PasswordHasher::isWellFormed(passwordHash))
        return fail(error, tr("The password for operator “%1” is not a password hash; the store never keeps "
                              "plain passwords. This is a bug in IdentityDesk: please report it.")
                               .arg(name));
    const QString role = Roles::toString(op.role);
    const QString what = tr("add the operator “%1”").arg(name);
    {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM operators WHERE name = ?"), {name}, what, error))
            return false;
        if (q.next() && q.value(0).toLongLong() > 0)
            return fail(error, tr("An operator named “%1” already exists. Choose another name.").arg(name));
    }
    QSqlQuery q(m_db);
    const QDateTime created = op.createdAt.isValid() ? op.createdAt : nowUtc();
    return exec(q,
                QStringLiteral("INSERT INTO operators (name, role, password_hash, created_at, active) "
                               "VALUES (?, ?, ?, ?, ?)"),
                {storable(name), role, passwordHash, timeText(created), op.active}, what, error);
}

bool SqlStore::addOperator(const Operator& op, const QString& passwordHash, QString* error)
{
    if (m_enforced) {
        AuditEntry e;
        e.event = QStringLiteral("operator-added");
        e.action = QStringLiteral("operators");
        return enforcedAddOperator(op, passwordHash, e, error);
    }
    return writeTransaction(tr("add an operator"), error,
                            [&](QString* err) { return insertOperator(op, passwordHash, err); });
}

bool SqlStore::addOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                  QString* error)
{
    if (m_enforced)
        return enforcedAddOperator(op, passwordHash, entry, error);
    return writeTransaction(tr("add an operator"), error, [&](QString* err) {
        AuditEntry e = entry;
        return insertOperator(op, passwordHash, err) && appendLocked(e, err);
    });
}

bool SqlStore::updateOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                     QString* error)
{
    if (m_enforced)
        return enforcedUpdateOperator(op, passwordHash, entry, error);
    const QString name = op.name.trimmed();
    const QString what = tr("change the operator “%1”").arg(name);
    if (!passwordHash.isEmpty() && !PasswordHasher::isWellFormed(passwordHash))
        return fail(error, tr("The password for operator “%1” is not a password hash; the store never keeps "
                              "plain passwords. This is a bug in IdentityDesk: please report it.")
                               .arg(name));
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        const bool changed =
            passwordHash.isEmpty()
                ? exec(q, QStringLiteral("UPDATE operators SET role = ?, active = ? WHERE name = ?"),
                       {Roles::toString(op.role), op.active, name}, what, err)
                : exec(q,
                       QStringLiteral(
                           "UPDATE operators SET role = ?, active = ?, password_hash = ? WHERE name = ?"),
                       {Roles::toString(op.role), op.active, passwordHash, name}, what, err);
        if (!changed)
            return false;
        if (q.numRowsAffected() != 1)
            return fail(err, tr("There is no operator named “%1”.").arg(name));
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}

std::optional<Operator> SqlStore::findOperator(const QString& name, QString* passwordHash, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT id, name, role, password_hash, created_at, active FROM operators "
                             "WHERE name = ?"),
              {name.trimmed()}, tr("look up the operator “%1”").arg(name), error))
        return std::nullopt;
    if (!q.next())
        return std::nullopt; // no such operator: not a store failure, so no error

    const std::optional<Role> role = Roles::fromString(q.value(2).toString());
    if (!role) {
        fail(error,
             tr("Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.")
                 .arg(name, q.value(2).toString(), location()));
        return std::nullopt;
    }
    Operator op;
    op.id = q.value(0).toLongLong();
    op.name = q.value(1).toString();
    op.role = *role;
    op.createdAt = parseTime(q.value(4).toString());
    op.active = q.value(5).toBool();
    if (passwordHash)
        *passwordHash = q.value(3).toString();
    return op;
}

std::optional<QList<Operator>> SqlStore::operators(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT id, name, role, created_at, active FROM operators ORDER BY name"), {},
              tr("list the operators"), error))
        return std::nullopt;
    QList<Operator> list;
    while (q.next()) {
        Operator op;
        op.id = q.value(0).toLongLong();
        op.name = q.value(1).toString();
        // An unknown role can only come from a newer version; the least privileged reading is safe.
        op.role = Roles::fromString(q.value(2).toString()).value_or(Role::Auditor);
        op.createdAt = parseTime(q.value(3).toString());
        op.active = q.value(4).toBool();
        list << op;
    }
    return list;
}

// -------------------------------------------------------------------------------------------- policy

std::optional<Policy> SqlStore::policy(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT action_key, requires_approval FROM policy"), {},
              tr("read the policy"), error))
        return std::nullopt;
    Policy p = Policy::defaults();
    while (q.next())
        p.set(q.value(0).toString(), q.value(1).toBool());
    QSqlQuery settings(m_db);
    if (!read(settings, QStringLiteral("SELECT name, value FROM policy_settings"), {}, tr("read the policy"),
              error))
        return std::nullopt;
    while (settings.next())
        p.setSetting(settings.value(0).toString(), settings.value(1).toInt());
    return p;
}

bool SqlStore::upsertPolicySetting(const QString& name, int value, const QString& author, QString* error)
{
    if (!Policy::knownSettings().contains(name))
        return fail(error, tr("“%1” is not one of the policy's settings.").arg(name));
    QSqlQuery q(m_db);
    return exec(q,
                QStringLiteral("INSERT INTO policy_settings (name, value, updated_by, updated_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                               "value = excluded.value, "
                               "updated_by = excluded.updated_by, updated_at = excluded.updated_at"),
                {name, value, storable(author), timeText(nowUtc())},
                tr("change the policy for “%1”").arg(name), error);
}

bool SqlStore::setPolicySetting(const QString& name, int value, QString* error)
{
    return writeTransaction(tr("change the policy"), error,
                            [&](QString* err) { return upsertPolicySetting(name, value, QString(), err); });
}

bool SqlStore::applyGovernanceChange(qint64 id, const ActionRecord& updated, const GovernanceChange& change,
                                     const AuditEntry& entry, QString* error)
{
    return writeTransaction(tr("apply the change of action %1").arg(id), error, [&](QString* err) {
        bool applied = false;
        if (!transitionLocked(Transition{id, ActionRecord::State::PendingApproval, updated, entry}, &applied,
                              err))
            return false;
        if (!applied)
            return fail(err,
                        tr("Action %1 is no longer waiting for approval: another supervisor or console has "
                           "decided it. Refresh to see its state.")
                            .arg(id));
        if (change.kind == GovernanceChange::Kind::Role) {
            QSqlQuery q(m_db);
            if (!exec(q,
                      QStringLiteral(
                          "UPDATE operators SET role = ? WHERE name = ? AND role = ? AND active = ?"),
                      {Roles::toString(change.toRole), change.operatorName, Roles::toString(change.fromRole),
                       true},
                      tr("change the operator “%1”").arg(change.operatorName), err))
                return false;
            if (q.numRowsAffected() != 1)
                return fail(err, tr("Operator “%1” is no longer an active %2: request the change again.")
                                     .arg(change.operatorName, Roles::toString(change.fromRole)));
            return true;
        }
        for (auto it = change.rules.cbegin(); it != change.rules.cend(); ++it) {
            if (!upsertPolicyRule(it.key(), it->after != 0, updated.decidedBy, err))
                return false;
        }
        for (auto it = change.settings.cbegin(); it != change.settings.cend(); ++it) {
            if (!upsertPolicySetting(it.key(), it->after, updated.decidedBy, err))
                return false;
        }
        return true;
    });
}

bool SqlStore::upsertPolicyRule(const QString& key, bool requiresApproval, const QString& author,
                                QString* error)
{
    if (key.trimmed().isEmpty())
        return fail(error, tr("A policy rule needs an action key."));
    QSqlQuery q(m_db);
    return exec(q,
                QStringLiteral("INSERT INTO policy (action_key, requires_approval, updated_by, updated_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (action_key) DO UPDATE SET "
                               "requires_approval = excluded.requires_approval, "
                               "updated_by = excluded.updated_by, updated_at = excluded.updated_at"),
                {key.trimmed(), requiresApproval, storable(author), timeText(nowUtc())},
                tr("change the policy for “%1”").arg(key), error);
}

bool SqlStore::setPolicyRule(const QString& key, bool requiresApproval, QString* error)
{
    if (m_enforced) {
        AuditEntry e;
        e.event = QStringLiteral("policy-changed");
        e.action = key;
        return enforcedSetPolicy(key, requiresApproval, e, error);
    }
    return writeTransaction(tr("change the policy"), error, [&](QString* err) {
        return upsertPolicyRule(key, requiresApproval, QString(), err);
    });
}

bool SqlStore::setPolicyRuleAudited(const QString& key, bool requiresApproval, const AuditEntry& entry,
                                    QString* error)
{
    if (m_enforced)
        return enforcedSetPolicy(key, requiresApproval, entry, error);
    return writeTransaction(tr("change the policy"), error, [&](QString* err) {
        AuditEntry e = entry;
        return upsertPolicyRule(key, requiresApproval, entry.operatorName, err) && appendLocked(e, err);
    });
}

// ------------------------------------------------------------------------------------------- actions

std::optional<qint64> SqlStore::createAction(const ActionRecord& action, const AuditEntry& intent,
                                             QString* error)
{
    if (m_enforced)
        return enforcedCreateAction(action, intent, error);
    qint64 id = 0;
    const bool ok = writeTransaction(tr("record the action"), error, [&](QString* err) {
        const std::optional<qint64> inserted = insertActionLocked(action, err);
        if (!inserted)
            return false;
        id = *inserted;
        AuditEntry e = intent;
        e.actionId = id;
        return appendLocked(e, err);
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool SqlStore::transitionLocked(const Transition& t, bool* applied, QString* error)
{
    if (m_enforced)
        return enforcedTransition(t, applied, error);
    const QString what = tr("update action %1").arg(t.id);
    const ActionRecord& u = t.updated;
    QSqlQuery* q = execCached(
        QStringLiteral("UPDATE actions SET state = ?, updated_at = ?, decided_by = ?, decision_reason = ?, "
                       "http_status = ?, provider_code = ?, outcome_message = ?, sender = ? "
                       "WHERE id = ? AND state = ?"),
        {ActionRecord::stateName(u.state), timeText(nowUtc()), storable(u.decidedBy),
         storable(u.decisionReason), u.httpStatus, storable(u.providerCode), storable(u.outcomeMessage),
         storable(u.sender), t.id, ActionRecord::stateName(t.expectedState)},
        what, error);
    if (!q)
        return false;
    *applied = q->numRowsAffected() == 1;
    if (!*applied)
        return true;
    AuditEntry e = t.entry;
    e.actionId = t.id;
    return appendLocked(e, error);
}

bool SqlStore::transitionAction(qint64 id, ActionRecord::State expectedState, const ActionRecord& updated,
                                const AuditEntry& entry, QString* error)
{
    const QString expected = ActionRecord::stateName(expectedState);
    return writeTransaction(tr("update action %1").arg(id), error, [&](QString* err) {
        bool applied = false;
        if (!transitionLocked(Transition{id, expectedState, updated, entry}, &applied, err))
            return false;
        if (applied)
            return true;
        QSqlQuery current(m_db);
        if (!exec(current, QStringLiteral("SELECT state FROM actions WHERE id = ?"), {id},
                  tr("update action %1").arg(id), err))
            return false;
        if (!current.next())
            return fail(err, tr("There is no action %1 in the store at %2.").arg(id).arg(location()));
        return fail(err, tr("Action %1 is no longer %2 (it is now %3): another operator or console has "
                            "already handled it. Refresh the list and check it before doing anything else.")
                             .arg(id)
                             .arg(expected, current.value(0).toString()));
    });
}

std::optional<ActionRecord> SqlStore::actionFromQuery(const QSqlQuery& q, QString* error) const
{
    ActionRecord a;
    a.id = q.value(0).toLongLong();
    a.request.provider = q.value(1).toString();
    a.request.action = q.value(2).toString();
    a.request.userId = q.value(3).toString();
    a.request.params = jsonObject(q.value(4).toString());
    a.request.reason = q.value(5).toString();
    a.request.jobId = q.value(6).toString();
    a.initiator = q.value(7).toString();
    a.initiatorRole = Roles::fromString(q.value(8).toString()).value_or(Role::Officer);
    a.requiresApproval = q.value(9).toBool();
    const std::optional<ActionRecord::State> state = ActionRecord::stateFromName(q.value(10).toString());
    if (!state) {
        fail(error,
             tr("Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer "
                "IdentityDesk. Update IdentityDesk.")
                 .arg(a.id)
                 .arg(q.value(10).toString(), location()));
        return std::nullopt;
    }
    a.state = *state;
    a.createdAt = parseTime(q.value(11).toString());
    a.updatedAt = parseTime(q.value(12).toString());
    a.decidedBy = q.value(13).toString();
    a.decisionReason = q.value(14).toString();
    a.httpStatus = q.value(15).toInt();
    a.providerCode = q.value(16).toString();
    a.outcomeMessage = q.value(17).toString();
    a.sender = q.value(18).toString();
    // Empty for an action stored before actions were bound to their profile (schema version 7).
    a.request.profile = ProfileFingerprint::fromText(q.value(19).toString());
    return a;
}

std::optional<ActionRecord> SqlStore::action(qint64 id, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    // Cached: read for every batch of a bulk job's rows.
    QSqlQuery* q =
        readCached(QStringLiteral("SELECT %1 FROM actions WHERE id = ?").arg(QLatin1String(kActionColumns)),
                   {id}, tr("read action %1").arg(id), error);
    if (!q)
        return std::nullopt;
    std::optional<ActionRecord> found;
    if (q->next())
        found = actionFromQuery(*q, error); // else no such action: not a store failure, so no error
    q->finish(); // a cached statement must not stay open (SQLite cannot commit while it is)
    return found;
}

bool SqlStore::readActions(QSqlQuery* q, QList<ActionRecord>* list, QString* error) const
{
    while (q->next()) {
        std::optional<ActionRecord> a = actionFromQuery(*q, error);
        if (!a) {
            q->finish();
            return false;
        }
        *list << *a;
    }
    q->finish();
    return true;
}

std::optional<QList<ActionRecord>> SqlStore::actionsInState(ActionRecord::State state, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    const QString name = ActionRecord::stateName(state);
    QSqlQuery* q = readCached(QStringLiteral("SELECT %1 FROM actions WHERE state = ? ORDER BY id")
                                  .arg(QLatin1String(kActionColumns)),
                              {name}, tr("list the %1 actions").arg(name), error);
    QList<ActionRecord> list;
    if (!q || !readActions(q, &list, error))
        return std::nullopt;
    return list;
}

std::optional<QList<ActionRecord>> SqlStore::actionsInStateOf(ActionRecord::State state,
                                                              const QStringList& userIds, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    // One cached statement for every call (every batch of a bulk job's rows asks): the ids go in
    // groups of a fixed size, the last group padded with its own last id.
    constexpr int kGroup = 16;
    static const QString sql = [] {
        QStringList placeholders;
        for (int k = 0; k < kGroup; ++k)
            placeholders << QStringLiteral("?");
        return QStringLiteral("SELECT %1 FROM actions WHERE state = ? AND user_id IN (%2) ORDER BY id")
            .arg(QLatin1String(kActionColumns), placeholders.join(QLatin1Char(',')));
    }();
    const QString name = ActionRecord::stateName(state);
    QStringList ids = userIds;
    ids.removeDuplicates();
    QList<ActionRecord> list;
    for (qsizetype from = 0; from < ids.size(); from += kGroup) {
        QVariantList values{name};
        for (qsizetype k = 0; k < kGroup; ++k)
            values << ids.at(qMin(from + k, ids.size() - 1));
        QSqlQuery* q = readCached(sql, values, tr("list the %1 actions").arg(name), error);
        if (!q || !readActions(q, &list, error))
            return std::nullopt;
    }
    if (ids.size() > kGroup)
        std::sort(list.begin(), list.end(),
                  [](const ActionRecord& a, const ActionRecord& b) { return a.id < b.id; });
    return list;
}

// --------------------------------------------------------------------------------------------- audit

bool SqlStore::appendLocked(AuditEntry& entry, QString* error)
{
    if (m_enforced)
        return enforcedAppend(entry, error);
    const QString what = tr("append to the audit log");
    qint64 lastSeq = 0;
    QString lastHash = kZeroHash;
    if (m_chainHead) {
        // Appended earlier in this transaction, which no other writer can interleave with.
        lastSeq = m_chainHead->seq;
        lastHash = m_chainHead->hash;
    } else {
        QSqlQuery* q = execCached(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"), {},
                                  what, error);
        if (!q)
            return false;
        if (q->next()) {
            lastSeq = q->value(0).toLongLong();
            lastHash = q->value(1).toString();
        }
        q->finish(); // the cached statement must not stay open (SQLite cannot commit while it is)
    }
    entry.time = nowUtc();
    const QVariantList values = auditValues(entry);
    // Hash exactly what a later read will reconstruct from the row.
    AuditEntry stored = auditEntryFromValues(lastSeq + 1, values, lastHash, QString());
    stored.hash = stored.computeHash();
    QSqlQuery* q = execCached(
        QStringLiteral("INSERT INTO audit (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(kAuditColumns)),
        QVariantList{stored.seq} + values +
            QVariantList{QString::fromLatin1(stored.prevHash), QString::fromLatin1(stored.hash)},
        what, error);
    if (!q)
        return false;
    m_chainHead = ChainHead{stored.seq, QString::fromLatin1(stored.hash)};
    entry = stored;
    return true;
}

bool SqlStore::appendAudit(AuditEntry entry, QString* error)
{
    return writeTransaction(tr("append to the audit log"), error,
                            [&](QString* err) { return appendLocked(entry, err); });
}

std::optional<QList<AuditEntry>> SqlStore::auditEntries(const AuditFilter& filter, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QStringList where;
    QVariantList values;
    if (!filter.operatorName.isEmpty()) {
        where << QStringLiteral("operator = ?");
        values << filter.operatorName;
    }
    if (!filter.subjectId.isEmpty()) {
        // subject_ids is a compact JSON array: look for the element, quotes included.
        const QString element = jsonText(QStringList{filter.subjectId}).mid(1).chopped(1);
        where << QStringLiteral("%1(subject_ids, ?) > 0").arg(m_dialect.containsFunction);
        values << element;
    }
    if (!filter.action.isEmpty()) {
        where << QStringLiteral("%1(lower(action), lower(?)) > 0").arg(m_dialect.containsFunction);
        values << filter.action;
    }
    if (filter.from.isValid()) {
        where << QStringLiteral("time >= ?");
        values << timeText(filter.from);
    }
    if (filter.to.isValid()) {
        where << QStringLiteral("time <= ?");
        values << timeText(filter.to);
    }
    if (filter.actionId > 0) {
        where << QStringLiteral("action_id = ?");
        values << filter.actionId;
    }
    QString sql = QStringLiteral("SELECT %1 FROM audit").arg(QLatin1String(kAuditColumns));
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    if (filter.limit > 0)
        sql += QStringLiteral(" ORDER BY seq DESC LIMIT %1").arg(filter.limit);
    else
        sql += QLatin1String(" ORDER BY seq");
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the audit log"), error))
        return std::nullopt;
    QList<AuditEntry> list;
    while (q.next())
        list << auditEntryFromQuery(q);
    if (filter.limit > 0)
        std::reverse(list.begin(), list.end());
    return list;
}

AuditVerification SqlStore::verifyAudit()
{
    AuditVerification result;
    const auto broken = [&result](qint64 seq, const QString& problem) {
        result.ok = false;
        result.firstBrokenSeq = seq;
        result.problem = problem;
        return result;
    };
    QString error;
    if (!ready(&error))
        return broken(0, error);
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT %1 FROM audit ORDER BY seq").arg(QLatin1String(kAuditColumns)), {},
              tr("read the audit log"), &error))
        return broken(0, error);
    AuditChainVerifier chain;
    while (q.next()) {
        if (!chain.add(auditEntryFromQuery(q)))
            return chain.result();
    }
    result = chain.result();
    // A failure in the middle of the rows (connection lost) must not pass for the end of the log.
    if (q.lastError().isValid())
        return broken(0, failure(tr("read the audit log"), q.lastError()));
    // Nor a file deleted while we read.
    if (!ready(&error))
        return broken(0, error);
    return result;
}

// -------------------------------------------------------------------------------------- checkpoints

bool SqlStore::bindProfile(const QString& key, const QString& fingerprint, const AuditEntry& entry,
                           bool* added, QString* error)
{
    if (added)
        *added = false;
    const QString name = QStringLiteral("profile:") + key;
    return writeTransaction(tr("record the profile used with this store"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT value FROM store_info WHERE name = ?"), {name},
                  tr("record the profile used with this store"), err))
            return false;
        if (q.next())
            return true;
        QSqlQuery insert(m_db);
        if (!exec(insert, QStringLiteral("INSERT INTO store_info (name, value) VALUES (?, ?)"),
                  {name, fingerprint}, tr("record the profile used with this store"), err))
            return false;
        AuditEntry e = entry;
        if (!appendLocked(e, err))
            return false;
        if (added)
            *added = true;
        return true;
    });
}

std::optional<QString> SqlStore::storeId(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT value FROM store_info WHERE name = 'store_id'"), {},
              tr("read the store's id"), error))
        return std::nullopt;
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    const QString id = q.next() ? q.value(0).toString() : QString();
    if (!uuid.match(id).hasMatch()) {
        fail(error, tr("The store at %1 has no valid id (store_info.store_id): it was damaged or edited.")
                        .arg(location()));
        return std::nullopt;
    }
    return id;
}

std::optional<QByteArray> SqlStore::auditHash(qint64 seq, QString* error)
{
    if (error)
        error->clear();
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT hash FROM audit WHERE seq = ?"), {seq}, tr("read the audit log"),
              error))
        return std::nullopt;
    if (!q.next())
        return std::nullopt;
    return q.value(0).toString().toLatin1();
}

std::optional<QList<CheckpointKeyRecord>> SqlStore::checkpointKeys(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT key_id, public_key, operator, created_at, audit_seq FROM audit_keys "
                             "ORDER BY audit_seq"),
              {}, tr("read the checkpoint keys"), error))
        return std::nullopt;
    QList<CheckpointKeyRecord> list;
    while (q.next()) {
        CheckpointKeyRecord k;
        k.keyId = q.value(0).toString();
        k.publicKey = QByteArray::fromBase64(q.value(1).toString().toLatin1());
        k.operatorName = q.value(2).toString();
        k.createdAt = parseTime(q.value(3).toString());
        k.auditSeq = q.value(4).toLongLong();
        list << k;
    }
    return list;
}

bool SqlStore::registerCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                                     QString* error)
{
    if (added)
        *added = false;
    if (m_enforced)
        return enforcedRegisterCheckpointKey(key, entry, added, error);
    const QString what = tr("register the checkpoint key %1").arg(key.keyId);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM audit_keys WHERE key_id = ?"), {key.keyId}, what,
                  err))
            return false;
        if (q.next() && q.value(0).toLongLong() > 0)
            return true;
        q.finish();
        AuditEntry e = entry;
        if (!appendLocked(e, err))
            return false;
        QSqlQuery insert(m_db);
        if (!exec(
                insert,
                QStringLiteral("INSERT INTO audit_keys (key_id, algorithm, public_key, operator, created_at, "
                               "audit_seq) VALUES (?, 'ed25519', ?, ?, ?, ?)"),
                {key.keyId, QString::fromLatin1(key.publicKey.toBase64()), storable(key.operatorName),
                 timeText(e.time), e.seq},
                what, err))
            return false;
        if (added)
            *added = true;
        return true;
    });
}

bool SqlStore::addCheckpoint(const AuditCheckpoint& c, QString* error)
{
    if (m_enforced)
        return enforcedAddCheckpoint(c, error);
    const QString what = tr("keep the audit checkpoint of entry %1").arg(c.seq);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return exec(q,
                    QStringLiteral("INSERT INTO audit_checkpoints (seq, head_hash, time, operator, key_id, "
                                   "signature) VALUES (?, ?, ?, ?, ?, ?)"),
                    {c.seq, QString::fromLatin1(c.headHash), timeText(c.time), storable(c.operatorName),
                     c.keyId, QString::fromLatin1(c.signature.toBase64())},
                    what, err);
    });
}

std::optional<QList<AuditCheckpoint>> SqlStore::checkpoints(QString* error)
{
    const std::optional<QString> id = storeId(error);
    if (!id)
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(
            q,
            QStringLiteral("SELECT seq, head_hash, time, operator, key_id, signature FROM audit_checkpoints "
                           "ORDER BY id"),
            {}, tr("read the audit checkpoints"), error))
        return std::nullopt;
    QList<AuditCheckpoint> list;
    while (q.next()) {
        AuditCheckpoint c;
        c.storeId = *id;
        c.seq = q.value(0).toLongLong();
        c.headHash = q.value(1).toString().toLatin1();
        c.time = parseTime(q.value(2).toString());
        c.operatorName = q.value(3).toString();
        c.keyId = q.value(4).toString();
        c.signature = QByteArray::fromBase64(q.value(5).toString().toLatin1());
        list << c;
    }
    return list;
}

// ----------------------------------------------------------------------------------------- bulk jobs

std::optional<qint64> SqlStore::insertActionLocked(const ActionRecord& action, QString* error)
{
    const QDateTime now = nowUtc();
    const ActionRequest& r = action.request;
    QSqlQuery* q = execCached(
        QStringLiteral(
            "INSERT INTO actions (provider, action, user_id, params, reason, job_id, "
            "initiator, initiator_role, requires_approval, state, created_at, updated_at, "
            "decided_by, decision_reason, http_status, provider_code, outcome_message, sender, "
            "profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {storable(r.provider), storable(r.action), storable(r.userId), jsonText(r.params), storable(r.reason),
         nullableText(r.jobId), storable(action.initiator), Roles::toString(action.initiatorRole),
         action.requiresApproval, ActionRecord::stateName(action.state),
         timeText(action.createdAt.isValid() ? action.createdAt : now), timeText(now),
         storable(action.decidedBy), storable(action.decisionReason), action.httpStatus,
         storable(action.providerCode), storable(action.outcomeMessage), storable(action.sender),
         r.profile ? r.profile->toText() : QString(QLatin1String(""))},
        tr("record the action"), error);
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        fail(error, tr("Cannot record the action in the store at %1: the database returned no id. %2")
                        .arg(location(), advice()));
        return std::nullopt;
    }
    const qint64 id = q->value(0).toLongLong();
    q->finish(); // SQLite cannot commit while a statement is still open
    return id;
}

std::optional<qint64> SqlStore::createBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                              const BulkJob& job, const QList<BulkRow>& rows, QString* error)
{
    if (m_enforced)
        return enforcedCreateBulkJob(jobAction, intent, job, rows, error);
    qint64 id = 0;
    const bool ok = writeTransaction(tr("record the bulk job"), error, [&](QString* err) {
        const std::optional<qint64> inserted = insertActionLocked(jobAction, err);
        if (!inserted)
            return false;
        id = *inserted;
        int invalid = 0;
        for (const BulkRow& row : rows)
            invalid += row.isValid() ? 0 : 1;
        QSqlQuery q(m_db);
        if (!exec(
                q,
                QStringLiteral("INSERT INTO bulk_jobs (id, file_name, run_state, concurrency, runner, total, "
                               "invalid, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)"),
                {id, storable(job.fileName), BulkJob::runStateName(BulkJob::RunState::WaitingForApproval),
                 qMax(1, job.concurrency), int(rows.size()), invalid, timeText(nowUtc())},
                tr("record the bulk job"), err))
            return false;
        // One prepared statement for every row: a 10,000-row file is one quick transaction.
        QSqlQuery insert(m_db);
        insert.setForwardOnly(true);
        const QStringList columns = bulkRowColumns();
        QStringList marks; // job_id, the row's columns, state
        for (qsizetype i = 0; i < columns.size() + 2; ++i)
            marks << QStringLiteral("?");
        if (!insert.prepare(QStringLiteral("INSERT INTO bulk_job_rows (job_id, %1, state) VALUES (%2)")
                                .arg(columns.join(QLatin1String(", ")), marks.join(QLatin1String(", ")))))
            return fail(err, failure(tr("record the rows of the bulk job"), insert.lastError()));
        for (const BulkRow& row : rows) {
            const QVariantList values =
                QVariantList{id} + bulkRowValues(row) +
                QVariantList{
                    BulkRow::stateName(row.isValid() ? BulkRow::State::Pending : BulkRow::State::Invalid)};
            for (int i = 0; i < values.size(); ++i)
                insert.bindValue(i, values.at(i));
            if (!insert.exec()) {
                m_connectionSuspect = true;
                return fail(err,
                            failure(tr("record line %1 of the bulk job").arg(row.line), insert.lastError()));
            }
        }
        insert.finish();
        AuditEntry e = intent;
        e.actionId = id;
        return appendLocked(e, err);
    });
    if (!ok)
        return std::nullopt;
    return id;
}

QStringList SqlStore::bulkRowColumns()
{
    return {QStringLiteral("line"),    QStringLiteral("provider"), QStringLiteral("action"),
            QStringLiteral("user_id"), QStringLiteral("params"),   QStringLiteral("params_text"),
            QStringLiteral("reason"),  QStringLiteral("problem"),  QStringLiteral("preview")};
}

QVariantList SqlStore::bulkRowValues(const BulkRow& row)
{
    return {row.line,
            storable(row.request.provider),
            storable(row.request.action),
            storable(row.request.userId),
            jsonText(row.request.params),
            storable(row.paramsText),
            storable(row.request.reason),
            storable(row.problem),
            storable(row.preview)};
}

std::optional<QList<BulkJob>> SqlStore::readBulkJobs(qint64 id, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QString sql = QStringLiteral("SELECT j.id, j.file_name, j.run_state, j.concurrency, j.runner, j.total, "
                                 "j.invalid, j.updated_at, a.reason, a.initiator, a.decided_by, a.state, "
                                 "a.created_at FROM bulk_jobs j JOIN actions a ON a.id = j.id");
    QVariantList values;
    if (id > 0) {
        sql += QStringLiteral(" WHERE j.id = ?");
        values << id;
    }
    sql += QStringLiteral(" ORDER BY j.id DESC");
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the bulk jobs"), error))
        return std::nullopt;
    QList<BulkJob> jobs;
    while (q.next()) {
        BulkJob job;
        job.id = q.value(0).toLongLong();
        job.fileName = q.value(1).toString();
        job.runState = BulkJob::runStateFromName(q.value(2).toString());
        job.concurrency = q.value(3).toInt();
        job.runner = q.value(4).toString();
        job.counts.total = q.value(5).toInt();
        job.counts.invalid = q.value(6).toInt();
        job.updatedAt = parseTime(q.value(7).toString());
        job.reason = q.value(8).toString();
        job.initiator = q.value(9).toString();
        job.approvedBy = q.value(10).toString();
        job.approvalState = ActionRecord::stateFromName(q.value(11).toString())
                                .value_or(ActionRecord::State::PendingApproval);
        job.createdAt = parseTime(q.value(12).toString());
        if (job.approvalState == ActionRecord::State::Rejected)
            job.runState = BulkJob::RunState::Rejected;
        jobs << job;
    }
    for (BulkJob& job : jobs) {
        const std::optional<BulkCounts> counts = bulkJobCounts(job.id, error);
        if (!counts)
            return std::nullopt;
        job.counts = *counts;
    }
    return jobs;
}

std::optional<BulkJob> SqlStore::bulkJob(qint64 id, QString* error)
{
    const std::optional<QList<BulkJob>> jobs = readBulkJobs(id, error);
    if (!jobs)
        return std::nullopt;
    if (jobs->isEmpty()) {
        fail(error, tr("There is no bulk job %1 in the store at %2.").arg(id).arg(location()));
        return std::nullopt;
    }
    return jobs->constFirst();
}

std::optional<QList<BulkJob>> SqlStore::bulkJobs(QString* error)
{
    return readBulkJobs(0, error);
}

bool SqlStore::setBulkJobRunStateLocked(qint64 id, BulkJob::RunState state, const QString& runner,
                                        bool* changed, QString* error)
{
    const QString what = tr("update bulk job %1").arg(id);
    QSqlQuery q(m_db);
    // A job that has ended (finished, cancelled — perhaps by another console — or rejected) stays so.
    if (!exec(q,
              QStringLiteral("UPDATE bulk_jobs SET run_state = ?, runner = ?, updated_at = ? WHERE id = ? "
                             "AND run_state NOT IN (?, ?, ?)"),
              {BulkJob::runStateName(state), storable(runner), timeText(nowUtc()), id,
               BulkJob::runStateName(BulkJob::RunState::Finished),
               BulkJob::runStateName(BulkJob::RunState::Cancelled),
               BulkJob::runStateName(BulkJob::RunState::Rejected)},
              what, error))
        return false;
    *changed = q.numRowsAffected() == 1;
    if (*changed)
        return true;
    QSqlQuery current(m_db);
    if (!exec(current, QStringLiteral("SELECT run_state FROM bulk_jobs WHERE id = ?"), {id}, what, error))
        return false;
    if (!current.next())
        return fail(error, tr("There is no bulk job %1 in the store at %2.").arg(id).arg(location()));
    return true; // already ended: nothing to change
}

bool SqlStore::setBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner, QString* error)
{
    if (m_enforced)
        return enforcedSetBulkJobRunState(id, state, runner, AuditEntry(), nullptr, error);
    return writeTransaction(tr("update bulk job %1").arg(id), error, [&](QString* err) {
        bool changed = false;
        return setBulkJobRunStateLocked(id, state, runner, &changed, err);
    });
}

bool SqlStore::setBulkJobRunStateAudited(qint64 id, BulkJob::RunState state, const QString& runner,
                                         const AuditEntry& entry, bool* changed, QString* error)
{
    if (m_enforced)
        return enforcedSetBulkJobRunState(id, state, runner, entry, changed, error);
    bool applied = false;
    const bool ok = writeTransaction(tr("update bulk job %1").arg(id), error, [&](QString* err) {
        if (!setBulkJobRunStateLocked(id, state, runner, &applied, err))
            return false;
        if (!applied)
            return true;
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
    if (changed)
        *changed = ok && applied;
    return ok;
}

bool SqlStore::claimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                            const QString& runner, const AuditEntry& entry, bool* claimed, QString* error)
{
    if (m_enforced)
        return enforcedClaimBulkJob(id, expectedState, expectedRunner, runner, entry, claimed, error);
    *claimed = false;
    const QString what = tr("start bulk job %1").arg(id);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(
                q,
                QStringLiteral("UPDATE bulk_jobs SET run_state = ?, runner = ?, updated_at = ? WHERE id = ? "
                               "AND run_state = ? AND COALESCE(runner, '') = ?"),
                {BulkJob::runStateName(BulkJob::RunState::Running), storable(runner), timeText(nowUtc()), id,
                 BulkJob::runStateName(expectedState), storable(expectedRunner)},
                what, err))
            return false;
        *claimed = q.numRowsAffected() == 1;
        if (!*claimed || entry.event.isEmpty())
            return true;
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}

std::optional<QList<BulkRow>> SqlStore::bulkJobRows(qint64 jobId, int afterLine, int limit, bool pendingOnly,
                                                    QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QString sql =
        QStringLiteral("SELECT r.line, r.provider, r.action, r.user_id, r.params, r.params_text, "
                       "r.reason, r.problem, r.preview, r.state, r.action_id, a.state, "
                       "a.outcome_message FROM bulk_job_rows r LEFT JOIN actions a ON a.id = r.action_id "
                       "WHERE r.job_id = ? AND r.line > ?");
    QVariantList values{jobId, afterLine};
    if (pendingOnly) {
        sql += QStringLiteral(" AND r.state = ?");
        values << BulkRow::stateName(BulkRow::State::Pending);
    }
    sql += QStringLiteral(" ORDER BY r.line");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the rows of bulk job %1").arg(jobId), error))
        return std::nullopt;
    QList<BulkRow> rows;
    while (q.next()) {
        BulkRow row;
        row.line = q.value(0).toInt();
        row.request.provider = q.value(1).toString();
        row.request.action = q.value(2).toString();
        row.request.userId = q.value(3).toString();
        row.request.params = jsonObject(q.value(4).toString());
        row.paramsText = q.value(5).toString();
        row.request.reason = q.value(6).toString();
        row.request.jobId = QString::number(jobId);
        row.problem = q.value(7).toString();
        row.preview = q.value(8).toString();
        row.state = BulkRow::stateFromName(q.value(9).toString());
        row.actionId = q.value(10).isNull() ? 0 : q.value(10).toLongLong();
        if (row.actionId > 0)
            row.actionState =
                ActionRecord::stateFromName(q.value(11).toString()).value_or(ActionRecord::State::Unresolved);
        row.outcomeMessage = q.value(12).toString();
        rows << row;
    }
    return rows;
}

bool SqlStore::createBulkRowActionLocked(const RowIntent& row, qint64* id, const QString& what,
                                         QString* error)
{
    if (m_enforced)
        return enforcedClaimBulkRow(row, id, what, error);
    *id = 0;
    const qint64 rowJob = row.action.request.jobId.toLongLong();
    // Claim the row first: only a row still Pending is submitted, whoever else runs the job.
    QSqlQuery* claim = execCached(
        QStringLiteral("UPDATE bulk_job_rows SET state = ? WHERE job_id = ? AND line = ? AND state = ?"),
        {BulkRow::stateName(BulkRow::State::Submitted), rowJob, row.line,
         BulkRow::stateName(BulkRow::State::Pending)},
        what, error);
    if (!claim)
        return false;
    if (claim->numRowsAffected() != 1)
        return true;
    const std::optional<qint64> inserted = insertActionLocked(row.action, error);
    if (!inserted)
        return false;
    QSqlQuery* link =
        execCached(QStringLiteral("UPDATE bulk_job_rows SET action_id = ? WHERE job_id = ? AND line = ?"),
                   {*inserted, rowJob, row.line}, what, error);
    if (!link)
        return false;
    AuditEntry e = row.intent;
    e.actionId = *inserted;
    if (!appendLocked(e, error))
        return false;
    *id = *inserted;
    return true;
}

std::optional<Store::BulkBatchResult>
SqlStore::recordBulkBatch(const QList<Transition>& outcomes, const QList<RowIntent>& intents, QString* error)
{
    if (m_enforced && !intents.isEmpty() && enforcedBulkMissing(tr("record rows of a bulk job"), error))
        return std::nullopt;
    QString what;
    if (intents.isEmpty()) {
        what = tr("record %n outcome(s)", nullptr, int(outcomes.size()));
    } else {
        const qint64 jobId = intents.constFirst().action.request.jobId.toLongLong();
        what = intents.size() == 1
                   ? tr("record line %1 of bulk job %2").arg(intents.constFirst().line).arg(jobId)
                   : tr("record %n line(s) of bulk job %1", nullptr, int(intents.size())).arg(jobId);
    }
    if (m_enforced && m_teamMode >= 3)
        return enforcedRecordBulkBatch(outcomes, intents, what, error);
    BulkBatchResult result;
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        result = BulkBatchResult();
        for (const Transition& t : outcomes) {
            bool applied = false;
            if (!transitionLocked(t, &applied, err))
                return false;
            if (applied && t.releaseBulkRow && m_enforced) {
                if (!enforcedReleaseBulkRow(t.id, what, err))
                    return false;
            } else if (applied && t.releaseBulkRow &&
                       !execCached(
                           QStringLiteral("UPDATE bulk_job_rows SET state = ?, action_id = NULL WHERE "
                                          "action_id = ? AND state = ?"),
                           {BulkRow::stateName(BulkRow::State::Pending), t.id,
                            BulkRow::stateName(BulkRow::State::Submitted)},
                           what, err))
                return false;
            result.applied << applied;
        }
        for (const RowIntent& row : intents) {
            qint64 id = 0;
            if (!createBulkRowActionLocked(row, &id, what, err))
                return false;
            result.ids << id;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return result;
}

bool SqlStore::renewBulkJobRunner(qint64 id, const QString& runner, QString* error)
{
    if (m_enforced)
        return enforcedRenewBulkJobRunner(id, runner, error);
    const QString what = tr("renew the runner of bulk job %1").arg(id);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return exec(q,
                    QStringLiteral("UPDATE bulk_jobs SET updated_at = ? WHERE id = ? AND runner = ? AND "
                                   "run_state IN (?, ?)"),
                    {timeText(nowUtc()), id, runner, BulkJob::runStateName(BulkJob::RunState::Running),
                     BulkJob::runStateName(BulkJob::RunState::Paused)},
                    what, err);
    });
}

std::optional<int> SqlStore::cancelPendingBulkRows(qint64 jobId, const AuditEntry& entry, QString* error)
{
    if (m_enforced)
        return enforcedCancelPendingBulkRows(jobId, entry, error);
    int cancelled = 0;
    const QString what = tr("cancel bulk job %1").arg(jobId);
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        // The lines this statement cancelled (RETURNING: not one another console claimed meanwhile) go
        // into the audit entry, in the same transaction as the cancel.
        QSqlQuery q(m_db);
        if (!exec(q,
                  QStringLiteral(
                      "UPDATE bulk_job_rows SET state = ? WHERE job_id = ? AND state = ? RETURNING line"),
                  {BulkRow::stateName(BulkRow::State::Cancelled), jobId,
                   BulkRow::stateName(BulkRow::State::Pending)},
                  what, err))
            return false;
        QList<int> cancelledLines;
        while (q.next())
            cancelledLines << q.value(0).toInt();
        std::sort(cancelledLines.begin(), cancelledLines.end());
        QJsonArray lines;
        for (const int line : std::as_const(cancelledLines))
            lines.append(line);
        cancelled = int(cancelledLines.size());
        AuditEntry audited = entry;
        audited.requestSummary.insert(QStringLiteral("cancelled_rows"), cancelled);
        audited.requestSummary.insert(QStringLiteral("cancelled_lines"), lines);
        if (!appendLocked(audited, err))
            return false;
        // In the same transaction, so that a console running the job that finds its rows gone also
        // finds the job cancelled.
        QSqlQuery job(m_db);
        return exec(job,
                    QStringLiteral("UPDATE bulk_jobs SET run_state = ?, updated_at = ? WHERE id = ? AND "
                                   "run_state NOT IN (?, ?)"),
                    {BulkJob::runStateName(BulkJob::RunState::Cancelled), timeText(nowUtc()), jobId,
                     BulkJob::runStateName(BulkJob::RunState::Finished),
                     BulkJob::runStateName(BulkJob::RunState::Rejected)},
                    tr("cancel bulk job %1").arg(jobId), err);
    });
    if (!ok)
        return std::nullopt;
    return cancelled;
}

std::optional<BulkCounts> SqlStore::bulkJobCounts(qint64 jobId, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT r.state, a.state, COUNT(*) FROM bulk_job_rows r LEFT JOIN actions a "
                             "ON a.id = r.action_id WHERE r.job_id = ? GROUP BY r.state, a.state"),
              {jobId}, tr("count the rows of bulk job %1").arg(jobId), error))
        return std::nullopt;
    BulkCounts c;
    while (q.next()) {
        const int n = q.value(2).toInt();
        c.total += n;
        switch (BulkRow::stateFromName(q.value(0).toString())) {
        case BulkRow::State::Invalid:
            c.invalid += n;
            break;
        case BulkRow::State::Pending:
            c.pending += n;
            break;
        case BulkRow::State::Cancelled:
            c.cancelled += n;
            break;
        case BulkRow::State::Submitted:
            switch (ActionRecord::stateFromName(q.value(1).toString())
                        .value_or(ActionRecord::State::Unresolved)) {
            case ActionRecord::State::Succeeded:
                c.succeeded += n;
                break;
            case ActionRecord::State::AlreadyInState:
                c.alreadyInState += n;
                break;
            case ActionRecord::State::Failed:
            case ActionRecord::State::Rejected:
            case ActionRecord::State::Cancelled:
                c.rejected += n;
                break;
            case ActionRecord::State::Sending:
            case ActionRecord::State::Approved:
            case ActionRecord::State::PendingApproval:
                c.sending += n;
                break;
            case ActionRecord::State::Unresolved:
                c.unknown += n;
                break;
            }
            break;
        }
    }
    return c;
}
