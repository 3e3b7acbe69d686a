// SPDX-License-Identifier: GPL-3.0-or-later
// The store against a real database. One source, two back ends: IDENTITYDESK_TEST_STORE_BACKEND is
// "sqlite" (a file in a temporary folder) or "postgresql" (IDENTITYDESK_TEST_POSTGRES_URL, which
// tools/postgres-test-cluster provides; each test gets a database of its own).

#include "TcpForwarder.h"
#include "store/AuditCsvExporter.h"
#include "store/PasswordHasher.h"
#include "store/SchemaMigrations.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <memory>
#include <thread>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {
const char kAuditDataColumns[] =
    "time, operator, role, event, action, provider, subject_ids, reason, "
    "request_summary, before_state, after_state, outcome, action_id, prev_hash, hash";

AuditEntry entry(const QString& event, const QString& reason = QStringLiteral("routine check"),
                 const QString& operatorName = QStringLiteral("alice"))
{
    AuditEntry e;
    e.operatorName = operatorName;
    e.role = QStringLiteral("officer");
    e.event = event;
    e.action = QStringLiteral("smileid.active");
    e.provider = QStringLiteral("smileid");
    e.subjectIds = {QStringLiteral("CUST-1"), QStringLiteral("smileid:user-1")};
    e.reason = reason;
    e.requestSummary =
        QJsonObject{{QStringLiteral("active"), false}, {QStringLiteral("api_key"), QStringLiteral("***")}};
    e.before = QJsonObject{{QStringLiteral("active"), true}};
    e.outcome = QStringLiteral("pending");
    return e;
}

ActionRecord actionRecord(ActionRecord::State state, const QString& userId = QStringLiteral("user-1"))
{
    ActionRecord a;
    a.request.provider = QStringLiteral("smileid");
    a.request.action = QStringLiteral("flag");
    a.request.userId = userId;
    a.request.params = QJsonObject{{QStringLiteral("flag"), QStringLiteral("is_fraudulent")},
                                   {QStringLiteral("value"), true}};
    a.request.reason = QStringLiteral("chargeback ring, case 4711");
    a.initiator = QStringLiteral("olivia");
    a.initiatorRole = Role::Officer;
    a.requiresApproval = true;
    a.state = state;
    return a;
}

bool isRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}
} // namespace

class StoreTest final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void migrationsAppliedAtOpenAndIdempotent();
    void auditTimesAreQtsIsoForm();
    void newerSchemaRefused();
    void upgradeFromSchema4KeepsEverything();
    void upgradeFromSchema9KeepsSmileIdJobs();
    void locationWithoutPassword();
    void openFailureSaysWhatToDo();
    void operatorsAddFindList();
    void duplicateOperatorRefused();
    void plainPasswordRefused();
    void passwordStoredOnlyAsSlowHash();
    void policyDefaultsAndOverride();
    void createAndTransitionAction();
    void secondTransitionFromSameStateFails();
    void actionsInState();
    void auditChainVerifiesAfterManyAppends();
    void auditFilters();
    void auditIsAppendOnly();
    void tamperingDetected_data();
    void tamperingDetected();
    void csvExportQuotesAndNeutralises();
    void failsClosedWhenDatabaseGoesAway();
    void droppedConnectionReplaced();
    void twoStoresInterleavedKeepOneChain();
    void twoStoresInThreadsKeepOneChain();

private:
    bool isSqlite() const { return m_backend == QLatin1String("sqlite"); }
    std::unique_ptr<Store> openStore(QString* error = nullptr) const;
    /// A plain connection to the test database, to look behind the store's back.
    QSqlDatabase raw();
    bool rawExec(const QString& sql, const QVariantList& values = {}, QSqlQuery* result = nullptr);
    QVariant rawValue(const QString& sql, const QVariantList& values = {});
    void dropAuditTriggers();
    void closeRaw();

    QString m_backend;
    QString m_adminUrl; ///< PostgreSQL: the URL given by the environment
    QString m_adminConnection;
    QString m_url;          ///< this test's store
    QString m_databaseName; ///< PostgreSQL: created for this run, dropped at the end
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_rawConnection;
};

// ----------------------------------------------------------------------------------------- fixture

void StoreTest::initTestCase()
{
    m_backend = qEnvironmentVariable("IDENTITYDESK_TEST_STORE_BACKEND", QStringLiteral("sqlite"));
    QVERIFY2(m_backend == QLatin1String("sqlite") || m_backend == QLatin1String("postgresql"),
             "IDENTITYDESK_TEST_STORE_BACKEND must be sqlite or postgresql");
    if (isSqlite())
        return;
    m_adminUrl = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (m_adminUrl.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against. "
              "Run the tests with `source tools/postgres-test-cluster` (tools/dev test does).");
    QString error;
    const std::optional<StoreUrl> url = StoreUrl::parse(m_adminUrl, &error);
    QVERIFY2(url, qPrintable(error));
    m_adminConnection = QStringLiteral("admin-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_adminConnection);
    db.setHostName(url->host());
    db.setPort(url->port());
    db.setUserName(url->userName());
    db.setPassword(url->password());
    db.setDatabaseName(url->databaseName());
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));

    // A database of this run's own, dropped at the end; each test empties it first (init()).
    m_databaseName = QStringLiteral("idtest_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    QSqlQuery q(db);
    QVERIFY2(
        q.exec(QStringLiteral("CREATE DATABASE %1 ENCODING 'UTF8' TEMPLATE template0").arg(m_databaseName)),
        qPrintable(QStringLiteral("the test role needs CREATEDB: ") + q.lastError().text()));
    QUrl storeUrl(m_adminUrl);
    storeUrl.setPath(QLatin1Char('/') + m_databaseName);
    m_url = storeUrl.toString();
}

void StoreTest::cleanupTestCase()
{
    closeRaw();
    if (!m_adminConnection.isEmpty()) {
        QSqlQuery q(QSqlDatabase::database(m_adminConnection, false));
        if (!m_databaseName.isEmpty() &&
            !q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_databaseName)))
            qWarning("cannot drop %s: %s", qPrintable(m_databaseName), qPrintable(q.lastError().text()));
        QSqlDatabase::database(m_adminConnection, false).close();
        QSqlDatabase::removeDatabase(m_adminConnection);
    }
}

void StoreTest::init()
{
    if (isSqlite()) {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // A folder that does not exist yet: the store creates it.
        m_url = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("data/identitydesk.sqlite"));
        return;
    }
    // Faster than a database per test (CREATE DATABASE copies a template and checkpoints): the role
    // owns this run's database and so its public schema.
    QVERIFY(rawExec(QStringLiteral("DROP SCHEMA public CASCADE")));
    QVERIFY(rawExec(QStringLiteral("CREATE SCHEMA public")));
    closeRaw();
}

