// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety and faults of the action pipeline, end to end: identitydesk-cli against the sandbox
// (in this process, recording every request with its body) and a real SQLite store.
//
// killedAtRandomMoments: `smileid flag USER --active false` (one user per run) is killed with
// SIGKILL at a random moment of its life (start-up, sign-in, intent, request in flight, outcome),
// then the CLI is started again (which recovers interrupted actions). At the end every run is
// accounted for exactly once: per user at most one action in the store and at most one request at
// the sandbox; a request never without an intent; every action ends Succeeded (and was sent) or
// Unresolved (for a person to check) — none is left Sending; the audit chain verifies.
//
// bulkKilledAtRandomMoments: a bulk job (one Smile ID row per user) is approved with
// `approvals approve`, which runs it in the CLI, and that CLI is killed with SIGKILL at a random
// moment; then `jobs resume` is started and killed the same way, again and again, and finally left
// to finish. guiKilledAtRandomMoments: the same for the console's window (crashsafety_gui_driver: the
// real MainWindow, approving by clicks in the Approvals tab and resuming from the Jobs tab's banner),
// with single actions that need approval besides a bulk job. Both are checked like the single runs:
// per user at most one action and one request, never a request without an intent, every action
// Succeeded or Unresolved, the job finished, the chain verifies.
//
// faultsLoseNothing: `trustswiftly reverify` for many users while the sandbox injects 500s before
// processing, drops the connection after processing, delays answers and rate-limits (429).
// Per user: at most one request that was not a 429 (nothing sent twice without a person's
// decision), every run's action is in the store in a final state that matches its exit code and
// what the sandbox did, and the audit chain verifies.
//
// faultsInABulkJobLoseNothing: the same promise for many actions at once, in this process: a bulk
// job of Smile ID flags and Trust Swiftly re-verifications at concurrency 8 while the sandbox
// answers 5 % with 500 before processing, drops 1 % after processing, delays 1 % of the answers by
// 1.5 s and rate-limits Trust Swiftly below what the console assumes (so 429s come back).
//
// The counts come from the environment so that tools/crash-safety can run the long version:
// IDENTITYDESK_CRASH_KILLS (default 8), IDENTITYDESK_BULK_KILLS and IDENTITYDESK_GUI_KILLS (default 4
// each), IDENTITYDESK_FAULT_ACTIONS (default 16), IDENTITYDESK_FAULT_ROWS (default 400),
// IDENTITYDESK_FAULT_SPEC (default high rates so that every fault happens in a short run),
// IDENTITYDESK_CRASH_SEED (default: random, printed).

#include "SandboxServer.h"
#include "domain/ActionRecord.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {
const QString kPassword = QStringLiteral("crash-safety-password");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QByteArray describe() const { return "exit " + QByteArray::number(code) + "\n" + out + "\n" + err; }
};

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue(name, &ok);
    return ok ? n : fallback;
}
} // namespace

class tst_CrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedAtRandomMoments();
    void bulkKilledAtRandomMoments();
    void guiKilledAtRandomMoments();
    void faultsLoseNothing();
    void faultsInABulkJobLoseNothing();

private:
    void startSandbox(const Faults& faults, quint32 users = 2000);
    void newStore();
    QProcess* start(const QStringList& args, const QString& operatorName);
    Run finish(QProcess* p, int timeoutMs = 90000);
    Run cli(const QStringList& args, const QString& operatorName, const QString& newPassword = QString());
    /// Every action in the store, by the provider's user id.
    QMultiHash<QString, ActionRecord> actionsByUser();
    /// Requests that reached `pathEnd`, by the user id in their JSON body.
    QMultiHash<QString, RecordedRequest> requestsByUser(const QString& pathEnd);
    struct Tally
    {
        int none = 0, notSent = 0, sentUnknown = 0, succeeded = 0;
    };
    /// Every Smile ID action of these users accounted for exactly once (see the top of the file).
    void accountForEnrolleeActions(const QStringList& users, Tally* tally);
    /// A bulk job of one `active=false` row per user, submitted by the officer (it waits for approval).
    qint64 submitBulkJob(const QStringList& users);
    /// Kills `p` at a random moment between fromMs and untilMs unless it ends first; true when it was killed.
    bool killWithin(QProcess* p, int fromMs, int untilMs);

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_storeUrl;
    QRandomGenerator m_random;
};

