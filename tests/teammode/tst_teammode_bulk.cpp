// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 31: bulk jobs in a team store whose rules PostgreSQL enforces. An officer submits a job (the
// server hashes its rows into the job's intent), a supervisor approves it, the officer's console sends
// every row through the sandbox over real TLS and the audit chain verifies; the initiator cannot
// approve their own job; an operator cannot change a row after approval, and a row changed with the
// owner's credential is refused before it is sent. A store of team mode 1 is upgraded by admin init.
#include "SandboxServer.h"
#include "TeamClusterAdmin.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"
#include "store/TeamSchema.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <memory>

namespace {
const char kPassword[] = "correct horse battery";
}

class TeamModeBulkTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void officerSubmitsSupervisorApprovesEveryRowIsSent();
    void theInitiatorCannotApproveTheirOwnJob();
    void aRowChangedAfterApprovalIsNeverSent();
    void rowsAndTheirHashesChangedTogetherStopTheJob();
    void aTeamModeOneStoreIsUpgraded();

private:
    std::unique_ptr<SqlStore> openAs(const QString& user, QString* error) const;
    /// A console signed in as `name` (m_prefix + name), with the sandbox's executors.
    ActionService* console(const QString& name);
    QSqlDatabase raw(const QString& user);
    bool adminExec(const QString& sql, QString* error);
    QList<BulkRow> checkedRows(ActionService* service, int from, int count);
    qint64 approvedJob(int from, int count);
    int enrolleeRequests() const;

    QUrl m_admin;
    QString m_db;
    QString m_prefix;
    QMap<QString, QString> m_passwords; ///< login → password
    std::vector<std::unique_ptr<SqlStore>> m_stores;
    std::map<QString, std::unique_ptr<ActionService>> m_consoles;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_dir;
    QStringList m_connections;
};

std::unique_ptr<SqlStore> TeamModeBulkTest::openAs(const QString& user, QString* error) const
{
    QUrl u = m_admin;
    u.setUserName(user);
    u.setPassword(user == m_admin.userName() ? m_admin.password() : m_passwords.value(user));
    u.setPath(QLatin1Char('/') + m_db);
    const std::optional<StoreUrl> parsed = StoreUrl::parse(u.toString(), error);
    if (!parsed)
        return nullptr;
    auto store = std::make_unique<SqlStore>(*parsed);
    if (!store->open(error))
        return nullptr;
    return store;
}

ActionService* TeamModeBulkTest::console(const QString& name)
{
    const QString login = m_prefix + name;
    if (auto it = m_consoles.find(login); it != m_consoles.end())
        return it->second.get();
    QString error;
    auto store = openAs(login, &error);
    if (!store) {
        qWarning("open as %s: %s", qPrintable(login), qPrintable(error));
        return nullptr;
    }
    const std::optional<Operator> op = OperatorService(store.get()).signIn(login, QString(), &error);
    if (!op) {
        qWarning("sign in as %s: %s", qPrintable(login), qPrintable(error));
        return nullptr;
    }
    auto service = std::make_unique<ActionService>(store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : m_session->executors())
        service->registerExecutor(ex);
    m_stores.push_back(std::move(store));
    return (m_consoles[login] = std::move(service)).get();
}

QSqlDatabase TeamModeBulkTest::raw(const QString& user)
{
    const QString name = QStringLiteral("rawbulk-") + user;
    if (!QSqlDatabase::contains(name))
        m_connections << name;
    return TeamClusterAdmin(m_admin).connect(
        name, m_db, user, user == m_admin.userName() ? m_admin.password() : m_passwords.value(user));
}

bool TeamModeBulkTest::adminExec(const QString& sql, QString* error)
{
    return TeamClusterAdmin(m_admin).exec(sql, error);
}