void StoreTest::cleanup()
{
    closeRaw();
    if (m_dir) {
        // A test may have made the folder read-only.
        QFile::setPermissions(m_dir->path() + QStringLiteral("/data"),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_dir.reset();
    }
}

std::unique_ptr<Store> StoreTest::openStore(QString* error) const
{
    QString message;
    std::unique_ptr<Store> store = StoreFactory::open(m_url, &message);
    if (error)
        *error = message;
    else if (!store)
        qWarning("cannot open the store: %s", qPrintable(message));
    return store;
}

QSqlDatabase StoreTest::raw()
{
    if (!m_rawConnection.isEmpty())
        return QSqlDatabase::database(m_rawConnection, false);
    m_rawConnection = QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::Id128);
    const std::optional<StoreUrl> url = StoreUrl::parse(m_url, nullptr);
    QSqlDatabase db;
    if (isSqlite()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_rawConnection);
        db.setDatabaseName(url->sqlitePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_rawConnection);
        db.setHostName(url->host());
        db.setPort(url->port());
        db.setUserName(url->userName());
        db.setPassword(url->password());
        db.setDatabaseName(url->databaseName());
    }
    if (!db.open())
        qWarning("raw connection: %s", qPrintable(db.lastError().text()));
    else if (!isSqlite())
        QSqlQuery(db).exec(QStringLiteral("SET client_min_messages = warning")); // libpq prints NOTICEs
    return db;
}

void StoreTest::closeRaw()
{
    if (m_rawConnection.isEmpty())
        return;
    QSqlDatabase::database(m_rawConnection, false).close();
    QSqlDatabase::removeDatabase(m_rawConnection);
    m_rawConnection.clear();
}

bool StoreTest::rawExec(const QString& sql, const QVariantList& values, QSqlQuery* result)
{
    QSqlQuery q(raw());
    bool ok = false;
    if (values.isEmpty()) {
        ok = q.exec(sql); // QPSQL prepares with PREPARE … AS, which DDL cannot follow
    } else {
        ok = q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        ok = ok && q.exec();
    }
    if (!ok)
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    if (result)
        *result = std::move(q);
    return ok;
}

QVariant StoreTest::rawValue(const QString& sql, const QVariantList& values)
{
    QSqlQuery q;
    if (!rawExec(sql, values, &q) || !q.next())
        return QVariant();
    return q.value(0);
}

void StoreTest::dropAuditTriggers()
{
    // What an attacker with the database owner's rights can do; the hash chain must still tell.
    const QString on = isSqlite() ? QString() : QStringLiteral(" ON audit");
    QVERIFY(rawExec(QStringLiteral("DROP TRIGGER audit_no_update") + on));
    QVERIFY(rawExec(QStringLiteral("DROP TRIGGER audit_no_delete") + on));
}

// ------------------------------------------------------------------------------------------ schema