void tst_CrashSafety::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const quint32 seed =
        quint32(envInt("IDENTITYDESK_CRASH_SEED", int(QRandomGenerator::global()->bounded(1 << 30))));
    qInfo("seed %u (IDENTITYDESK_CRASH_SEED reproduces the kill moments)", seed);
    m_random.seed(seed);
}

void tst_CrashSafety::startSandbox(const Faults& faults, quint32 users)
{
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = users;
    options.requestLogLimit = 0; // every request is compared with the store, however many
    options.faults = faults;
    options.rateLimitWindowMs = 3000; // a 429's Retry-After is then a few seconds, not a minute
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("profile-%1.json").arg(m_sandbox->port()));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
}

void tst_CrashSafety::newStore()
{
    m_storeUrl = QStringLiteral("sqlite:") +
                 m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(m_random.bounded(1 << 30)));
    Run r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("sue"),
                 QStringLiteral("--role"), QStringLiteral("supervisor")},
                QString(), kPassword);
    QVERIFY2(r.code == 0, r.describe());
    r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("oz"),
             QStringLiteral("--role"), QStringLiteral("officer")},
            QStringLiteral("sue"), kPassword);
    QVERIFY2(r.code == 0, r.describe());
}

QProcess* tst_CrashSafety::start(const QStringList& args, const QString& operatorName)
{
    auto* p = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), kPassword);
    p->setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"), m_storeUrl};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p->setStandardInputFile(QProcess::nullDevice());
    p->start(QStringLiteral(CLI_PATH), all + args);
    return p;
}

Run tst_CrashSafety::finish(QProcess* p, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (p->state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10); // the sandbox lives in this process
    Run r;
    r.code =
        p->state() == QProcess::NotRunning && p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    r.out = p->readAllStandardOutput();
    r.err = p->readAllStandardError();
    p->deleteLater();
    return r;
}

Run tst_CrashSafety::cli(const QStringList& args, const QString& operatorName, const QString& newPassword)
{
    Q_UNUSED(newPassword)
    return finish(start(args, operatorName));
}

QMultiHash<QString, ActionRecord> tst_CrashSafety::actionsByUser()
{
    QMultiHash<QString, ActionRecord> byUser;
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(m_storeUrl, &error);
    if (!store)
        qFatal("the store does not open after the kills: %s", qPrintable(error));
    for (int s = int(ActionRecord::State::PendingApproval); s <= int(ActionRecord::State::Cancelled); ++s) {
        const auto list = store->actionsInState(ActionRecord::State(s), &error);
        if (!list)
            qFatal("cannot list actions: %s", qPrintable(error));
        for (const ActionRecord& a : *list)
            byUser.insert(a.request.userId, a);
    }
    const AuditVerification v = store->verifyAudit();
    if (!v.ok)
        qFatal("the audit chain does not verify: %s", qPrintable(v.problem));
    qInfo("audit chain verifies: %lld entries", v.entries);
    return byUser;
}

QMultiHash<QString, RecordedRequest> tst_CrashSafety::requestsByUser(const QString& pathEnd)
{
    QMultiHash<QString, RecordedRequest> byUser;
    for (const RecordedRequest& r : m_sandbox->requestLog()) {
        if (!r.path.endsWith(pathEnd))
            continue;
        const QJsonValue id = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("user_id"));
        byUser.insert(id.isString() ? id.toString() : QString::number(id.toInteger()), r);
    }
    return byUser;
}

