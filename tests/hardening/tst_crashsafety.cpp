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
// faultsLoseNothing: `trustswiftly reverify` for many users while the sandbox injects 500s before
// processing, drops the connection after processing, delays answers and rate-limits (429).
// Per user: at most one request that was not a 429 (nothing sent twice without a person's
// decision), every run's action is in the store in a final state that matches its exit code and
// what the sandbox did, and the audit chain verifies.
//
// The counts come from the environment so that tools/crash-safety can run the long version:
// IDENTITYDESK_CRASH_KILLS (default 8), IDENTITYDESK_FAULT_ACTIONS (default 16),
// IDENTITYDESK_FAULT_SPEC (default high rates so that every fault happens in a short run),
// IDENTITYDESK_CRASH_SEED (default: random, printed).

#include "SandboxServer.h"
#include "domain/ActionRecord.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
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
    void faultsLoseNothing();

private:
    void startSandbox(const Faults& faults);
    void newStore();
    QProcess* start(const QStringList& args, const QString& operatorName);
    Run finish(QProcess* p, int timeoutMs = 90000);
    Run cli(const QStringList& args, const QString& operatorName, const QString& newPassword = QString());
    /// Every action in the store, by the provider's user id.
    QMultiHash<QString, ActionRecord> actionsByUser();
    /// Requests that reached `pathEnd`, by the user id in their JSON body.
    QMultiHash<QString, RecordedRequest> requestsByUser(const QString& pathEnd);

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

void tst_CrashSafety::startSandbox(const Faults& faults)
{
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = 2000;
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

    const QMultiHash<QString, ActionRecord> actions = actionsByUser();
    const QMultiHash<QString, RecordedRequest> requests =
        requestsByUser(QStringLiteral("/api/v2/partner/enrollee"));
    int none = 0, notSent = 0, sentUnknown = 0, succeeded = 0;
    for (const QString& user : users) {
        const QList<ActionRecord> mine = actions.values(user);
        const int sent = int(requests.count(user));
        QVERIFY2(mine.size() <= 1, qPrintable(user + QStringLiteral(": more than one action")));
        QVERIFY2(sent <= 1, qPrintable(user + QStringLiteral(": sent %1 times").arg(sent)));
        if (mine.isEmpty()) {
            QVERIFY2(sent == 0, qPrintable(user + QStringLiteral(": sent without an intent in the store")));
            ++none;
            continue;
        }
        const ActionRecord& a = mine.first();
        QVERIFY2(a.state == ActionRecord::State::Succeeded || a.state == ActionRecord::State::Unresolved,
                 qPrintable(user + QStringLiteral(": left in state %1").arg(int(a.state))));
        if (a.state == ActionRecord::State::Succeeded) {
            QVERIFY2(sent == 1, qPrintable(user + QStringLiteral(": succeeded without a request")));
            ++succeeded;
        } else if (sent == 0) {
            ++notSent;
        } else {
            ++sentUnknown;
        }
    }
    qInfo("%d runs (%d killed while running): %d killed before the intent, %d unresolved before sending, "
          "%d unresolved after sending, %d succeeded",
          int(users.size()), killedRunning, none, notSent, sentUnknown, succeeded);
    QCOMPARE(none + notSent + sentUnknown + succeeded, int(users.size()));
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

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