void StoreTest::auditTimesAreQtsIsoForm()
{
    // The hashed form of every audit entry: it must stay exactly what Qt::ISODateWithMs gives for UTC.
    QRandomGenerator random(42);
    const QDateTime start(QDate(1000, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime end(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    for (int i = 0; i < 20000; ++i) {
        const qint64 ms = start.toMSecsSinceEpoch() +
                          qint64(random.bounded(double(end.toMSecsSinceEpoch() - start.toMSecsSinceEpoch())));
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QCOMPARE(AuditEntry::formatTime(t), t.toString(Qt::ISODateWithMs));
    }
    const QDateTime local(QDate(2026, 7, 1), QTime(12, 30, 0, 5), Qt::OffsetFromUTC, 2 * 3600);
    QCOMPARE(AuditEntry::formatTime(local), QStringLiteral("2026-07-01T10:30:00.005Z"));
    QCOMPARE(AuditEntry::formatTime(QDateTime()), QString());
    const QDateTime far(QDate(12345, 1, 1), QTime(0, 0), Qt::UTC);
    QCOMPARE(AuditEntry::formatTime(far), far.toString(Qt::ISODateWithMs));
}

void StoreTest::migrationsAppliedAtOpenAndIdempotent()
{
    const int latest = SchemaMigrations::latestVersion();
    {
        std::unique_ptr<Store> store = openStore();
        QVERIFY(store);
        QCOMPARE(store->backend(), m_backend);
        QVERIFY(store->appendAudit(entry(QStringLiteral("sign-in")), nullptr));
    }
    if (isSqlite()) {
        QVERIFY(QFileInfo(m_dir->filePath(QStringLiteral("data/identitydesk.sqlite"))).isFile());
#ifdef Q_OS_UNIX
        const QFileDevice::Permissions perms =
            QFileInfo(m_dir->filePath(QStringLiteral("data/identitydesk.sqlite"))).permissions();
        QVERIFY2(!(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther)),
                 "store file readable by others");
#endif
    }
    // One row per migration (versions may have gaps while branches are merged, e.g. bulk jobs' 4).
    QCOMPARE(rawValue(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
             int(SchemaMigrations::all(SqlDialect::sqlite()).size()));
    QCOMPARE(rawValue(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt(), latest);
    for (const char* table : {"operators", "policy", "actions", "audit"})
        QVERIFY2(raw().tables().contains(QLatin1String(table)), table);
    closeRaw();

    // Reopen twice: nothing applied again, nothing lost.
    for (int i = 0; i < 2; ++i) {
        QString error;
        std::unique_ptr<Store> store = openStore(&error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->auditEntries({}, &error)->size(), 1);
    }
    QCOMPARE(rawValue(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
             int(SchemaMigrations::all(SqlDialect::sqlite()).size()));
}

void StoreTest::newerSchemaRefused()
{
    QVERIFY(openStore());
    const int future = SchemaMigrations::latestVersion() + 1;
    QVERIFY(rawExec(
        QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"),
        {future, QStringLiteral("from the future"), QStringLiteral("2099-01-01T00:00:00.000Z")}));
    QString error;
    QVERIFY(!openStore(&error));
    QVERIFY2(error.contains(QLatin1String("created by a newer IdentityDesk")), qPrintable(error));
    QVERIFY2(error.contains(QString::number(future)), qPrintable(error));
}

void StoreTest::upgradeFromSchema4KeepsEverything()
{
    QString error;
    qint64 unknown = 0;
    {
        std::unique_ptr<Store> store = openStore(&error);
        QVERIFY2(store, qPrintable(error));
        unknown = store
                      ->createAction(actionRecord(ActionRecord::State::Unresolved, QStringLiteral("user-4")),
                                     entry(QStringLiteral("intent")), &error)
                      .value_or(0);
        QVERIFY2(unknown > 0, qPrintable(error));
        QVERIFY(store->createAction(actionRecord(ActionRecord::State::Unresolved, QStringLiteral("user-5")),
                                    entry(QStringLiteral("intent")), &error));
    }
    // Back to what version 4 left: the index on state alone, no checkpoint tables (migration 6), no
    // actions.profile (migration 7), no policy_settings (migration 8), no subject terms (migration 9), no
    // rows for migrations 5 to 9.
    QVERIFY(rawExec(QStringLiteral("DROP INDEX actions_state_user")));
    QVERIFY(rawExec(QStringLiteral("CREATE INDEX actions_state ON actions (state)")));
    for (const char* table : {"policy_settings", "audit_checkpoints", "audit_keys", "store_info"})
        QVERIFY(rawExec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(table))));
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE actions DROP COLUMN profile"))); // migration 7
    QVERIFY(rawExec(QStringLiteral("DROP TABLE subject_terms")));                // migration 9
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects DROP COLUMN name")));
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects DROP COLUMN phone")));
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects DROP COLUMN attributes"))); // migration 10
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects ADD COLUMN smileid_job TEXT NOT NULL DEFAULT ''")));
    QVERIFY(rawExec(QStringLiteral("DELETE FROM schema_version WHERE version >= 5")));
    closeRaw();

    std::unique_ptr<Store> store = openStore(&error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(rawValue(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt(),
             SchemaMigrations::latestVersion());
    const QString indexes =
        isSqlite() ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?")
                   : QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE indexname = ?");
    QCOMPARE(rawValue(indexes, {QStringLiteral("actions_state_user")}).toInt(), 1);
    QCOMPARE(rawValue(indexes, {QStringLiteral("actions_state")}).toInt(), 0);
    closeRaw();
    const auto found =
        store->actionsInStateOf(ActionRecord::State::Unresolved, {QStringLiteral("user-4")}, &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->constFirst().id, unknown);
    QCOMPARE(store->actionsInState(ActionRecord::State::Unresolved, &error)->size(), 2);
    QCOMPARE(store->auditEntries({}, &error)->size(), 2);
    const AuditVerification chain = store->verifyAudit();
    QVERIFY2(chain.ok && chain.entries == 2, qPrintable(chain.problem));
}

// Migration 10 moves the one provider column of the index (Smile ID's job id, migration 3) into the
// subject's attributes: a job imported before it is still the person's job after it.
void StoreTest::upgradeFromSchema9KeepsSmileIdJobs()
{
    QString error;
    {
        std::unique_ptr<Store> store = openStore(&error);
        QVERIFY2(store, qPrintable(error));
        Subject withJob;
        withJob.reference = QStringLiteral("CUST-1");
        withJob.ids.insert(QStringLiteral("smileid"), QStringLiteral("user-1"));
        Subject without;
        without.reference = QStringLiteral("CUST-2");
        QVERIFY2(store->saveSubjects({withJob, without}, entry(QStringLiteral("subjects-imported")), &error),
                 qPrintable(error));
    }
    // What version 9 left: the job in its own column.
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects DROP COLUMN attributes")));
    QVERIFY(rawExec(QStringLiteral("ALTER TABLE subjects ADD COLUMN smileid_job TEXT NOT NULL DEFAULT ''")));
    QVERIFY(
        rawExec(QStringLiteral("UPDATE subjects SET smileid_job = 'JOB-\"1' WHERE reference = 'CUST-1'")));
    QVERIFY(rawExec(QStringLiteral("DELETE FROM schema_version WHERE version >= 10")));
    closeRaw();

    std::unique_ptr<Store> store = openStore(&error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(rawValue(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt(),
             SchemaMigrations::latestVersion());
    QVERIFY(!raw().record(QStringLiteral("subjects")).contains(QStringLiteral("smileid_job")));
    closeRaw();
    const auto found =
        store->subjectsByReference({QStringLiteral("CUST-1"), QStringLiteral("CUST-2")}, &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(found->size(), 2);
    for (const Subject& s : *found) {
        const QMap<QString, QString> expected =
            s.reference == QLatin1String("CUST-1")
                ? QMap<QString, QString>{{QStringLiteral("smileid_job"), QStringLiteral("JOB-\"1")}}
                : QMap<QString, QString>{};
        QCOMPARE(s.attributes, expected);
        QCOMPARE(s.idAt(QStringLiteral("smileid")),
                 s.reference == QLatin1String("CUST-1") ? QStringLiteral("user-1") : QString());
    }
}

void StoreTest::locationWithoutPassword()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    if (isSqlite()) {
        QCOMPARE(store->location(),
                 QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("data/identitydesk.sqlite")));
        return;
    }
    const QUrl url(m_url);
    QVERIFY(!url.password().isEmpty());
    QVERIFY2(!store->location().contains(url.password()), qPrintable(store->location()));
    QCOMPARE(store->location(), QStringLiteral("postgresql://%1@%2:%3/%4")
                                    .arg(url.userName(), url.host())
                                    .arg(url.port())
                                    .arg(m_databaseName));
}

void StoreTest::openFailureSaysWhatToDo()
{
    QString error;
    if (isSqlite()) {
        // A folder that cannot be created (even by root).
        QVERIFY(!StoreFactory::open(QStringLiteral("sqlite:/proc/identitydesk/x.sqlite"), &error));
        QVERIFY2(error.contains(QLatin1String("Cannot create the folder")), qPrintable(error));
        // A file that is not a database.
        const QString junk = m_dir->filePath(QStringLiteral("junk.sqlite"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QVERIFY(!StoreFactory::open(QStringLiteral("sqlite:") + junk, &error));
        QVERIFY2(error.contains(QLatin1String("Cannot open the store at sqlite:") + junk), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("not a database")), qPrintable(error));
        return;
    }
    // A port nobody listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = probe.serverPort();
    probe.close();
    QUrl url(m_url);
    url.setPort(closedPort);
    QVERIFY(!StoreFactory::open(url.toString(), &error));
    QVERIFY2(error.contains(QLatin1String("Cannot connect to the PostgreSQL store at postgresql://")),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Check that the server is running")), qPrintable(error));
    QVERIFY2(!error.contains(url.password()), qPrintable(error));
    // A wrong password: refused, and not repeated in the message.
    url = QUrl(m_url);
    url.setPassword(QStringLiteral("wrong-secret-Xyz"));
    QVERIFY(!StoreFactory::open(url.toString(), &error));
    QVERIFY2(!error.contains(QLatin1String("wrong-secret-Xyz")), qPrintable(error));
}

// --------------------------------------------------------------------------------------- operators

void StoreTest::operatorsAddFindList()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    QCOMPARE(store->operatorCount(&error), std::optional<qint64>(0));
    const QString hash = *PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::kMinimumIterations);
    const auto add = [&](const QString& name, Role role) {
        Operator op;
        op.name = name;
        op.role = role;
        return store->addOperator(op, hash, &error);
    };
    QVERIFY2(add(QStringLiteral("sam"), Role::Supervisor), qPrintable(error));
    QVERIFY2(add(QStringLiteral("olivia"), Role::Officer), qPrintable(error));
    Operator auditor;
    auditor.name = QStringLiteral("ada");
    auditor.role = Role::Auditor;
    auditor.active = false;
    AuditEntry added =
        entry(QStringLiteral("operator-added"), QStringLiteral("new auditor"), QStringLiteral("sam"));
    QVERIFY2(store->addOperatorAudited(auditor, hash, added, &error), qPrintable(error));
    QCOMPARE(store->operatorCount(&error), std::optional<qint64>(3));

    const std::optional<QList<Operator>> all = store->operators(&error);
    QVERIFY2(all, qPrintable(error));
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).name, QStringLiteral("ada")); // by name
    QCOMPARE(all->at(0).role, Role::Auditor);
    QCOMPARE(all->at(0).active, false);
    QCOMPARE(all->at(1).name, QStringLiteral("olivia"));
    QCOMPARE(all->at(2).name, QStringLiteral("sam"));
    QCOMPARE(all->at(2).role, Role::Supervisor);
    QVERIFY(all->at(2).active);
    QVERIFY(all->at(2).createdAt.isValid());
    QVERIFY(qAbs(all->at(2).createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    QString storedHash;
    const std::optional<Operator> sam = store->findOperator(QStringLiteral("sam"), &storedHash, &error);
    QVERIFY2(sam, qPrintable(error));
    QCOMPARE(sam->role, Role::Supervisor);
    QVERIFY(sam->id > 0);
    QCOMPARE(storedHash, hash);

    error.clear();
    QVERIFY(!store->findOperator(QStringLiteral("nobody"), nullptr, &error));
    // No such operator is not a store failure: callers tell it apart from one by the empty error.
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The audited variant wrote its entry in the same go.
    const std::optional<QList<AuditEntry>> log = store->auditEntries({}, &error);
    QVERIFY(log);
    QCOMPARE(log->size(), 1);
    QCOMPARE(log->at(0).event, QStringLiteral("operator-added"));
}

void StoreTest::duplicateOperatorRefused()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    const QString hash = *PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::kMinimumIterations);
    Operator op;
    op.name = QStringLiteral("sam");
    op.role = Role::Supervisor;
    QString error;
    QVERIFY(store->addOperator(op, hash, &error));
    op.role = Role::Officer;
    QVERIFY(!store->addOperator(op, hash, &error));
    QVERIFY2(error.contains(QLatin1String("already exists")), qPrintable(error));
    // The audited variant writes nothing when refused.
    QVERIFY(!store->addOperatorAudited(op, hash, entry(QStringLiteral("operator-added")), &error));
    QCOMPARE(store->auditEntries({}, &error)->size(), 0);
    QCOMPARE(store->operatorCount(&error), std::optional<qint64>(1));
    QCOMPARE(store->findOperator(QStringLiteral("sam"), nullptr, &error)->role, Role::Supervisor);
}

void StoreTest::plainPasswordRefused()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    Operator op;
    op.name = QStringLiteral("sam");
    QString error;
    QVERIFY(!store->addOperator(op, QStringLiteral("hunter2"), &error));
    QVERIFY2(error.contains(QLatin1String("never keeps plain passwords")), qPrintable(error));
    QCOMPARE(store->operatorCount(&error), std::optional<qint64>(0));
}

void StoreTest::passwordStoredOnlyAsSlowHash()
{
    const QString password = QStringLiteral("Correct-Horse-Battery-Staple-42");
    {
        std::unique_ptr<Store> store = openStore();
        QVERIFY(store);
        QString error;
        const std::optional<QString> hash =
            PasswordHasher::hash(password, PasswordHasher::kDefaultIterations, &error);
        QVERIFY2(hash, qPrintable(error));
        Operator op;
        op.name = QStringLiteral("sam");
        op.role = Role::Supervisor;
        QVERIFY2(store->addOperator(op, *hash, &error), qPrintable(error));

        QString stored;
        QVERIFY(store->findOperator(QStringLiteral("sam"), &stored, &error));
        QVERIFY(stored.startsWith(QLatin1String("pbkdf2-sha256$")));
        QVERIFY(PasswordHasher::iterations(stored).value_or(0) >= 200000);
        QVERIFY(PasswordHasher::verify(password, stored));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct-horse-battery-staple-42"), stored));
        QVERIFY(!PasswordHasher::verify(QString(), stored));
    }
    // Nothing in the database holds the password itself.
    if (isSqlite()) {
        const QString path = m_dir->filePath(QStringLiteral("data/identitydesk.sqlite"));
        QByteArray bytes;
        for (const QString& file : {path, path + QStringLiteral("-wal")}) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                bytes += f.readAll();
        }
        QVERIFY(bytes.size() > 1000);
        QVERIFY(bytes.contains("pbkdf2-sha256$"));
        QVERIFY(!bytes.contains(password.toUtf8()));
        QVERIFY(!bytes.contains(
            QByteArray(reinterpret_cast<const char*>(password.utf16()), password.size() * 2)));
    } else {
        QSqlQuery q;
        QVERIFY(rawExec(QStringLiteral("SELECT * FROM operators"), {}, &q));
        QVERIFY(q.next());
        for (int i = 0; i < q.record().count(); ++i)
            QVERIFY2(!q.value(i).toString().contains(password), qPrintable(q.record().fieldName(i)));
    }
}

// ------------------------------------------------------------------------------------------ policy

void StoreTest::policyDefaultsAndOverride()
{
    QString error;
    {
        std::unique_ptr<Store> store = openStore();
        QVERIFY(store);
        const std::optional<Policy> initial = store->policy(&error);
        QVERIFY2(initial, qPrintable(error));
        QCOMPARE(initial->rules(), Policy::defaults().rules());
        QVERIFY(initial->requiresApproval(QStringLiteral("smileid.is_fraudulent")));
        QVERIFY(!initial->requiresApproval(QStringLiteral("smileid.active")));

        QVERIFY2(store->setPolicyRule(QStringLiteral("smileid.active"), true, &error), qPrintable(error));
        AuditEntry change = entry(QStringLiteral("policy-changed"), QStringLiteral("four eyes for now"),
                                  QStringLiteral("sam"));
        QVERIFY2(store->setPolicyRuleAudited(QStringLiteral("smartid.unenroll"), false, change, &error),
                 qPrintable(error));
        // Changing a rule twice keeps one row.
        QVERIFY2(store->setPolicyRule(QStringLiteral("smileid.active"), true, &error), qPrintable(error));
    }
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    const std::optional<Policy> policy = store->policy(&error);
    QVERIFY(policy);
    QVERIFY(policy->requiresApproval(QStringLiteral("smileid.active")));
    QVERIFY(!policy->requiresApproval(QStringLiteral("smartid.unenroll")));
    QVERIFY(policy->requiresApproval(QStringLiteral("smileid.delete"))); // untouched default
    QVERIFY(!policy->requiresApproval(QStringLiteral("trustswiftly.reverify")));
    QCOMPARE(rawValue(QStringLiteral("SELECT COUNT(*) FROM policy")).toInt(), 2);
    QCOMPARE(rawValue(QStringLiteral("SELECT updated_by FROM policy WHERE action_key = ?"),
                      {QStringLiteral("smartid.unenroll")})
                 .toString(),
             QStringLiteral("sam"));
    const std::optional<QList<AuditEntry>> log = store->auditEntries({}, &error);
    QVERIFY(log);
    QCOMPARE(log->size(), 1);
    QCOMPARE(log->at(0).event, QStringLiteral("policy-changed"));
    QVERIFY(!store->setPolicyRule(QStringLiteral(" "), true, &error));
}

// ----------------------------------------------------------------------------------------- actions

void StoreTest::createAndTransitionAction()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    ActionRecord record = actionRecord(ActionRecord::State::PendingApproval);
    const std::optional<qint64> id = store->createAction(record, entry(QStringLiteral("intent")), &error);
    QVERIFY2(id, qPrintable(error));
    QVERIFY(*id > 0);

    std::optional<ActionRecord> read = store->action(*id, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->id, *id);
    QCOMPARE(read->request.provider, record.request.provider);
    QCOMPARE(read->request.action, record.request.action);
    QCOMPARE(read->request.userId, record.request.userId);
    QCOMPARE(read->request.params, record.request.params);
    QCOMPARE(read->request.reason, record.request.reason);
    QVERIFY(read->request.jobId.isEmpty());
    QCOMPARE(read->initiator, QStringLiteral("olivia"));
    QCOMPARE(read->initiatorRole, Role::Officer);
    QVERIFY(read->requiresApproval);
    QCOMPARE(read->state, ActionRecord::State::PendingApproval);
    QVERIFY(read->createdAt.isValid());
    QCOMPARE(read->createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(rawValue(QStringLiteral("SELECT COUNT(*) FROM actions WHERE job_id IS NULL")).toInt(), 1);

    // The intent entry belongs to the new action.
    AuditFilter byAction;
    byAction.actionId = *id;
    std::optional<QList<AuditEntry>> log = store->auditEntries(byAction, &error);
    QVERIFY(log);
    QCOMPARE(log->size(), 1);
    QCOMPARE(log->at(0).event, QStringLiteral("intent"));
    QCOMPARE(log->at(0).actionId, *id);
    QCOMPARE(log->at(0).seq, qint64(1));

    ActionRecord approved = *read;
    approved.state = ActionRecord::State::Approved;
    approved.decidedBy = QStringLiteral("sam");
    AuditEntry approval =
        entry(QStringLiteral("approved"), QStringLiteral("checked the case"), QStringLiteral("sam"));
    QVERIFY2(store->transitionAction(*id, ActionRecord::State::PendingApproval, approved, approval, &error),
             qPrintable(error));
    read = store->action(*id, &error);
    QCOMPARE(read->state, ActionRecord::State::Approved);
    QCOMPARE(read->decidedBy, QStringLiteral("sam"));
    QVERIFY(read->updatedAt >= read->createdAt);

    ActionRecord done = *read;
    done.state = ActionRecord::State::Failed;
    done.httpStatus = 400;
    done.providerCode = QStringLiteral("2207");
    done.outcomeMessage = QStringLiteral("user disabled");
    QVERIFY2(store->transitionAction(*id, ActionRecord::State::Approved, done,
                                     entry(QStringLiteral("outcome")), &error),
             qPrintable(error));
    read = store->action(*id, &error);
    QCOMPARE(read->state, ActionRecord::State::Failed);
    QCOMPARE(read->httpStatus, 400);
    QCOMPARE(read->providerCode, QStringLiteral("2207"));
    QCOMPARE(read->outcomeMessage, QStringLiteral("user disabled"));
    log = store->auditEntries(byAction, &error);
    QCOMPARE(log->size(), 3);
    QCOMPARE(log->at(2).event, QStringLiteral("outcome"));

    // A bulk job's row keeps its job id.
    ActionRecord row = actionRecord(ActionRecord::State::Sending);
    row.request.jobId = QStringLiteral("job-7");
    const std::optional<qint64> rowId = store->createAction(row, entry(QStringLiteral("intent")), &error);
    QVERIFY(rowId);
    QCOMPARE(store->action(*rowId, &error)->request.jobId, QStringLiteral("job-7"));

    QVERIFY(!store->action(999999, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error)); // no such action, and no store failure
    QVERIFY(store->verifyAudit().ok);
}

void StoreTest::secondTransitionFromSameStateFails()
{
    std::unique_ptr<Store> first = openStore();
    std::unique_ptr<Store> second = openStore(); // another console
    QVERIFY(first && second);
    QString error;
    const std::optional<qint64> id = first->createAction(actionRecord(ActionRecord::State::PendingApproval),
                                                         entry(QStringLiteral("intent")), &error);
    QVERIFY(id);
    ActionRecord approved = *first->action(*id, &error);
    approved.state = ActionRecord::State::Approved;
    approved.decidedBy = QStringLiteral("sam");
    QVERIFY(first->transitionAction(*id, ActionRecord::State::PendingApproval, approved,
                                    entry(QStringLiteral("approved")), &error));
    ActionRecord rejected = approved;
    rejected.state = ActionRecord::State::Rejected;
    rejected.decidedBy = QStringLiteral("sue");
    QVERIFY(!second->transitionAction(*id, ActionRecord::State::PendingApproval, rejected,
                                      entry(QStringLiteral("rejected")), &error));
    QVERIFY2(error.contains(QLatin1String("no longer pending-approval")) &&
                 error.contains(QLatin1String("approved")),
             qPrintable(error));
    // Nothing of the refused transition was written.
    QCOMPARE(second->action(*id, &error)->state, ActionRecord::State::Approved);
    QCOMPARE(second->action(*id, &error)->decidedBy, QStringLiteral("sam"));
    QCOMPARE(second->auditEntries({}, &error)->size(), 2);
    QVERIFY(!first->transitionAction(424242, ActionRecord::State::PendingApproval, rejected,
                                     entry(QStringLiteral("rejected")), &error));
    QVERIFY2(error.contains(QLatin1String("no action 424242")), qPrintable(error));
    QVERIFY(first->verifyAudit().ok);
}

void StoreTest::actionsInState()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    QList<qint64> pending;
    for (int i = 0; i < 3; ++i)
        pending << *store->createAction(
            actionRecord(ActionRecord::State::PendingApproval, QStringLiteral("u%1").arg(i)),
            entry(QStringLiteral("intent")), &error);
    const qint64 sending = *store->createAction(actionRecord(ActionRecord::State::Sending),
                                                entry(QStringLiteral("intent")), &error);
    ActionRecord unresolved = *store->action(pending.at(1), &error);
    unresolved.state = ActionRecord::State::Unresolved;
    QVERIFY(store->transitionAction(pending.at(1), ActionRecord::State::PendingApproval, unresolved,
                                    entry(QStringLiteral("outcome")), &error));

    const std::optional<QList<ActionRecord>> waiting =
        store->actionsInState(ActionRecord::State::PendingApproval, &error);
    QVERIFY2(waiting, qPrintable(error));
    QCOMPARE(waiting->size(), 2);
    QCOMPARE(waiting->at(0).id, pending.at(0));
    QCOMPARE(waiting->at(1).id, pending.at(2));
    QCOMPARE(waiting->at(1).request.userId, QStringLiteral("u2"));
    QCOMPARE(store->actionsInState(ActionRecord::State::Unresolved, &error)->size(), 1);
    QCOMPARE(store->actionsInState(ActionRecord::State::Sending, &error)->constFirst().id, sending);
    QCOMPARE(store->actionsInState(ActionRecord::State::Succeeded, &error)->size(), 0);
}

// ------------------------------------------------------------------------------------------- audit

void StoreTest::auditChainVerifiesAfterManyAppends()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    AuditVerification empty = store->verifyAudit();
    QVERIFY(empty.ok);
    QCOMPARE(empty.entries, qint64(0));
    QString error;
    const int count = 250;
    for (int i = 0; i < count; ++i) {
        AuditEntry e =
            entry(QStringLiteral("sign-in"), QStringLiteral("entry %1 ünïcødé ✓ \"quoted\"").arg(i));
        e.after = QJsonObject{
            {QStringLiteral("n"), i},
            {QStringLiteral("big"), 9007199254740993.0},
            {QStringLiteral("nested"), QJsonObject{{QStringLiteral("z"), 1}, {QStringLiteral("a"), 2}}}};
        QVERIFY2(store->appendAudit(e, &error), qPrintable(error));
    }
    const AuditVerification v = store->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.entries, qint64(count));

    const std::optional<QList<AuditEntry>> log = store->auditEntries({}, &error);
    QVERIFY(log);
    QCOMPARE(log->size(), count);
    QCOMPARE(log->at(0).prevHash, QByteArray(64, '0'));
    for (int i = 0; i < count; ++i) {
        QCOMPARE(log->at(i).seq, qint64(i + 1));
        QCOMPARE(log->at(i).hash, log->at(i).computeHash());
        QCOMPARE(log->at(i).time.timeSpec(), Qt::UTC);
        if (i > 0)
            QCOMPARE(log->at(i).prevHash, log->at(i - 1).hash);
    }
    QCOMPARE(log->at(7).reason, QStringLiteral("entry 7 ünïcødé ✓ \"quoted\""));
    QCOMPARE(log->at(7).subjectIds,
             QStringList({QStringLiteral("CUST-1"), QStringLiteral("smileid:user-1")}));
    QCOMPARE(log->at(7).requestSummary.value(QStringLiteral("api_key")).toString(), QStringLiteral("***"));
}