void tst_CrashSafety::killedAtRandomMoments()
{
    Faults faults;
    faults.latencyMs = 300; // a wide window with the request at the sandbox and no answer yet
    startSandbox(faults);
    newStore();
    const int kills = envInt("IDENTITYDESK_CRASH_KILLS", 8);
    const auto flag = [this](int n) {
        return start({QStringLiteral("smileid"), QStringLiteral("flag"),
                      m_sandbox->population().user(quint32(n)).referenceId, QStringLiteral("--active"),
                      QStringLiteral("false"), QStringLiteral("--reason"),
                      QStringLiteral("crash-safety run %1").arg(n)},
                     QStringLiteral("oz"));
    };
    // Calibrate: how long one whole run takes here (start-up, PBKDF2 sign-in, request, outcome).
    QElapsedTimer clock;
    clock.start();
    Run r = finish(flag(1));
    QVERIFY2(r.code == 0, r.describe());
    const int lifeMs = int(clock.elapsed());
    qInfo("one run takes %d ms; killing %d runs at random moments within %d ms", lifeMs, kills,
          lifeMs * 11 / 10);

    QStringList users{m_sandbox->population().user(1).referenceId};
    int killedRunning = 0;
    for (int i = 0; i < kills; ++i) {
        const int n = 2 + i;
        users << m_sandbox->population().user(quint32(n)).referenceId;
        QProcess* p = flag(n);
        const int delay = int(m_random.bounded(quint32(lifeMs * 11 / 10)));
        QDeadlineTimer until(delay);
        while (!until.hasExpired() && p->state() != QProcess::NotRunning)
            QTest::qWait(qMin(10, int(until.remainingTime()) + 1));
        if (p->state() != QProcess::NotRunning) {
            ::kill(pid_t(p->processId()), SIGKILL);
            ++killedRunning;
        }
        finish(p, 10000);
        // Restart: the next start of the CLI recovers what the killed one left in flight.
        r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
                QStringLiteral("sue"));
        QVERIFY2(r.code == 0, r.describe());
    }
    QTest::qWait(500); // answers still being delayed by the sandbox's latency

    Tally t;
    accountForEnrolleeActions(users, &t);
    qInfo("%d runs (%d killed while running): %d killed before the intent, %d unresolved before sending, "
          "%d unresolved after sending, %d succeeded",
          int(users.size()), killedRunning, t.none, t.notSent, t.sentUnknown, t.succeeded);
}

void tst_CrashSafety::accountForEnrolleeActions(const QStringList& users, Tally* tally)
{
    const QMultiHash<QString, ActionRecord> actions = actionsByUser();
    const QMultiHash<QString, RecordedRequest> requests =
        requestsByUser(QStringLiteral("/api/v2/partner/enrollee"));
    Tally& t = *tally;
    for (const QString& user : users) {
        const QList<ActionRecord> mine = actions.values(user);
        const int sent = int(requests.count(user));
        QVERIFY2(mine.size() <= 1, qPrintable(user + QStringLiteral(": more than one action")));
        QVERIFY2(sent <= 1, qPrintable(user + QStringLiteral(": sent %1 times").arg(sent)));
        if (mine.isEmpty()) {
            QVERIFY2(sent == 0, qPrintable(user + QStringLiteral(": sent without an intent in the store")));
            ++t.none;
            continue;
        }
        const ActionRecord& a = mine.first();
        QVERIFY2(a.state == ActionRecord::State::Succeeded || a.state == ActionRecord::State::Unresolved,
                 qPrintable(user + QStringLiteral(": left in state %1").arg(int(a.state))));
        if (a.state == ActionRecord::State::Succeeded) {
            QVERIFY2(sent == 1, qPrintable(user + QStringLiteral(": succeeded without a request")));
            ++t.succeeded;
        } else if (sent == 0) {
            ++t.notSent;
        } else {
            ++t.sentUnknown;
        }
    }
    QCOMPARE(t.none + t.notSent + t.sentUnknown + t.succeeded, int(users.size()));
}

qint64 tst_CrashSafety::submitBulkJob(const QStringList& users)
{
    QByteArray csv = "provider,action,user_id,params,reason\n";
    for (const QString& user : users)
        csv += "smileid,flag," + user.toUtf8() + ",active=false,crash-safety bulk\n";
    const QString path = m_dir.filePath(QStringLiteral("job-%1.csv").arg(m_random.bounded(1 << 30)));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        return 0;
    file.close();
    const Run r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), path}, QStringLiteral("oz"));
    if (r.code != 5) {
        qWarning("bulk: %s", r.describe().constData());
        return 0;
    }
    const qint64 id =
        qint64(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("job_id")).toDouble());
    if (id <= 0)
        qWarning("bulk: no job id in %s", r.out.constData());
    return id;
}

