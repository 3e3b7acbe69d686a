// SPDX-License-Identifier: GPL-3.0-or-later
// The bulk job core in process: the store's bulk tables on SQLite and PostgreSQL, a row is never
// submitted twice, pause stops new rows (those in flight finish), resume completes the job, the job's
// approval is required and is not the initiator's, and a store locked by another console holds the
// rows back without stalling the event loop.
#include "SandboxServer.h"
#include "TestStore.h"
#include "domain/AuditEntry.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/OperatorService.h"
#include "services/SenderToken.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <chrono>
#include <future>
#include <thread>

#include <unistd.h>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
}

class TestBulkRunner : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void parserNamesLines();
    void storeKeepsJobsAndRows();
    void initiatorCannotApproveAndRowsNeedAnApprovedJob();
    void pauseAndResume();
    void aLockedStoreNeverStallsTheEventLoop();
    void concurrencyEightPutsEightOnTheWire();
    void aConsoleOnAnotherMachineHoldsALease();
    void rowsRepeatingAnUnknownActionSaySo();
    void anOutcomeThatCannotBeRecordedStopsTheJob();
    void onlyOneOfTwoConsolesClaimsAJob();
    void rowsAProviderNeverReceivedWaitForTheResume();
    void aPidTakenOverByAnotherProcessHoldsNothing();
    void rowsNotSentWhenTheConsoleClosesArePendingAgain();

private:
    /// An earlier action, by default one whose outcome is unknown; its id, 0 on failure.
    qint64 storedAction(const QString& provider, const QString& action, const QString& userId,
                        ActionRecord::State state = ActionRecord::State::Unresolved,
                        const QString& sender = QString());
    /// A connection of its own to the test store (not opened), as another console's would be.
    QSqlDatabase otherConnection(const QString& name) const;
    /// The statements with which another console's connection holds the store's write lock (for
    /// longer than a write waits for it) and lets it go.
    QString writeLockStatement() const;
    QString writeUnlockStatement() const;
    /// Sets a job's updated_at (its runner's lease) as another console's connection would.
    bool backdate(qint64 job, int seconds);
    std::unique_ptr<ActionService> serviceFor(const QString& name);
    QList<BulkRow> checkedRows(ActionService* service, int from, int count);
    /// A job of `count` checked rows submitted by `initiator` and approved by `approver`; 0 on failure.
    qint64 approvedJob(ActionService* initiator, ActionService* approver, int from, int count,
                       int concurrency);
    int enrolleeRequests() const;

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_dir;
};

void TestBulkRunner::init()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
    for (const auto& [name, role] :
         {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor}}) {
        Operator op;
        op.name = QString::fromLatin1(name);
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        QVERIFY(hash);
        QVERIFY2(m_store->addOperator(op, *hash, &error), qPrintable(error));
    }
    SandboxServer::Options options;
    options.users = 100;
    options.faults.latencyMs = 100;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    const QString profilePath =
        m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(profilePath, &error), qPrintable(error));
    auto profile = ConnectionProfile::load(profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    m_session = std::make_unique<Session>(*profile);
}

void TestBulkRunner::cleanup()
{
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
    m_testStore.reset();
}

std::unique_ptr<ActionService> TestBulkRunner::serviceFor(const QString& name)
{
    QString error;
    const std::optional<Operator> op = OperatorService(m_store.get()).signIn(name, kPassword, &error);
    if (!op)
        return nullptr;
    auto service = std::make_unique<ActionService>(m_store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : m_session->executors())
        service->registerExecutor(ex);
    return service;
}

int TestBulkRunner::enrolleeRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        n += r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")) ? 1 : 0;
    return n;
}

QList<BulkRow> TestBulkRunner::checkedRows(ActionService* service, int from, int count)
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
    return dryRun.rows();
}

qint64 TestBulkRunner::approvedJob(ActionService* initiator, ActionService* approver, int from, int count,
                                   int concurrency)
{
    QString error;
    const auto id =
        BulkJobService(initiator).submit(QStringLiteral("job-%1.csv").arg(from),
                                         checkedRows(initiator, from, count), QString(), concurrency, &error);
    if (!id) {
        qWarning("submit: %s", qPrintable(error));
        return 0;
    }
    ActionTicket* ok = approver->approve(*id);
    QSignalSpy okSpy(ok, &ActionTicket::finished);
    if (!okSpy.wait() || ok->failure() != ActionTicket::Failure::None)
        return 0;
    return *id;
}