void StoreTest::auditFilters()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    for (int i = 0; i < 6; ++i) {
        AuditEntry e = entry(QStringLiteral("intent"), QStringLiteral("r%1").arg(i),
                             i % 2 ? QStringLiteral("bob") : QStringLiteral("alice"));
        e.subjectIds = {QStringLiteral("S%1").arg(i % 3)};
        e.action = i < 3 ? QStringLiteral("smileid.is_fraudulent") : QStringLiteral("trustswiftly.reverify");
        QVERIFY(store->appendAudit(e, &error));
    }
    AuditFilter f;
    f.operatorName = QStringLiteral("bob");
    QCOMPARE(store->auditEntries(f, &error)->size(), 3);
    f = AuditFilter();
    f.subjectId = QStringLiteral("S1");
    QCOMPARE(store->auditEntries(f, &error)->size(), 2);
    f.subjectId = QStringLiteral("S"); // whole ids only
    QCOMPARE(store->auditEntries(f, &error)->size(), 0);
    f = AuditFilter();
    f.action = QStringLiteral("FRAUD");
    QCOMPARE(store->auditEntries(f, &error)->size(), 3);
    f = AuditFilter();
    f.limit = 2;
    const std::optional<QList<AuditEntry>> newest = store->auditEntries(f, &error);
    QVERIFY(newest);
    QCOMPARE(newest->size(), 2);
    QCOMPARE(newest->at(0).seq, qint64(5)); // oldest first
    QCOMPARE(newest->at(1).seq, qint64(6));
    f = AuditFilter();
    f.from = QDateTime::currentDateTimeUtc().addSecs(-60);
    f.to = QDateTime::currentDateTimeUtc().addSecs(60);
    QCOMPARE(store->auditEntries(f, &error)->size(), 6);
    f.from = QDateTime::currentDateTimeUtc().addSecs(30);
    QCOMPARE(store->auditEntries(f, &error)->size(), 0);
}