bool tst_CrashSafety::killWithin(QProcess* p, int fromMs, int untilMs)
{
    const int delay = fromMs + int(m_random.bounded(quint32(qMax(1, untilMs - fromMs))));
    QDeadlineTimer until(delay);
    while (!until.hasExpired() && p->state() != QProcess::NotRunning)
        QTest::qWait(qMin(10, int(until.remainingTime()) + 1));
    if (p->state() == QProcess::NotRunning)
        return false;
    ::kill(pid_t(p->processId()), SIGKILL);
    return true;
}

void tst_CrashSafety::bulkKilledAtRandomMoments()
{
    Faults faults;
    faults.latencyMs = 150; // rows in flight at any moment
    startSandbox(faults);
    newStore();
    const int kills = envInt("IDENTITYDESK_BULK_KILLS", 4);
    // Jobs of twelve rows. Each run takes the first job not finished yet: `approvals approve` runs a
    // job waiting for approval, `jobs resume` one that a killed run left; with none left, a new job.
    QStringList users;
    QList<qint64> jobs;
    int next = 200;
    const auto newJob = [&] {
        QStringList rows;
        for (int k = 0; k < 12; ++k, ++next)
            rows << m_sandbox->population().user(quint32(next)).referenceId;
        users += rows;
        const qint64 job = submitBulkJob(rows);
        if (job > 0)
            jobs << job;
        return job > 0;
    };
    const auto nextCommand = [&]() -> QStringList {
        QString error;
        const std::unique_ptr<Store> store = StoreFactory::open(m_storeUrl, &error);
        for (const qint64 job : std::as_const(jobs)) {
            const std::optional<BulkJob> j = store ? store->bulkJob(job, &error) : std::nullopt;
            if (!j || j->runState == BulkJob::RunState::Finished)
                continue;
            if (j->approvalState == ActionRecord::State::PendingApproval)
                return {QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(job)};
            return {QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)};
        }
        return {};
    };
    // Calibrate: one whole job, from start-up to its last outcome.
    QVERIFY(newJob());
    QElapsedTimer clock;
    clock.start();
    Run r = cli(nextCommand(), QStringLiteral("sue"));
    QVERIFY2(r.code == 0, r.describe());
    const int lifeMs = int(clock.elapsed());
    qInfo("one job takes %d ms; killing %d runs at random moments within %d ms", lifeMs, kills,
          lifeMs * 11 / 10);
    int killed = 0;
    for (int i = 0; i < kills; ++i) {
        if (nextCommand().isEmpty())
            QVERIFY(newJob());
        QProcess* p = start(nextCommand(), QStringLiteral("sue"));
        killed += killWithin(p, 0, lifeMs * 11 / 10) ? 1 : 0;
        r = finish(p, 60000);
        QVERIFY2(r.code == -1 || r.code == 0 || r.code == 6, r.describe());
    }
    // Then every job is finished (each run exits 0, or 6 when rows ended Unresolved).
    for (QStringList command = nextCommand(); !command.isEmpty(); command = nextCommand()) {
        r = cli(command, QStringLiteral("sue"));
        QVERIFY2(r.code == 0 || r.code == 6, r.describe());
    }
    QTest::qWait(300); // answers still being delayed by the sandbox's latency
    Tally t;
    accountForEnrolleeActions(users, &t);
    QCOMPARE(t.none, 0); // a finished job has an action for every row
    qInfo(
        "%d bulk jobs of 12 rows, %d runs killed: %d unresolved before sending, %d unresolved after sending, "
        "%d succeeded",
        int(jobs.size()), killed, t.notSent, t.sentUnknown, t.succeeded);
}