void TestBulkRunner::parserNamesLines()
{
    QString error;
    const auto rows = BulkCsvParser::parse("provider,action,user_id,params,reason\r\n"
                                           "smileid,flag,REF-1,\"active=false\",\"two\nlines\"\r\n"
                                           "smileid,flag,REF-2,active=false;delete,r\r\n"
                                           "sdkfinance,reset,u,field=a.b;field=c.d,r\r\n"
                                           "trustswiftly,reverify,7,from=flow_MzA;to=flow_Mjk,r\r\n"
                                           "smartid,unenroll,x,bogus,r\r\n"
                                           "smileid,flag,REF-3\r\n",
                                           &error);
    QVERIFY2(rows, qPrintable(error));
    QCOMPARE(rows->size(), 6);
    QCOMPARE(rows->at(0).line, 2);
    QVERIFY(rows->at(0).isValid());
    QCOMPARE(rows->at(0).request.reason, QStringLiteral("two\nlines"));
    QCOMPARE(rows->at(1).line, 4); // the quoted line break counts
    QVERIFY(!rows->at(1).isValid());
    QCOMPARE(rows->at(2).request.params.value(QStringLiteral("fields")).toArray().size(), 2);
    QCOMPARE(rows->at(3).request.params.value(QStringLiteral("to")).toString(), QStringLiteral("flow_Mjk"));
    QVERIFY(!rows->at(4).isValid());
    QVERIFY(!rows->at(5).isValid());
    QCOMPARE(rows->at(5).line, 8);
    QVERIFY(!BulkCsvParser::parse("a,b,c\n", &error));
    QVERIFY(error.contains(QLatin1String("header")));
}

void TestBulkRunner::storeKeepsJobsAndRows()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    QVERIFY(olivia);
    QList<BulkRow> rows = checkedRows(olivia.get(), 1, 5);
    QCOMPARE(rows.size(), 5);
    rows[2].state = BulkRow::State::Invalid;
    rows[2].problem = QStringLiteral("=bad");
    BulkJobService jobs(olivia.get());
    QString error;
    const auto id = jobs.submit(QStringLiteral("/tmp/x.csv"), rows, QString(), 4, &error);
    QVERIFY2(id, qPrintable(error));
    auto job = m_store->bulkJob(*id, &error);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(job->fileName, QStringLiteral("x.csv"));
    QCOMPARE(job->concurrency, 4);
    QCOMPARE(job->initiator, QStringLiteral("olivia"));
    QCOMPARE(job->approvalState, ActionRecord::State::PendingApproval);
    QCOMPARE(job->runState, BulkJob::RunState::WaitingForApproval);
    QCOMPARE(job->counts.total, 5);
    QCOMPARE(job->counts.invalid, 1);
    QCOMPARE(job->counts.pending, 4);
    const auto pending = m_store->bulkJobRows(*id, 0, 2, true, &error);
    QVERIFY(pending);
    QCOMPARE(pending->size(), 2);
    QCOMPARE(pending->at(1).line, 3);
    const auto after = m_store->bulkJobRows(*id, 3, 0, true, &error);
    QCOMPARE(after->size(), 2); // line 4 is invalid
    QCOMPARE(after->at(0).line, 5);
    // The job is in the approvals queue as an action of provider "bulk".
    const auto queue = m_store->actionsInState(ActionRecord::State::PendingApproval, &error);
    QVERIFY(queue);
    QCOMPARE(queue->size(), 1);
    QCOMPARE(queue->first().id, *id);
    QCOMPARE(queue->first().request.provider, QStringLiteral("bulk"));
    Operator sam;
    sam.name = QStringLiteral("sam");
    sam.role = Role::Supervisor;
    // A pause is audited in the transaction that writes it.
    AuditEntry paused = BulkJob::auditEntry(*id, job->fileName, sam, QStringLiteral("paused"));
    paused.reason = QStringLiteral("lunch");
    bool changed = false;
    QVERIFY(m_store->setBulkJobRunStateAudited(*id, BulkJob::RunState::Paused, QStringLiteral("h:1"), paused,
                                               &changed, &error));
    QVERIFY(changed);
    QCOMPARE(m_store->bulkJob(*id, &error)->runState, BulkJob::RunState::Paused);
    const AuditEntry cancel = BulkJob::auditEntry(*id, job->fileName, sam, QStringLiteral("rows-cancelled"));
    QCOMPARE(*m_store->cancelPendingBulkRows(*id, cancel, &error), 4);
    QCOMPARE(m_store->bulkJobCounts(*id, &error)->cancelled, 4);
    QCOMPARE(*m_store->cancelPendingBulkRows(*id, cancel, &error), 0);
    QCOMPARE(m_store->bulkJobs(&error)->size(), 1);
    // A job that has ended is not resumed, and no resume is audited for it.
    const AuditEntry resumed = BulkJob::auditEntry(*id, job->fileName, sam, QStringLiteral("resumed"));
    QVERIFY(m_store->setBulkJobRunStateAudited(*id, BulkJob::RunState::Running, QStringLiteral("h:1"),
                                               resumed, &changed, &error));
    QVERIFY(!changed);
    QCOMPARE(m_store->bulkJob(*id, &error)->runState, BulkJob::RunState::Cancelled);
    // Every line is in the audit log under the job: the invalid one in the job's intent (with why), the
    // cancelled ones in the cancel's entry (with who).
    AuditFilter filter;
    filter.actionId = *id;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QCOMPARE(entries->size(), 4);
    const QJsonArray invalid = entries->at(0).requestSummary.value(QStringLiteral("invalid_rows")).toArray();
    QCOMPARE(entries->at(0).event, QStringLiteral("intent"));
    QCOMPARE(invalid.size(), 1);
    QCOMPARE(invalid.at(0).toObject().value(QStringLiteral("line")).toInt(), 4);
    QCOMPARE(invalid.at(0).toObject().value(QStringLiteral("problem")).toString(), QStringLiteral("=bad"));
    QCOMPARE(entries->at(1).event, QStringLiteral("paused"));
    QCOMPARE(entries->at(1).reason, QStringLiteral("lunch"));
    QCOMPARE(entries->at(2).event, QStringLiteral("rows-cancelled"));
    QCOMPARE(entries->at(2).operatorName, QStringLiteral("sam"));
    QCOMPARE(entries->at(2).requestSummary.value(QStringLiteral("bulk_job")).toDouble(), double(*id));
    QCOMPARE(entries->at(2).requestSummary.value(QStringLiteral("cancelled_lines")).toArray(),
             (QJsonArray{2, 3, 5, 6}));
    QCOMPARE(entries->at(3).requestSummary.value(QStringLiteral("cancelled_lines")).toArray(), QJsonArray());
    QVERIFY(!m_store->bulkJob(*id + 100, &error));
}