void StoreTest::auditIsAppendOnly()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QVERIFY(store->appendAudit(entry(QStringLiteral("sign-in")), nullptr));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("append-only")));
    QVERIFY(!rawExec(QStringLiteral("UPDATE audit SET reason = 'x' WHERE seq = 1")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("append-only")));
    QVERIFY(!rawExec(QStringLiteral("DELETE FROM audit")));
    QVERIFY(store->verifyAudit().ok);
}

void StoreTest::tamperingDetected_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("brokenSeq");
    QTest::addColumn<QString>("problem");
    QTest::newRow("reason changed") << "update-reason" << qint64(7)
                                    << "entry 7: hash does not match its contents";
    QTest::newRow("time changed") << "update-time" << qint64(4)
                                  << "entry 4: hash does not match its contents";
    QTest::newRow("row deleted") << "delete" << qint64(7) << "entry 7 missing (sequence jumps from 6 to 8)";
    QTest::newRow("first row deleted") << "delete-first" << qint64(1) << "entry 1 missing";
    QTest::newRow("rows swapped") << "swap" << qint64(7) << "entry 7:";
    QTest::newRow("prev_hash changed") << "prev-hash" << qint64(7) << "entry 7: its prev_hash does not match";
    QTest::newRow("row rewritten with a fresh hash")
        << "rehash" << qint64(8) << "entry 8: its prev_hash does not match the hash of entry 7";
}