void tst_CrashSafety::guiKilledAtRandomMoments()
{
    Faults faults;
    faults.latencyMs = 150;
    startSandbox(faults);
    newStore();
    const int kills = envInt("IDENTITYDESK_GUI_KILLS", 4);
    // Before each run of the window: two single actions that need a supervisor (mark fraudulent)
    // and a bulk job of eight rows, all for the window to approve.
    QStringList users;
    int next = 500;
    const auto requestWork = [&] {
        for (int k = 0; k < 2; ++k, ++next) {
            const QString user = m_sandbox->population().user(quint32(next)).referenceId;
            users << user;
            const Run r =
                cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--fraudulent"),
                     QStringLiteral("true"), QStringLiteral("--reason"), QStringLiteral("ring %1").arg(next)},
                    QStringLiteral("oz"));
            if (r.code != 5)
                return false;
        }
        QStringList rows;
        for (int k = 0; k < 8; ++k, ++next)
            rows << m_sandbox->population().user(quint32(next)).referenceId;
        users += rows;
        return submitBulkJob(rows) > 0;
    };
    const auto window = [this] {
        auto* p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p->setProcessEnvironment(env);
        p->start(QStringLiteral(GUI_DRIVER_PATH),
                 {QStringLiteral("--store"), m_storeUrl, QStringLiteral("--profile"), m_profile,
                  QStringLiteral("--operator"), QStringLiteral("sue")});
        return p;
    };
    // Calibrate: how long the window takes to start with nothing to do, and with one round of work.
    QElapsedTimer clock;
    clock.start();
    Run r = finish(window(), 150000);
    QVERIFY2(r.code == 0, r.describe());
    const int startMs = int(clock.elapsed());
    QVERIFY(requestWork());
    clock.restart();
    r = finish(window(), 150000);
    QVERIFY2(r.code == 0, r.describe());
    const int lifeMs = int(clock.elapsed());
    // Most kills fall in the work (approvals, the job's rows), a few in the start-up.
    const int fromMs = startMs * 8 / 10;
    const int untilMs = qMax(fromMs + 1, lifeMs * 11 / 10);
    qInfo("the window starts in %d ms and does a round of work in %d ms; killing %d rounds at random moments "
          "between %d and %d ms",
          startMs, lifeMs, kills, fromMs, untilMs);
    int killed = 0;
    for (int i = 0; i < kills; ++i) {
        QVERIFY(requestWork());
        QProcess* p = window();
        killed += killWithin(p, fromMs, untilMs) ? 1 : 0;
        r = finish(p, 150000);
        QVERIFY2(r.code == -1 || r.code == 0, r.describe());
    }
    // The last start recovers, resumes what was interrupted and finishes.
    r = finish(window(), 150000);
    QVERIFY2(r.code == 0, r.describe());
    QTest::qWait(300);
    Tally t;
    accountForEnrolleeActions(users, &t);
    QCOMPARE(t.none, 0); // every single action was requested, every row belongs to a finished job
    qInfo("window killed %d times: %d actions (single and bulk rows): %d unresolved before sending, %d "
          "unresolved after sending, %d succeeded",
          killed, int(users.size()), t.notSent, t.sentUnknown, t.succeeded);
}