void TestBulkRunner::initiatorCannotApproveAndRowsNeedAnApprovedJob()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    QVERIFY(olivia && sam);
    const QList<BulkRow> rows = checkedRows(olivia.get(), 10, 3);
    BulkJobService jobs(olivia.get());
    QString error;
    const auto id = jobs.submit(QStringLiteral("a.csv"), rows, QString(), 8, &error);
    QVERIFY2(id, qPrintable(error));
    // No side door: a row of an unapproved job is refused before anything is written.
    BulkRow row = m_store->bulkJobRows(*id, 0, 1, true, &error)->first();
    ActionTicket* t = sam->submitJobRow(row.request, row.line);
    QSignalSpy spy(t, &ActionTicket::finished);
    QVERIFY(spy.wait());
    QCOMPARE(t->failure(), ActionTicket::Failure::NotPermitted);
    QVERIFY(!jobs.run(*id, &error));
    // The initiator cannot approve her own job.
    ActionTicket* own = olivia->approve(*id);
    QSignalSpy ownSpy(own, &ActionTicket::finished);
    QVERIFY(ownSpy.wait());
    QCOMPARE(own->failure(), ActionTicket::Failure::NotPermitted);
    QCOMPARE(enrolleeRequests(), 0);
    // A second supervisor approves: with run-on-approval the job runs here.
    BulkJobService samJobs(sam.get());
    samJobs.setRunOnApproval(true);
    QSignalSpy started(&samJobs, &BulkJobService::runnerStarted);
    ActionTicket* ok = sam->approve(*id);
    QSignalSpy okSpy(ok, &ActionTicket::finished);
    QVERIFY(okSpy.wait());
    QCOMPARE(ok->failure(), ActionTicket::Failure::None);
    QCOMPARE(started.size(), 1);
    BulkJobRunner* runner = samJobs.runner(*id);
    QVERIFY(runner);
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner->counts().succeeded, 3);
    QCOMPARE(enrolleeRequests(), 3);
    // A row already submitted is never submitted again, whoever asks.
    ActionTicket* again = sam->submitJobRow(row.request, row.line);
    QSignalSpy againSpy(again, &ActionTicket::finished);
    QVERIFY(againSpy.wait());
    QCOMPARE(again->failure(), ActionTicket::Failure::StoreFailed);
    QTest::qWait(200);
    QCOMPARE(enrolleeRequests(), 3);
}

void TestBulkRunner::pauseAndResume()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const int total = 40;
    const qint64 job = approvedJob(olivia.get(), sam.get(), 30, total, 2);
    QVERIFY(job > 0);
    QString error;
    BulkJobService jobs(sam.get());
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(runner->counts().succeeded >= 6, 20000);
    runner->pause(QStringLiteral("checking a complaint"));
    QCOMPARE(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Paused);
    QVERIFY(runner->inFlight() <= 2); // concurrency 2 for Smile ID
    QTRY_COMPARE_WITH_TIMEOUT(runner->unfinished(), 0, 10000);
    const int atPause = enrolleeRequests();
    QTest::qWait(600);
    QCOMPARE(enrolleeRequests(), atPause); // nothing new while paused
    QCOMPARE(runner->counts().succeeded, atPause);
    QVERIFY(atPause < total);
    // Paused jobs are offered for resuming (by a console that does not run them).
    BulkJobService other(sam.get());
    QCOMPARE(other.resumable(&error)->size(), 1);
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    runner->resume();
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner->counts().succeeded, total);
    QCOMPARE(enrolleeRequests(), total);
    QCOMPARE(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Finished);
    QCOMPARE(other.resumable(&error)->size(), 0);
    // Who paused, why, and who resumed are under the job.
    AuditFilter filter;
    filter.actionId = job;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QStringList events;
    for (const AuditEntry& e : *entries) {
        events << e.event;
        if (e.event == QLatin1String("paused")) {
            QCOMPARE(e.reason, QStringLiteral("checking a complaint"));
            QCOMPARE(e.operatorName, QStringLiteral("sam"));
        }
    }
    QCOMPARE(events.count(QStringLiteral("paused")), 1);
    QCOMPARE(events.count(QStringLiteral("resumed")), 1);
    QVERIFY(events.indexOf(QStringLiteral("paused")) < events.indexOf(QStringLiteral("resumed")));
}