void StoreTest::tamperingDetected()
{
    QFETCH(QString, kind);
    QFETCH(qint64, brokenSeq);
    QFETCH(QString, problem);
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    for (int i = 1; i <= 10; ++i) {
        AuditEntry e = entry(QStringLiteral("intent"), QStringLiteral("reason %1").arg(i));
        QVERIFY(store->appendAudit(e, &error));
    }
    QVERIFY(store->verifyAudit().ok);
    dropAuditTriggers();

    if (kind == QLatin1String("update-reason")) {
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = 'nothing to see' WHERE seq = 7")));
    } else if (kind == QLatin1String("update-time")) {
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 4")));
    } else if (kind == QLatin1String("delete")) {
        QVERIFY(rawExec(QStringLiteral("DELETE FROM audit WHERE seq = 7")));
    } else if (kind == QLatin1String("delete-first")) {
        QVERIFY(rawExec(QStringLiteral("DELETE FROM audit WHERE seq = 1")));
    } else if (kind == QLatin1String("swap")) {
        const QStringList columns = QString::fromLatin1(kAuditDataColumns).split(QStringLiteral(", "));
        QList<QVariantList> rows;
        for (int seq : {7, 8}) {
            QSqlQuery q;
            QVERIFY(rawExec(QStringLiteral("SELECT %1 FROM audit WHERE seq = %2")
                                .arg(QLatin1String(kAuditDataColumns))
                                .arg(seq),
                            {}, &q));
            QVERIFY(q.next());
            QVariantList values;
            for (int i = 0; i < columns.size(); ++i)
                values << q.value(i);
            rows << values;
        }
        QStringList assignments;
        for (const QString& c : columns)
            assignments << c + QStringLiteral(" = ?");
        const QString update =
            QStringLiteral("UPDATE audit SET %1 WHERE seq = ?").arg(assignments.join(QStringLiteral(", ")));
        QVERIFY(rawExec(update, rows.at(1) + QVariantList{7}));
        QVERIFY(rawExec(update, rows.at(0) + QVariantList{8}));
    } else if (kind == QLatin1String("prev-hash")) {
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET prev_hash = ? WHERE seq = 7"),
                        {QString(64, QLatin1Char('a'))}));
    } else if (kind == QLatin1String("rehash")) {
        // Someone who knows the algorithm rewrites entry 7 consistently; entry 8's link gives it away.
        AuditEntry seven = store->auditEntries({}, &error)->at(6);
        seven.reason = QStringLiteral("nothing to see");
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = ?, hash = ? WHERE seq = 7"),
                        {seven.reason, QString::fromLatin1(seven.computeHash())}));
    }

    const AuditVerification v = store->verifyAudit();
    QVERIFY(!v.ok);
    QCOMPARE(v.firstBrokenSeq, brokenSeq);
    QVERIFY2(v.problem.startsWith(problem), qPrintable(v.problem));
    // The same verdict from another console.
    std::unique_ptr<Store> other = openStore();
    QVERIFY(other);
    QCOMPARE(other->verifyAudit().firstBrokenSeq, brokenSeq);
}