void tst_CrashSafety::faultsLoseNothing()
{
    QString why;
    const auto faults = Faults::parse(
        qEnvironmentVariable(
            "IDENTITYDESK_FAULT_SPEC",
            QStringLiteral("latency=30,error-rate=0.2,drop-after-processing=0.15,rate-limit=2/min")),
        &why);
    QVERIFY2(faults.has_value(), qPrintable(why));
    startSandbox(*faults);
    newStore();
    const int runs = envInt("IDENTITYDESK_FAULT_ACTIONS", 16);
    QHash<QString, int> exitCodes;
    for (int i = 0; i < runs; ++i) {
        const PopulationUser& u = m_sandbox->population().user(quint32(100 + i));
        const QString to = u.currentWorkflowId == QLatin1String("flow_Mjk") ? QStringLiteral("flow_MzA")
                                                                            : QStringLiteral("flow_Mjk");
        const Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(u.id),
                           QStringLiteral("--from"), u.currentWorkflowId, QStringLiteral("--to"), to,
                           QStringLiteral("--reason"), QStringLiteral("fault run %1").arg(i)},
                          QStringLiteral("oz"));
        QVERIFY2(r.code == 0 || r.code == 3 || r.code == 4 || r.code == 6, r.describe());
        exitCodes.insert(QString::number(u.id), r.code);
    }

    const QMultiHash<QString, ActionRecord> actions = actionsByUser();
    const QMultiHash<QString, RecordedRequest> requests =
        requestsByUser(QStringLiteral("/api/user/document/reverify"));
    QMap<QString, int> tally;
    for (auto it = exitCodes.cbegin(); it != exitCodes.cend(); ++it) {
        const QString& user = it.key();
        const QList<ActionRecord> mine = actions.values(user);
        QVERIFY2(mine.size() == 1, qPrintable(user + QStringLiteral(": %1 actions").arg(mine.size())));
        const ActionRecord& a = mine.first();
        int notRateLimited = 0;
        bool processed = false;
        for (const RecordedRequest& req : requests.values(user)) {
            if (req.status != 429)
                ++notRateLimited;
            if ((req.status >= 200 && req.status < 300 && req.fault.isEmpty()) ||
                req.fault == QLatin1String("drop-after-processing"))
                processed = true;
        }
        QVERIFY2(notRateLimited <= 1,
                 qPrintable(user + QStringLiteral(": sent %1 times").arg(notRateLimited)));
        switch (it.value()) {
        case 0:
            QVERIFY2(a.state == ActionRecord::State::Succeeded && processed, qPrintable(user));
            tally[QStringLiteral("succeeded")]++;
            break;
        case 6:
            QVERIFY2(a.state == ActionRecord::State::Unresolved, qPrintable(user));
            tally[processed ? QStringLiteral("unresolved, processed")
                            : QStringLiteral("unresolved, not processed")]++;
            break;
        default: // 3 or 4: refused or a fault that proves nothing was done
            QVERIFY2(a.state == ActionRecord::State::Failed,
                     qPrintable(user + QStringLiteral(": state %1").arg(int(a.state))));
            QVERIFY2(!processed, qPrintable(user + QStringLiteral(": failed but processed")));
            tally[QStringLiteral("failed, not processed")]++;
            break;
        }
    }
    int rateLimited = 0;
    for (const RecordedRequest& req : requests)
        rateLimited += req.status == 429;
    QStringList summary;
    for (auto it = tally.cbegin(); it != tally.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    qInfo("%d runs with faults %s: %s; %d answers were 429 (retried, never processed)", runs,
          qPrintable(faults->toString()), qPrintable(summary.join(QStringLiteral(", "))), rateLimited);
}