void TestBulkRunner::aLockedStoreNeverStallsTheEventLoop()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const int total = 20;
    const qint64 job = approvedJob(olivia.get(), sam.get(), 50, total, 8);
    QVERIFY(job > 0);
    QString error;

    // Another console holds the write lock, as a long transaction or a slow disk would.
    const bool sqlite = StoreUrl::parse(m_testStore->url(), &error)->backend() == StoreUrl::Backend::Sqlite;
    {
        QSqlDatabase db = otherConnection(QStringLiteral("other-console"));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery lock(db);
        BulkJobService jobs(sam.get());
        BulkJobRunner* runner = jobs.run(job, &error);
        QVERIFY2(runner, qPrintable(error));
        // Taken before the runner's first turn of the event loop: not one intent can be written.
        if (sqlite) {
            QVERIFY2(lock.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(lock.lastError().text()));
        } else {
            QVERIFY(lock.exec(QStringLiteral("BEGIN")));
            QVERIFY2(lock.exec(QStringLiteral("LOCK TABLE bulk_job_rows IN EXCLUSIVE MODE")),
                     qPrintable(lock.lastError().text()));
        }
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        qint64 longestGap = 0;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        connect(&probe, &QTimer::timeout, this, [&] {
            longestGap = qMax(longestGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        probe.start(5);
        QTest::qWait(1500);
        // Fail closed: nothing is sent while the intents cannot be written, and the loop kept turning.
        QCOMPARE(enrolleeRequests(), 0);
        QCOMPARE(runner->counts().succeeded, 0);
        QVERIFY2(longestGap < 200, qPrintable(QString::number(longestGap)));
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        QSignalSpy finished(runner, &BulkJobRunner::finished);
        QVERIFY(runner->isFinished() || finished.wait(30000));
        probe.stop();
        QCOMPARE(runner->counts().succeeded, total);
        QCOMPARE(enrolleeRequests(), total);
        QVERIFY2(longestGap < 200, qPrintable(QString::number(longestGap)));
        qInfo("store locked for 1.5 s: the longest gap between 5 ms ticks was %lld ms", longestGap);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other-console"));
}

QString TestBulkRunner::writeLockStatement() const
{
    QString error;
    return StoreUrl::parse(m_testStore->url(), &error)->backend() == StoreUrl::Backend::Sqlite
               ? QStringLiteral("BEGIN IMMEDIATE")
               : QStringLiteral("SELECT pg_advisory_lock(5279436245868823636)");
}

QString TestBulkRunner::writeUnlockStatement() const
{
    QString error;
    return StoreUrl::parse(m_testStore->url(), &error)->backend() == StoreUrl::Backend::Sqlite
               ? QStringLiteral("COMMIT")
               : QStringLiteral("SELECT pg_advisory_unlock(5279436245868823636)");
}

QSqlDatabase TestBulkRunner::otherConnection(const QString& name) const
{
    QString error;
    const std::optional<StoreUrl> url = StoreUrl::parse(m_testStore->url(), &error);
    const bool sqlite = url->backend() == StoreUrl::Backend::Sqlite;
    QSqlDatabase db =
        QSqlDatabase::addDatabase(sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), name);
    if (sqlite) {
        db.setDatabaseName(url->sqlitePath());
    } else {
        db.setHostName(url->host());
        db.setPort(url->port());
        db.setUserName(url->userName());
        db.setPassword(url->password());
        db.setDatabaseName(url->databaseName());
    }
    return db;
}

bool TestBulkRunner::backdate(qint64 job, int seconds)
{
    bool ok = false;
    {
        QSqlDatabase db = otherConnection(QStringLiteral("clock"));
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE bulk_jobs SET updated_at = ? WHERE id = ?"));
            q.addBindValue(AuditEntry::formatTime(QDateTime::currentDateTimeUtc().addSecs(-seconds)));
            q.addBindValue(job);
            ok = q.exec() && q.numRowsAffected() == 1;
            if (!ok)
                qWarning("backdate: %s", qPrintable(q.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("clock"));
    return ok;
}

void TestBulkRunner::aConsoleOnAnotherMachineHoldsALease()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const qint64 job = approvedJob(olivia.get(), sam.get(), 70, 6, 2);
    QVERIFY(job > 0);
    QString error;
    // A console on another machine claimed it: its process cannot be asked, its lease can.
    const QString remote = QStringLiteral("console-7.example.invalid:4242");
    QVERIFY2(m_store->setBulkJobRunState(job, BulkJob::RunState::Running, remote, &error), qPrintable(error));
    // It had sent the first row when it was last heard from.
    const std::optional<QList<BulkRow>> first = m_store->bulkJobRows(job, 0, 1, true, &error);
    QVERIFY2(first && first->size() == 1, qPrintable(error));
    ActionRecord inFlight;
    inFlight.request = first->at(0).request;
    inFlight.request.jobId = QString::number(job);
    inFlight.initiator = QStringLiteral("olivia");
    inFlight.initiatorRole = Role::Officer;
    inFlight.state = ActionRecord::State::Sending;
    inFlight.sender = remote;
    inFlight.createdAt = inFlight.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry intent;
    intent.operatorName = QStringLiteral("sam");
    intent.role = QStringLiteral("supervisor");
    intent.event = QStringLiteral("intent");
    intent.action = inFlight.request.action;
    const std::optional<Store::BulkBatchResult> sent =
        m_store->recordBulkBatch({}, {Store::RowIntent{inFlight, intent, first->at(0).line}}, &error);
    QVERIFY2(sent && sent->ids.size() == 1 && sent->ids.at(0) > 0, qPrintable(error));
    const qint64 remoteRow = sent->ids.at(0);
    BulkJobService jobs(sam.get());
    QVERIFY(BulkJobService::runByAnotherConsole(*m_store->bulkJob(job, &error)));
    QCOMPARE(jobs.resumable(&error)->size(), 0);
    QVERIFY(!jobs.run(job, &error));
    QVERIFY2(error.contains(remote), qPrintable(error));

    // Renewed a minute ago: still its own.
    QVERIFY(backdate(job, BulkJob::kRunnerLeaseSeconds / 2));
    QVERIFY(BulkJobService::runByAnotherConsole(*m_store->bulkJob(job, &error)));
    QCOMPARE(jobs.resumable(&error)->size(), 0);

    // Not heard from for longer than the lease: that machine is gone, the job is offered and runs here.
    QVERIFY(backdate(job, BulkJob::kRunnerLeaseSeconds + 5));
    QVERIFY(!BulkJobService::runByAnotherConsole(*m_store->bulkJob(job, &error)));
    QCOMPARE(jobs.resumable(&error)->size(), 1);
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QCOMPARE(m_store->bulkJob(job, &error)->runner, ActionService::senderToken());
    // The row that console had in flight is Unresolved now (not in 15 minutes), and is not sent again.
    QCOMPARE(m_store->action(remoteRow, &error)->state, ActionRecord::State::Unresolved);
    QCOMPARE(runner->counts().unknown, 1);
    QCOMPARE(runner->counts().sending, 0);

    // This console renews its own claim, paused too, so that another machine does not take it over.
    runner->setHeartbeatInterval(100);
    QTRY_VERIFY_WITH_TIMEOUT(runner->counts().succeeded >= 1, 20000);
    runner->pause();
    QTRY_COMPARE_WITH_TIMEOUT(runner->unfinished(), 0, 10000);
    QVERIFY(backdate(job, BulkJob::kRunnerLeaseSeconds + 5));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_store->bulkJob(job, &error)->updatedAt.secsTo(QDateTime::currentDateTimeUtc()) < 5, 5000);
    QCOMPARE(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Paused);
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    runner->resume();
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner->counts().succeeded, 5);
    QCOMPARE(runner->counts().unknown, 1);
    QCOMPARE(enrolleeRequests(), 5);

    // Ended, the claim is not renewed any more (nor would a renewal revive it).
    QVERIFY(backdate(job, BulkJob::kRunnerLeaseSeconds + 5));
    QTest::qWait(400);
    QVERIFY(m_store->bulkJob(job, &error)->updatedAt.secsTo(QDateTime::currentDateTimeUtc()) >
            BulkJob::kRunnerLeaseSeconds);
    QVERIFY2(m_store->renewBulkJobRunner(job, ActionService::senderToken(), &error), qPrintable(error));
    QCOMPARE(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Finished);
    QVERIFY(m_store->bulkJob(job, &error)->updatedAt.secsTo(QDateTime::currentDateTimeUtc()) >
            BulkJob::kRunnerLeaseSeconds);
}

qint64 TestBulkRunner::storedAction(const QString& provider, const QString& action, const QString& userId,
                                    ActionRecord::State state, const QString& sender)
{
    ActionRecord a;
    a.request.provider = provider;
    a.request.action = action;
    a.request.userId = userId;
    a.request.reason = QStringLiteral("earlier");
    a.initiator = QStringLiteral("olivia");
    a.initiatorRole = Role::Officer;
    a.state = state;
    a.sender = sender;
    a.createdAt = a.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry intent;
    intent.operatorName = a.initiator;
    intent.role = QStringLiteral("officer");
    intent.event = QStringLiteral("intent");
    intent.action = action;
    intent.provider = provider;
    intent.subjectIds = QStringList{userId};
    intent.reason = a.request.reason;
    intent.outcome = ActionRecord::stateName(a.state);
    QString error;
    const std::optional<qint64> id = m_store->createAction(a, intent, &error);
    if (!id)
        qWarning("stored action: %s", qPrintable(error));
    return id.value_or(0);
}

void TestBulkRunner::rowsRepeatingAnUnknownActionSaySo()
{
    // A store with a history: many unresolved actions of other users, one of this job's user with the
    // same action, one of another of its users with a different action.
    const QString repeated = m_sandbox->population().user(80).referenceId;
    const QString otherAction = m_sandbox->population().user(81).referenceId;
    QList<qint64> history;
    for (int i = 0; i < 40; ++i)
        history << storedAction(QStringLiteral("smileid"), QStringLiteral("flag"),
                                QStringLiteral("OLD-%1").arg(i));
    const qint64 earlier = storedAction(QStringLiteral("smileid"), QStringLiteral("flag"), repeated);
    QVERIFY(storedAction(QStringLiteral("smileid"), QStringLiteral("delete"), otherAction) > 0);
    QVERIFY(earlier > 0 && !history.contains(0));

    // The store reads only the users asked about, in id order, however many are asked at once.
    QString error;
    QStringList asked{repeated, QStringLiteral("NOBODY")};
    for (int i = 39; i >= 0; i -= 2)
        asked << QStringLiteral("OLD-%1").arg(i) << QStringLiteral("OLD-%1").arg(i);
    const auto found = m_store->actionsInStateOf(ActionRecord::State::Unresolved, asked, &error);
    QVERIFY2(found, qPrintable(error));
    QList<qint64> ids;
    for (const ActionRecord& a : *found)
        ids << a.id;
    QList<qint64> expected;
    for (int i = 1; i < 40; i += 2)
        expected << history.at(i);
    expected << earlier;
    QCOMPARE(ids, expected);
    QCOMPARE(m_store->actionsInStateOf(ActionRecord::State::Unresolved, {}, &error)->size(), 0);
    QCOMPARE(m_store->actionsInStateOf(ActionRecord::State::Succeeded, {repeated}, &error)->size(), 0);

    // A job's row that repeats the unknown one is marked so (the provider is told, where it can be),
    // the others are not.
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const qint64 job = approvedJob(olivia.get(), sam.get(), 80, 3, 8);
    QVERIFY(job > 0);
    BulkJobService jobs(sam.get());
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(finished.wait(30000));
    const auto rows = m_store->bulkJobRows(job, 0, 0, false, &error);
    QVERIFY2(rows && rows->size() == 3, qPrintable(error));
    for (const BulkRow& row : *rows) {
        const std::optional<ActionRecord> sent = m_store->action(row.actionId, &error);
        QVERIFY2(sent, qPrintable(error));
        QCOMPARE(sent->request.params.contains(ActionRequest::afterUnknownKey()),
                 row.request.userId == repeated);
    }
}

void TestBulkRunner::concurrencyEightPutsEightOnTheWire()
{
    // Qt opens six connections per host and network manager: the job must not be held to six.
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const qint64 job = approvedJob(olivia.get(), sam.get(), 60, 16, 8);
    QVERIFY(job > 0);
    QString error;
    BulkJobService jobs(sam.get());
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner->counts().succeeded, 16);
    QList<qint64> arrivals;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
            arrivals << r.receivedAt.toMSecsSinceEpoch();
    std::sort(arrivals.begin(), arrivals.end());
    QCOMPARE(arrivals.size(), 16);
    // The sandbox answers after 100 ms: eight requests reached it before the first answer came back.
    QVERIFY2(arrivals.at(7) - arrivals.at(0) < 100,
             qPrintable(QString::number(arrivals.at(7) - arrivals.at(0))));
    // … and never a ninth.
    QVERIFY2(arrivals.at(8) - arrivals.at(0) >= 100,
             qPrintable(QString::number(arrivals.at(8) - arrivals.at(0))));
}