QList<BulkRow> TeamModeBulkTest::checkedRows(ActionService* service, int from, int count)
{
    QByteArray csv = "provider,action,user_id,params,reason\n";
    for (int i = from; i < from + count; ++i)
        csv += "smileid,flag," + m_sandbox->population().user(quint32(i)).referenceId.toUtf8() +
               ",active=false,dormant\n";
    QString error;
    const auto rows = BulkCsvParser::parse(csv, &error);
    if (!rows)
        return {};
    BulkDryRun dryRun(service, *rows);
    QSignalSpy done(&dryRun, &BulkDryRun::finished);
    dryRun.start();
    if (done.isEmpty())
        done.wait(10000);
    return dryRun.rows();
}

qint64 TeamModeBulkTest::approvedJob(int from, int count)
{
    ActionService* off = console(QStringLiteral("off"));
    ActionService* sup = console(QStringLiteral("sup"));
    if (!off || !sup)
        return 0;
    QString error;
    const auto id = BulkJobService(off).submit(QStringLiteral("team-%1.csv").arg(from),
                                               checkedRows(off, from, count), QString(), 8, &error);
    if (!id) {
        qWarning("submit: %s", qPrintable(error));
        return 0;
    }
    ActionTicket* ok = sup->approve(*id);
    QSignalSpy okSpy(ok, &ActionTicket::finished);
    if (!okSpy.wait() || ok->failure() != ActionTicket::Failure::None) {
        qWarning("approve: %s", qPrintable(ok->message()));
        return 0;
    }
    return *id;
}

int TeamModeBulkTest::enrolleeRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        n += r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")) ? 1 : 0;
    return n;
}

void TeamModeBulkTest::initTestCase()
{
    const QString admin = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (admin.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_admin = QUrl(admin);
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(10);
    m_db = QStringLiteral("idbulk_") + id;
    m_prefix = QStringLiteral("b") + id + QLatin1Char('_');
    QString error;
    QVERIFY2(adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_db), &error), qPrintable(error));
    {
        // Operators made the shared-credential way, then admin init makes them login roles.
        auto owner = openAs(m_admin.userName(), &error);
        QVERIFY2(owner, qPrintable(error));
        OperatorService ops(owner.get());
        const std::optional<Operator> sup = ops.addOperator(std::nullopt, m_prefix + QStringLiteral("sup"),
                                                            Role::Supervisor, kPassword, &error);
        QVERIFY2(sup, qPrintable(error));
        QVERIFY2(ops.addOperator(sup, m_prefix + QStringLiteral("off"), Role::Officer, kPassword, &error),
                 qPrintable(error));
        Store::TeamModeReport report;
        QVERIFY2(owner->initTeamMode(false, &report, &error), qPrintable(error));
        for (const Store::TeamModeReport::Login& l : report.newLogins)
            m_passwords.insert(l.name, l.oneTimePassword);
        QCOMPARE(m_passwords.size(), 2);
    }
    SandboxServer::Options options;
    options.users = 40;
    options.faults.latencyMs = 5;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    const QString profilePath = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(profilePath, &error), qPrintable(error));
    auto profile = ConnectionProfile::load(profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    m_session = std::make_unique<Session>(*profile);
}

void TeamModeBulkTest::cleanupTestCase()
{
    m_consoles.clear();
    m_stores.clear();
    m_session.reset();
    m_sandbox.reset();
    for (const QString& c : std::as_const(m_connections)) {
        QSqlDatabase::database(c).close();
        QSqlDatabase::removeDatabase(c);
    }
    if (m_db.isEmpty())
        return;
    TeamClusterAdmin(m_admin).dropStore(m_db, m_passwords.keys());
}