void tst_CrashSafety::faultsInABulkJobLoseNothing()
{
    QString why;
    const auto faults = Faults::parse(
        qEnvironmentVariable(
            "IDENTITYDESK_BULK_FAULT_SPEC",
            QStringLiteral("latency=20,error-rate=0.05,drop-after-processing=0.01,spike=0.01:1500,"
                           "rate-limit=30/min")),
        &why);
    QVERIFY2(faults.has_value(), qPrintable(why));
    const int total = envInt("IDENTITYDESK_FAULT_ROWS", 400);
    startSandbox(*faults,
                 quint32(qMax(2000, total + 10))); // the rate limit counts in a 3 s window: 30 per 3 s
    newStore();
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(m_storeUrl, &error);
    QVERIFY2(store, qPrintable(error));
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profile, &error);
    QVERIFY2(profile, qPrintable(error));
    Session session(*profile);
    // The console believes in twice the server's limit: the server's 429s do the rest.
    session.client<TrustSwiftlyClient>()->setRateLimit(60, 3000);
    const auto serviceFor = [&](const QString& name) {
        auto service = std::make_unique<ActionService>(store.get());
        const std::optional<Operator> op = OperatorService(store.get()).signIn(name, kPassword, &error);
        if (op)
            service->setOperator(*op);
        for (ActionExecutor* ex : session.executors())
            service->registerExecutor(ex);
        return service;
    };
    auto oz = serviceFor(QStringLiteral("oz"));
    auto sue = serviceFor(QStringLiteral("sue"));

    // Four Smile ID rows to one Trust Swiftly row, each for a user of its own.
    QByteArray csv = "provider,action,user_id,params,reason\n";
    QStringList smileUsers, trustUsers;
    for (int i = 0; i < total; ++i) {
        const PopulationUser& u = m_sandbox->population().user(quint32(1 + i));
        if (i % 5 == 4) {
            const QString to = u.currentWorkflowId == QLatin1String("flow_Mjk") ? QStringLiteral("flow_MzA")
                                                                                : QStringLiteral("flow_Mjk");
            trustUsers << QString::number(u.id);
            csv += QStringLiteral("trustswiftly,reverify,%1,from=%2;to=%3,fault run\n")
                       .arg(u.id)
                       .arg(u.currentWorkflowId, to)
                       .toUtf8();
        } else {
            smileUsers << u.referenceId;
            csv += "smileid,flag," + u.referenceId.toUtf8() + ",active=false,fault run\n";
        }
    }
    const std::optional<QList<BulkRow>> parsed = BulkCsvParser::parse(csv, &error);
    QVERIFY2(parsed, qPrintable(error));
    BulkDryRun dryRun(oz.get(), *parsed);
    QSignalSpy checked(&dryRun, &BulkDryRun::finished);
    dryRun.start();
    QVERIFY(dryRun.isFinished() || checked.wait(60000));
    QCOMPARE(dryRun.invalidCount(), 0);
    const std::optional<qint64> job =
        BulkJobService(oz.get()).submit(QStringLiteral("faults.csv"), dryRun.rows(), QString(), 8, &error);
    QVERIFY2(job, qPrintable(error));
    ActionTicket* approval = sue->approve(*job);
    QSignalSpy approved(approval, &ActionTicket::finished);
    QVERIFY(approved.wait());
    BulkJobService jobs(sue.get());
    BulkJobRunner* runner = jobs.run(*job, &error);
    QVERIFY2(runner, qPrintable(error));
    QSignalSpy finished(runner, &BulkJobRunner::finished);
    QVERIFY(runner->isFinished() || finished.wait(3600 * 1000));
    const BulkCounts counts = runner->counts();
    QTest::qWait(1600); // answers still being delayed by a spike

    const QMultiHash<QString, ActionRecord> actions = actionsByUser();
    const QMultiHash<QString, RecordedRequest> smile =
        requestsByUser(QStringLiteral("/api/v2/partner/enrollee"));
    const QMultiHash<QString, RecordedRequest> trust =
        requestsByUser(QStringLiteral("/api/user/document/reverify"));
    QMap<QString, int> tally;
    int rateLimited = 0;
    for (const QString& user : smileUsers + trustUsers) {
        const QList<ActionRecord> mine = actions.values(user);
        QVERIFY2(mine.size() == 1, qPrintable(user + QStringLiteral(": %1 actions").arg(mine.size())));
        const ActionRecord& a = mine.first();
        int notRateLimited = 0;
        bool processed = false;
        for (const RecordedRequest& req : (smile.contains(user) ? smile : trust).values(user)) {
            rateLimited += req.status == 429 ? 1 : 0;
            notRateLimited += req.status != 429 ? 1 : 0;
            processed = processed || (req.status >= 200 && req.status < 300 && req.fault.isEmpty()) ||
                        req.fault == QLatin1String("drop-after-processing");
        }
        QVERIFY2(notRateLimited <= 1,
                 qPrintable(user + QStringLiteral(": sent %1 times").arg(notRateLimited)));
        switch (a.state) {
        case ActionRecord::State::Succeeded:
        case ActionRecord::State::AlreadyInState:
            QVERIFY2(processed, qPrintable(user + QStringLiteral(": succeeded, but nothing was processed")));
            tally[QStringLiteral("succeeded")]++;
            break;
        case ActionRecord::State::Failed:
            QVERIFY2(!processed, qPrintable(user + QStringLiteral(": failed, but it was processed")));
            tally[QStringLiteral("failed, not processed")]++;
            break;
        case ActionRecord::State::Unresolved:
            tally[processed ? QStringLiteral("unresolved, processed")
                            : QStringLiteral("unresolved, not processed")]++;
            break;
        default:
            QFAIL(qPrintable(user + QStringLiteral(": left in state %1").arg(int(a.state))));
        }
    }
    QCOMPARE(counts.succeeded + counts.alreadyInState + counts.rejected + counts.unknown, total);
    QCOMPARE(counts.pending, 0);
    QStringList summary;
    for (auto it = tally.cbegin(); it != tally.cend(); ++it)
        summary << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    qInfo("bulk job of %d rows with faults %s: %s; %d answers were 429 (retried, never processed)", total,
          qPrintable(faults->toString()), qPrintable(summary.join(QStringLiteral(", "))), rateLimited);
}

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