void TestBulkRunner::anOutcomeThatCannotBeRecordedStopsTheJob()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const int total = 4;
    const qint64 job = approvedJob(olivia.get(), sam.get(), 80, total, 8);
    QVERIFY(job > 0);
    QString error;
    {
        QSqlDatabase db = otherConnection(QStringLiteral("outcome-lock"));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery lock(db);
        // The job's intents are written in one batch before its first request leaves; as that request
        // reaches the sandbox (which answers it 100 ms later), another console takes the write lock for
        // longer than a write waits for it. Taken then, no answer can be recorded before it, however
        // slowly the machine brings the other requests onto the wire.
        bool locked = false;
        QString lockError;
        const QMetaObject::Connection watch = connect(
            m_sandbox.get(), &SandboxServer::requestReceived, this, [&](const RecordedRequest& request) {
                if (locked || !request.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
                    return;
                locked = lock.exec(writeLockStatement());
                if (!locked)
                    lockError = lock.lastError().text();
            });
        const auto unwatch = qScopeGuard([&] { disconnect(watch); });
        BulkJobService jobs(sam.get());
        BulkJobRunner* runner = jobs.run(job, &error);
        QVERIFY2(runner, qPrintable(error));
        runner->setHeartbeatInterval(500); // a state the store refused is written again at each beat
        QTRY_COMPARE_WITH_TIMEOUT(enrolleeRequests(), total, 10000);
        QVERIFY2(locked, qPrintable(lockError));
        QTRY_COMPARE_WITH_TIMEOUT(runner->unfinished(), 0, 15000);
        // The provider's answers could not be recorded: the job stops and says why; it has not finished.
        QCOMPARE(runner->state(), BulkJob::RunState::Paused);
        QVERIFY2(runner->problem().contains(QLatin1String("audit log")), qPrintable(runner->problem()));
        QVERIFY(!runner->isFinished());
        QCOMPARE(runner->counts().unknown, total);
        QCOMPARE(runner->counts().succeeded, 0);
        // Resumed while the store still refuses writes (nothing is left to send: the job ends). The
        // pause, the resume and the end are written once the store takes them, in that order.
        QSignalSpy finished(runner, &BulkJobRunner::finished);
        runner->resume();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QVERIFY(lock.exec(writeUnlockStatement()));
        QTRY_COMPARE_WITH_TIMEOUT(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Finished,
                                  20000);
        AuditFilter filter;
        filter.actionId = job;
        QStringList events;
        for (const AuditEntry& e : m_store->auditEntries(filter, &error).value_or(QList<AuditEntry>()))
            events << e.event;
        QCOMPARE(events.count(QStringLiteral("paused")), 1);
        QCOMPARE(events.count(QStringLiteral("resumed")), 1);
        QVERIFY2(events.indexOf(QStringLiteral("paused")) < events.indexOf(QStringLiteral("resumed")),
                 qPrintable(events.join(QLatin1Char(' '))));
        // The rows stay "sending" in the store (Unresolved at the next start); none is sent again.
        QCOMPARE(m_store->bulkJob(job, &error)->counts.sending, total);
        QCOMPARE(enrolleeRequests(), total);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outcome-lock"));
}

void TestBulkRunner::onlyOneOfTwoConsolesClaimsAJob()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const qint64 job = approvedJob(olivia.get(), sam.get(), 90, 3, 2);
    QVERIFY(job > 0);
    QString error;
    const std::optional<BulkJob> read = m_store->bulkJob(job, &error);
    QVERIFY2(read, qPrintable(error));
    // Both consoles read the job before either claimed it; only the first claim holds.
    const AuditEntry resumed =
        BulkJob::auditEntry(job, read->fileName, *sam->currentOperator(), QStringLiteral("resumed"));
    bool first = false;
    bool second = false;
    QVERIFY2(m_store->claimBulkJob(job, read->runState, read->runner,
                                   QStringLiteral("console-a.example.invalid:1"), resumed, &first, &error),
             qPrintable(error));
    QVERIFY2(m_store->claimBulkJob(job, read->runState, read->runner,
                                   QStringLiteral("console-b.example.invalid:2"), resumed, &second, &error),
             qPrintable(error));
    QVERIFY(first);
    QVERIFY(!second);
    const std::optional<BulkJob> after = m_store->bulkJob(job, &error);
    QCOMPARE(after->runState, BulkJob::RunState::Running);
    QCOMPARE(after->runner, QStringLiteral("console-a.example.invalid:1"));
    AuditFilter filter;
    filter.actionId = job;
    int resumedEntries = 0;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    for (const AuditEntry& e : *entries)
        resumedEntries += e.event == QLatin1String("resumed") ? 1 : 0;
    QCOMPARE(resumedEntries, 1);
    // This console is refused too: the job runs elsewhere, and nothing of it is sent from here.
    BulkJobService jobs(sam.get());
    QVERIFY(!jobs.run(job, &error));
    QVERIFY2(error.contains(QLatin1String("console-a.example.invalid")), qPrintable(error));
    QTest::qWait(300);
    QCOMPARE(enrolleeRequests(), 0);
}