void StoreTest::csvExportQuotesAndNeutralises()
{
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    const QStringList reasons = {QStringLiteral("=SUM(A1)"), QStringLiteral("+1"),
                                 QStringLiteral("-1"),       QStringLiteral("@x"),
                                 QStringLiteral("\tTab"),    QStringLiteral("\rCR"),
                                 QStringLiteral("\nLF"),     QStringLiteral("say \"hi\", then go"),
                                 QStringLiteral("plain")};
    QString error;
    for (const QString& reason : reasons)
        QVERIFY2(store->appendAudit(entry(QStringLiteral("intent"), reason), &error), qPrintable(error));
    const std::optional<QList<AuditEntry>> log = store->auditEntries({}, &error);
    QVERIFY(log);
    const QByteArray csv = AuditCsvExporter::toCsv(*log);

    // Parse strictly: every cell must be quoted, rows end with CRLF.
    QList<QStringList> rows;
    QStringList row;
    const QString text = QString::fromUtf8(csv);
    int i = 0;
    while (i < text.size()) {
        QVERIFY2(text.at(i) == QLatin1Char('"'),
                 qPrintable(QStringLiteral("unquoted cell at offset %1").arg(i)));
        ++i;
        QString cell;
        for (;;) {
            QVERIFY2(i < text.size(), "unterminated quoted cell");
            if (text.at(i) == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    cell += QLatin1Char('"');
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            cell += text.at(i++);
        }
        row << cell;
        if (text.mid(i, 2) == QLatin1String("\r\n")) {
            rows << row;
            row.clear();
            i += 2;
        } else {
            QVERIFY2(text.at(i) == QLatin1Char(','),
                     qPrintable(QStringLiteral("junk after a cell at %1").arg(i)));
            ++i;
        }
    }
    QCOMPARE(rows.size(), reasons.size() + 1);
    QCOMPARE(rows.at(0), AuditCsvExporter::header());
    const int reasonColumn = AuditCsvExporter::header().indexOf(QStringLiteral("reason"));
    const QStringList expected = {QStringLiteral("'=SUM(A1)"), QStringLiteral("'+1"),
                                  QStringLiteral("'-1"),       QStringLiteral("'@x"),
                                  QStringLiteral("'\tTab"),    QStringLiteral("'\rCR"),
                                  QStringLiteral("'\nLF"),     QStringLiteral("say \"hi\", then go"),
                                  QStringLiteral("plain")};
    for (int r = 0; r < reasons.size(); ++r) {
        QCOMPARE(rows.at(r + 1).size(), AuditCsvExporter::header().size());
        QCOMPARE(rows.at(r + 1).at(reasonColumn), expected.at(r));
        QCOMPARE(rows.at(r + 1).at(0), QString::number(r + 1));
        QCOMPARE(rows.at(r + 1).last(), QString::fromLatin1(log->at(r).hash));
    }
    QVERIFY(csv.contains("\"say \"\"hi\"\", then go\""));

    const QString path = QDir::temp().filePath(
        QStringLiteral("identitydesk-audit-%1.csv").arg(QUuid::createUuid().toString(QUuid::Id128)));
    QVERIFY2(AuditCsvExporter::writeFile(*log, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), csv);
    file.remove();
}

// -------------------------------------------------------------------------------------- fail closed

void StoreTest::failsClosedWhenDatabaseGoesAway()
{
    QString error;
    if (isSqlite()) {
        const QString path = m_dir->filePath(QStringLiteral("data/identitydesk.sqlite"));
        std::unique_ptr<Store> store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAudit(entry(QStringLiteral("sign-in")), &error));
        const qint64 before = *store->createAction(actionRecord(ActionRecord::State::PendingApproval),
                                                   entry(QStringLiteral("intent")), &error);

        if (!isRoot()) {
            // A read-only store cannot be opened for work (root ignores permissions, so only here).
            QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner));
            QVERIFY(QFile::setPermissions(m_dir->filePath(QStringLiteral("data")),
                                          QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            std::unique_ptr<Store> readOnly = openStore(&error);
            QVERIFY(!readOnly || !readOnly->appendAudit(entry(QStringLiteral("sign-in")), &error));
            QVERIFY2(error.contains(QLatin1String("readonly")), qPrintable(error));
            readOnly.reset();
            QVERIFY(QFile::setPermissions(m_dir->filePath(QStringLiteral("data")),
                                          QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner));
            QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        }

        // The file is deleted under the running store: SQLite would keep writing into the unlinked file.
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
        QVERIFY(!QFileInfo::exists(path));
        error.clear();
        QVERIFY(!store->appendAudit(entry(QStringLiteral("sign-in")), &error));
        QVERIFY2(error.contains(QLatin1String("has been deleted")), qPrintable(error));
        error.clear();
        QVERIFY(!store->createAction(actionRecord(ActionRecord::State::Sending),
                                     entry(QStringLiteral("intent")), &error));
        QVERIFY2(!error.isEmpty(), "no message");
        error.clear();
        ActionRecord moved = actionRecord(ActionRecord::State::Approved);
        QVERIFY(!store->transitionAction(before, ActionRecord::State::PendingApproval, moved,
                                         entry(QStringLiteral("approved")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!store->setPolicyRule(QStringLiteral("bulk"), false, &error));
        QVERIFY(!store->auditEntries({}, &error));
        QVERIFY(!store->operatorCount(&error));
        const AuditVerification v = store->verifyAudit();
        QVERIFY(!v.ok);
        QVERIFY(!v.problem.isEmpty());

        // The whole folder gone: the same.
        QVERIFY(QDir(m_dir->filePath(QStringLiteral("data"))).removeRecursively());
        QVERIFY(!store->appendAudit(entry(QStringLiteral("sign-in")), &error));
        QVERIFY(!store->createAction(actionRecord(ActionRecord::State::Sending),
                                     entry(QStringLiteral("intent")), &error));
        return;
    }

    // PostgreSQL: reach the server through a relay, then make the server vanish.
    const QUrl direct(m_url);
    TcpForwarder relay(direct.host(), quint16(direct.port(5432)));
    QVERIFY(relay.startForwarding());
    QUrl relayed = direct;
    relayed.setPort(relay.port());
    std::unique_ptr<Store> store = StoreFactory::open(relayed.toString(), &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(store->appendAudit(entry(QStringLiteral("sign-in")), &error));
    const qint64 before = *store->createAction(actionRecord(ActionRecord::State::PendingApproval),
                                               entry(QStringLiteral("intent")), &error);
    relay.stopForwarding();

    error.clear();
    QVERIFY(!store->appendAudit(entry(QStringLiteral("sign-in")), &error));
    QVERIFY2(error.contains(QLatin1String("PostgreSQL")), qPrintable(error));
    QVERIFY2(!error.contains(direct.password()), qPrintable(error));
    error.clear();
    QVERIFY(!store->createAction(actionRecord(ActionRecord::State::Sending), entry(QStringLiteral("intent")),
                                 &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    ActionRecord moved = actionRecord(ActionRecord::State::Approved);
    QVERIFY(!store->transitionAction(before, ActionRecord::State::PendingApproval, moved,
                                     entry(QStringLiteral("approved")), &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!store->auditEntries({}, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store->verifyAudit().ok);

    // Nothing was half-written: the server still has exactly the two entries, intact.
    std::unique_ptr<Store> check = openStore();
    QVERIFY(check);
    const AuditVerification v = check->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.entries, qint64(2));
    QCOMPARE(check->action(before, &error)->state, ActionRecord::State::PendingApproval);
}

void StoreTest::droppedConnectionReplaced()
{
    if (isSqlite())
        QSKIP("PostgreSQL only: a server restart drops every connection");
    std::unique_ptr<Store> store = openStore();
    QVERIFY(store);
    QString error;
    QVERIFY(store->appendAudit(entry(QStringLiteral("sign-in")), &error));
    const QString storeBackends =
        QStringLiteral("FROM pg_stat_activity WHERE application_name = 'IdentityDesk' "
                       "AND datname = current_database()");
    const auto dropStoreConnections = [&] {
        if (rawValue(QStringLiteral("SELECT COUNT(*) ") + storeBackends).toInt() != 1 ||
            !rawExec(QStringLiteral("SELECT pg_terminate_backend(pid) ") + storeBackends))
            return false;
        // Termination is asynchronous: wait until the backend is gone.
        for (int i = 0; i < 500; ++i) {
            if (rawValue(QStringLiteral("SELECT COUNT(*) ") + storeBackends).toInt() == 0)
                return true;
            QTest::qWait(10);
        }
        return false;
    };
    // A read after the drop: answered on a new connection.
    QVERIFY(dropStoreConnections());
    const std::optional<QList<AuditEntry>> log = store->auditEntries({}, &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->size(), 1);
    // A write after the drop: nothing had been sent yet, so it is made on a new connection.
    QVERIFY(dropStoreConnections());
    QVERIFY2(store->appendAudit(entry(QStringLiteral("sign-in")), &error), qPrintable(error));
    QVERIFY(dropStoreConnections());
    QVERIFY2(store->createAction(actionRecord(ActionRecord::State::Sending), entry(QStringLiteral("intent")),
                                 &error),
             qPrintable(error));
    const AuditVerification v = store->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.entries, qint64(3));
}

// -------------------------------------------------------------------------------------- concurrency

void StoreTest::twoStoresInterleavedKeepOneChain()
{
    std::unique_ptr<Store> a = openStore();
    std::unique_ptr<Store> b = openStore();
    QVERIFY(a && b);
    QString error;
    for (int i = 0; i < 40; ++i) {
        Store* store = i % 2 ? b.get() : a.get();
        QVERIFY2(store->appendAudit(entry(QStringLiteral("sign-in"), QStringLiteral("n%1").arg(i)), &error),
                 qPrintable(error));
    }
    const qint64 id = *a->createAction(actionRecord(ActionRecord::State::PendingApproval),
                                       entry(QStringLiteral("intent")), &error);
    ActionRecord approved = *b->action(id, &error);
    approved.state = ActionRecord::State::Approved;
    QVERIFY(b->transitionAction(id, ActionRecord::State::PendingApproval, approved,
                                entry(QStringLiteral("approved")), &error));
    for (Store* store : {a.get(), b.get()}) {
        const AuditVerification v = store->verifyAudit();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.entries, qint64(42));
    }
    const QList<AuditEntry> log = *a->auditEntries({}, &error);
    for (int i = 0; i < 40; ++i)
        QCOMPARE(log.at(i).reason, QStringLiteral("n%1").arg(i));
}

void StoreTest::twoStoresInThreadsKeepOneChain()
{
    QVERIFY(openStore()); // schema in place before the race
    const int threads = 3;
    const int perThread = 40;
    QStringList errors;
    QMutex errorsLock;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            QString error;
            std::unique_ptr<Store> store = StoreFactory::open(m_url, &error);
            for (int i = 0; store && i < perThread; ++i) {
                bool ok = false;
                if (i % 10 == 9)
                    ok = store
                             ->createAction(actionRecord(ActionRecord::State::PendingApproval),
                                            entry(QStringLiteral("intent")), &error)
                             .has_value();
                else
                    ok = store->appendAudit(
                        entry(QStringLiteral("sign-in"), QStringLiteral("t%1-%2").arg(t).arg(i)), &error);
                if (!ok)
                    break;
            }
            if (!error.isEmpty()) {
                QMutexLocker locker(&errorsLock);
                errors << error;
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    std::unique_ptr<Store> store = openStore();
    const AuditVerification v = store->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.entries, qint64(threads * perThread));
}

QTEST_GUILESS_MAIN(StoreTest)
#include "tst_store.moc"