void TeamModeBulkTest::officerSubmitsSupervisorApprovesEveryRowIsSent()
{
    ActionService* off = console(QStringLiteral("off"));
    QVERIFY(off);
    const int before = enrolleeRequests();
    const qint64 id = approvedJob(1, 4);
    QVERIFY(id > 0);
    QString error;
    auto owner = openAs(m_admin.userName(), &error);
    QVERIFY2(owner, qPrintable(error));
    // The job's intent carries the server's hash over its rows.
    AuditFilter filter;
    filter.actionId = id;
    const auto entries = owner->auditEntries(filter, &error);
    QVERIFY2(entries && !entries->isEmpty(), qPrintable(error));
    QCOMPARE(entries->constFirst().event, QStringLiteral("intent"));
    QCOMPARE(entries->constFirst().operatorName, m_prefix + QStringLiteral("off"));
    QCOMPARE(entries->constFirst().requestSummary.value(QStringLiteral("rows")).toInt(), 4);
    QCOMPARE(entries->constFirst().requestSummary.value(QStringLiteral("rows_hash")).toString().size(), 64);

    BulkJobService jobs(off);
    BulkJobRunner* runner = jobs.run(id, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(runner->isFinished() || finished.wait(20000));
    QCOMPARE(runner->counts().succeeded, 4);
    QCOMPARE(enrolleeRequests() - before, 4);
    // Every row's action: asked for by the job's initiator, approved by its approver.
    const auto rows = owner->bulkJobRows(id, 0, 0, false, &error);
    QVERIFY2(rows && rows->size() == 4, qPrintable(error));
    for (const BulkRow& row : *rows) {
        const std::optional<ActionRecord> a = owner->action(row.actionId, &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->state, ActionRecord::State::Succeeded);
        QCOMPARE(a->initiator, m_prefix + QStringLiteral("off"));
        QCOMPARE(a->decidedBy, m_prefix + QStringLiteral("sup"));
    }
    QCOMPARE(owner->bulkJob(id, &error)->runState, BulkJob::RunState::Finished);
    const AuditVerification v = owner->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
}

void TeamModeBulkTest::theInitiatorCannotApproveTheirOwnJob()
{
    ActionService* sup = console(QStringLiteral("sup"));
    QVERIFY(sup);
    QString error;
    const auto id =
        BulkJobService(sup).submit(QStringLiteral("own.csv"), checkedRows(sup, 10, 2), QString(), 2, &error);
    QVERIFY2(id, qPrintable(error));
    // Past the console: the server applies four-eyes from the stored initiator.
    QSqlDatabase db = raw(m_prefix + QStringLiteral("sup"));
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
    QSqlQuery q(db);
    QVERIFY(
        !q.exec(QStringLiteral("SELECT identitydesk_transition_action(%1, 'pending-approval', 'approved', "
                               "'mine', 0, '', '', '', 'approved', 'a', 'bulk', '[]', 'r', '{}', '{}', "
                               "'{}', 'o')")
                    .arg(*id)));
    QVERIFY2(q.lastError().databaseText().contains(QLatin1String("four-eyes")),
             qPrintable(q.lastError().databaseText()));
    QCOMPARE(sup->store()->bulkJob(*id, &error)->approvalState, ActionRecord::State::PendingApproval);
    // Nor can it be run unapproved.
    QVERIFY(!BulkJobService(sup).run(*id, &error));
}

void TeamModeBulkTest::aRowChangedAfterApprovalIsNeverSent()
{
    const qint64 id = approvedJob(20, 4);
    QVERIFY(id > 0);
    // An officer or a supervisor cannot change, add or unhash a row: no write privilege.
    for (const QString& who : {m_prefix + QStringLiteral("off"), m_prefix + QStringLiteral("sup")}) {
        QSqlDatabase db = raw(who);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        for (const QString& sql :
             {QStringLiteral("UPDATE bulk_job_rows SET user_id = 'REF-000039' WHERE job_id = %1").arg(id),
              QStringLiteral("UPDATE bulk_job_rows SET row_hash = '' WHERE job_id = %1").arg(id),
              QStringLiteral(
                  "INSERT INTO bulk_job_rows SELECT job_id, line + 100, provider, action, user_id, "
                  "params, params_text, reason, problem, preview, state, NULL, row_hash FROM "
                  "bulk_job_rows WHERE job_id = %1")
                  .arg(id),
              QStringLiteral(
                  "INSERT INTO bulk_jobs SELECT id + 1000, file_name, run_state, concurrency, runner, "
                  "total, invalid, updated_at, rows_hash FROM bulk_jobs WHERE id = %1")
                  .arg(id),
              QStringLiteral("SELECT identitydesk_seal_bulk_rows(%1)").arg(id)}) {
            QSqlQuery q(db);
            QVERIFY2(!q.exec(sql), qPrintable(who + QStringLiteral(": ") + sql));
            QVERIFY2(q.lastError().databaseText().contains(QLatin1String("permission denied")),
                     qPrintable(q.lastError().databaseText()));
        }
    }
    // With the owner's credential (a stolen one, or a careless DBA): line 3 now names another user.
    QSqlDatabase owner = raw(m_admin.userName());
    QVERIFY2(owner.isOpen(), qPrintable(owner.lastError().text()));
    QSqlQuery tamper(owner);
    QVERIFY2(
        tamper.exec(QStringLiteral("UPDATE bulk_job_rows SET user_id = 'REF-000039' WHERE job_id = %1 AND "
                                   "line = 3")
                        .arg(id)),
        qPrintable(tamper.lastError().text()));

    const int before = enrolleeRequests();
    QString error;
    BulkJobService jobs(console(QStringLiteral("off")));
    BulkJobRunner* runner = jobs.run(id, &error);
    QVERIFY2(runner, qPrintable(error));
    // The server refuses line 3 before it is sent: the job stops there, the other rows are sent.
    QTRY_VERIFY_WITH_TIMEOUT(runner->state() == BulkJob::RunState::Paused && runner->unfinished() == 0,
                             20000);
    QCOMPARE(runner->counts().succeeded, 3);
    QCOMPARE(enrolleeRequests() - before, 3);
    QVERIFY2(runner->problem().contains(QLatin1String("changed")), qPrintable(runner->problem()));
    auto store = openAs(m_admin.userName(), &error);
    QVERIFY2(store, qPrintable(error));
    const auto rows = store->bulkJobRows(id, 2, 1, false, &error);
    QVERIFY2(rows && rows->size() == 1, qPrintable(error));
    QCOMPARE(rows->constFirst().line, 3);
    QCOMPARE(rows->constFirst().state, BulkRow::State::Invalid);
    QCOMPARE(rows->constFirst().actionId, 0);
    AuditFilter filter;
    filter.actionId = id;
    const auto entries = store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool refused = false;
    for (const AuditEntry& e : *entries)
        refused = refused || (e.event == QLatin1String("bulk-row-refused") &&
                              e.requestSummary.value(QStringLiteral("bulk_line")).toInt() == 3);
    QVERIFY(refused);
    const AuditVerification v = store->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
}

void TeamModeBulkTest::rowsAndTheirHashesChangedTogetherStopTheJob()
{
    const qint64 id = approvedJob(30, 2);
    QVERIFY(id > 0);
    // The owner rewrites a row and its hash alike: the hash over all rows no longer matches the one in
    // the job's intent, so the job does not start.
    QSqlDatabase owner = raw(m_admin.userName());
    QSqlQuery tamper(owner);
    QVERIFY2(tamper.exec(QStringLiteral("UPDATE bulk_job_rows SET user_id = 'REF-000039', row_hash = "
                                        "identitydesk_bulk_row_hash(job_id, line, provider, action, "
                                        "'REF-000039', params, reason, true) WHERE job_id = %1 AND line = 2")
                             .arg(id)),
             qPrintable(tamper.lastError().text()));
    const int before = enrolleeRequests();
    QString error;
    BulkJobService jobs(console(QStringLiteral("off")));
    QVERIFY(!jobs.run(id, &error));
    QVERIFY2(error.contains(QLatin1String("not the rows that were submitted")), qPrintable(error));
    QCOMPARE(enrolleeRequests(), before);
}

void TeamModeBulkTest::aTeamModeOneStoreIsUpgraded()
{
    // A store as admin init of team mode 1 left it: no row hashes, no bulk functions.
    QSqlDatabase owner = raw(m_admin.userName());
    QStringList downgrade{QStringLiteral("ALTER TABLE bulk_job_rows DROP COLUMN row_hash"),
                          QStringLiteral("ALTER TABLE bulk_jobs DROP COLUMN rows_hash"),
                          QStringLiteral("UPDATE store_info SET value = '1' WHERE name = 'team_mode'")};
    for (const TeamSchema::Function& f : TeamSchema::functions())
        if (f.signature.contains(QLatin1String("bulk")))
            downgrade << QStringLiteral("DROP FUNCTION %1").arg(f.signature);
    for (const QString& sql : std::as_const(downgrade)) {
        QSqlQuery q(owner);
        QVERIFY2(q.exec(sql), qPrintable(sql + QStringLiteral(": ") + q.lastError().text()));
    }
    QString error;
    auto admin = openAs(m_admin.userName(), &error);
    QVERIFY2(admin, qPrintable(error));
    Store::TeamModeReport check;
    QVERIFY2(admin->initTeamMode(true, &check, &error), qPrintable(error));
    const QString problems = check.problems.join(QLatin1Char('\n'));
    QVERIFY2(problems.contains(QLatin1String("team mode 1")), qPrintable(problems));
    QVERIFY2(problems.contains(QLatin1String("row_hash")), qPrintable(problems));
    QVERIFY2(problems.contains(QLatin1String("identitydesk_claim_bulk_row")), qPrintable(problems));
    {
        // A console says what to run.
        auto offStore = openAs(m_prefix + QStringLiteral("off"), &error);
        QVERIFY2(offStore, qPrintable(error));
        ActionService off(offStore.get());
        for (ActionExecutor* ex : m_session->executors())
            off.registerExecutor(ex);
        off.setOperator(
            *OperatorService(offStore.get()).signIn(m_prefix + QStringLiteral("off"), QString(), &error));
        QVERIFY(!BulkJobService(&off).submit(QStringLiteral("old.csv"), checkedRows(&off, 1, 1), QString(), 1,
                                             &error));
        QVERIFY2(error.contains(QLatin1String("admin init")), qPrintable(error));
    }
    const AuditVerification before = admin->verifyAudit();
    Store::TeamModeReport report;
    QVERIFY2(admin->initTeamMode(false, &report, &error), qPrintable(error));
    Store::TeamModeReport again;
    QVERIFY2(admin->initTeamMode(true, &again, &error), qPrintable(error));
    QVERIFY2(again.problems.isEmpty(), qPrintable(again.problems.join(QLatin1Char('\n'))));
    // Nothing rewritten: the jobs made before are sealed by entries of their own, then the upgrade's.
    const AuditVerification after = admin->verifyAudit();
    QVERIFY2(after.ok, qPrintable(after.problem));
    QCOMPARE(admin->auditHash(before.headSeq, &error).value_or(QByteArray()), before.headHash);
    QVERIFY(after.entries > before.entries + 1);
    // And bulk jobs work again, from a console that connects now.
    m_consoles.clear();
    const int sent = enrolleeRequests();
    const qint64 id = approvedJob(35, 2);
    QVERIFY(id > 0);
    BulkJobService jobs(console(QStringLiteral("off")));
    BulkJobRunner* runner = jobs.run(id, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(runner->isFinished() || finished.wait(20000));
    QCOMPARE(enrolleeRequests() - sent, 2);
}

QTEST_GUILESS_MAIN(TeamModeBulkTest)
#include "tst_teammode_bulk.moc"