void TestBulkRunner::rowsAProviderNeverReceivedWaitForTheResume()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const int total = 3;
    const qint64 job = approvedJob(olivia.get(), sam.get(), 20, total, 2);
    QVERIFY(job > 0);
    // The provider goes away: every connection is refused, so nothing can have been processed.
    const quint16 port = m_sandbox->port();
    m_sandbox.reset();
    QString error;
    {
        BulkJobService jobs(sam.get());
        BulkJobRunner* runner = jobs.run(job, &error);
        QVERIFY2(runner, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(runner->state() == BulkJob::RunState::Paused && runner->unfinished() == 0,
                                 20000);
        // Paused with the reason, not finished with every row "rejected".
        QVERIFY2(runner->problem().contains(QLatin1String("Resume the job")), qPrintable(runner->problem()));
        QVERIFY(!runner->isFinished());
        QCOMPARE(runner->counts().rejected, 0);
        QCOMPARE(runner->counts().unknown, 0);
        QCOMPARE(runner->counts().pending, total);
    }
    const std::optional<BulkJob> paused = m_store->bulkJob(job, &error);
    QVERIFY2(paused, qPrintable(error));
    QCOMPARE(paused->runState, BulkJob::RunState::Paused);
    QCOMPARE(paused->counts.pending, total);
    QCOMPARE(paused->counts.rejected, 0);
    QCOMPARE(paused->counts.sending, 0);
    // The attempts are in the audit log as not sent, under the job.
    const auto entries = m_store->auditEntries(AuditFilter(), &error);
    QVERIFY2(entries, qPrintable(error));
    int outcomes = 0;
    for (const AuditEntry& e : *entries) {
        if (e.event != QLatin1String("outcome"))
            continue;
        ++outcomes;
        QCOMPARE(e.outcome, QStringLiteral("not-sent"));
        QCOMPARE(e.requestSummary.value(QStringLiteral("bulk_job")).toVariant().toLongLong(), job);
    }
    QVERIFY(outcomes > 0);
    // The provider is back: a resume sends every row once, and the job finishes.
    SandboxServer::Options options;
    options.users = 100;
    options.port = port;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    const QString profilePath = m_dir.filePath(QStringLiteral("back.json"));
    QVERIFY2(m_sandbox->writeProfile(profilePath, &error), qPrintable(error));
    auto profile = ConnectionProfile::load(profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    sam.reset();
    olivia.reset();
    m_session = std::make_unique<Session>(*profile);
    auto samAgain = serviceFor(QStringLiteral("sam"));
    BulkJobService jobs(samAgain.get());
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(runner->counts().succeeded, total);
    QCOMPARE(m_store->bulkJob(job, &error)->counts.succeeded, total);
    QCOMPARE(enrolleeRequests(), total);
}

void TestBulkRunner::aPidTakenOverByAnotherProcessHoldsNothing()
{
#ifndef Q_OS_LINUX
    QSKIP("The start of a process is read from /proc");
#else
    // A console of this machine wrote these tokens, then stopped; its pid now belongs to a process that
    // started later (here: the test's parent, whose start is not the one written).
    const QString live = SenderToken::forProcess(::getppid());
    const QString reused = live.section(QLatin1Char(':'), 0, 1) + QStringLiteral(":00000000.1");
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const qint64 job = approvedJob(olivia.get(), sam.get(), 90, 3, 2);
    QVERIFY(job > 0);
    QString error;
    QVERIFY2(m_store->setBulkJobRunState(job, BulkJob::RunState::Running, live, &error), qPrintable(error));
    BulkJobService jobs(sam.get());
    QVERIFY(BulkJobService::runByAnotherConsole(*m_store->bulkJob(job, &error)));
    QVERIFY(!jobs.run(job, &error));
    QVERIFY2(error.contains(SenderToken::display(live)) && !error.contains(live), qPrintable(error));

    // Renewed just now, but by a process that is not the one running: the job is offered and runs here.
    QVERIFY2(m_store->setBulkJobRunState(job, BulkJob::RunState::Running, reused, &error), qPrintable(error));
    QVERIFY(!BulkJobService::runByAnotherConsole(*m_store->bulkJob(job, &error)));
    QCOMPARE(jobs.resumable(&error)->size(), 1);
    BulkJobRunner* runner = jobs.run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner->counts().succeeded, 3);

    // An action that process was sending a moment ago is interrupted; one the live process sends is not.
    const qint64 stopped = storedAction(QStringLiteral("smileid"), QStringLiteral("flag"),
                                        QStringLiteral("REF-stopped"), ActionRecord::State::Sending, reused);
    const qint64 running = storedAction(QStringLiteral("smileid"), QStringLiteral("flag"),
                                        QStringLiteral("REF-running"), ActionRecord::State::Sending, live);
    QVERIFY(stopped > 0 && running > 0);
    QCOMPARE(sam->recoverInterrupted(&error), 1);
    QCOMPARE(m_store->action(stopped, &error)->state, ActionRecord::State::Unresolved);
    QCOMPARE(m_store->action(running, &error)->state, ActionRecord::State::Sending);
#endif
}

void TestBulkRunner::rowsNotSentWhenTheConsoleClosesArePendingAgain()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    const int total = 8;
    const qint64 job = approvedJob(olivia.get(), sam.get(), 10, total, 8);
    QVERIFY(job > 0);
    QString error;
    auto jobs = std::make_unique<BulkJobService>(sam.get());
    BulkJobRunner* runner = jobs->run(job, &error);
    QVERIFY2(runner, qPrintable(error));
    // Before the first rows' intents are written, another console holds the write lock for 1.5 s: the
    // intents are committed only while this console is closing, so none of those rows is sent.
    std::promise<bool> locked;
    std::thread holder(
        [this, &locked, lockStatement = writeLockStatement(), unlock = writeUnlockStatement()] {
            {
                QSqlDatabase db = otherConnection(QStringLiteral("close-lock"));
                QSqlQuery lock(db);
                locked.set_value(db.open() && lock.exec(lockStatement));
                std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                lock.exec(unlock);
            }
            QSqlDatabase::removeDatabase(QStringLiteral("close-lock"));
        });
    const bool lockTaken = locked.get_future().get();
    // The rows start, and their intents go to the store's writer (in the next turn), which waits for the
    // lock. (No check may return before the holder is joined.)
    const bool started = QTest::qWaitFor([runner] { return runner->unfinished() == total; }, 10000);
    QTest::qWait(200);
    const int sentBeforeClosing = enrolleeRequests();
    jobs.reset();
    sam.reset(); // the console closes: its writer commits the intents, then they are released
    holder.join();
    QVERIFY(lockTaken);
    QVERIFY(started);
    QCOMPARE(sentBeforeClosing, 0);
    QCOMPARE(enrolleeRequests(), 0);

    // Each of those rows is pending again; its action says it was not sent (nothing is Unresolved).
    const std::optional<BulkJob> read = m_store->bulkJob(job, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->counts.sending, 0);
    QCOMPARE(read->counts.pending, total);
    int notSent = 0;
    for (const ActionRecord& a :
         m_store->actionsInState(ActionRecord::State::Failed, &error).value_or(QList<ActionRecord>()))
        notSent +=
            a.request.jobId == QString::number(job) && a.outcomeMessage.contains(QLatin1String("closed")) ? 1
                                                                                                          : 0;
    QCOMPARE(notSent, total);
    QCOMPARE(m_store->actionsInState(ActionRecord::State::Sending, &error)->size(), 0);

    // The next console resumes the job and sends each row once.
    auto next = serviceFor(QStringLiteral("sam"));
    BulkJobService nextJobs(next.get());
    BulkJobRunner* resumed = nextJobs.run(job, &error);
    QVERIFY2(resumed, qPrintable(error));
    QSignalSpy finished(resumed, &BulkJobRunner::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(resumed->counts().succeeded, total);
    QCOMPARE(enrolleeRequests(), total);
    QCOMPARE(m_store->verifyAudit().ok, true);
}

QTEST_MAIN(TestBulkRunner)
#include "tst_bulk_runner.moc"
