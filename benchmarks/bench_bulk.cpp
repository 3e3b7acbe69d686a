// SPDX-License-Identifier: GPL-3.0-or-later
// Bulk job benchmark (issue 8), numbers for BENCHMARKS.md "Bulk":
//  throughput  N Smile ID rows at concurrency 8, no rate limit, against identitydesk-sandbox in its own
//              process, vs `curl --parallel --parallel-max 8` sending the same N requests to the same
//              endpoint in the same run; the longest gap between ticks of a 1 ms QTimer on the thread
//              running the job (the GUI thread in the console); RSS after the run.
//  rate-limit  120 Trust Swiftly rows with the sandbox at rate-limit=60/min: wall time vs the
//              theoretical minimum, and how many 429s came back.
// Usage: bench_bulk [--rows N] [--latency MS] [--rate-limit-rows N] [--skip-rate-limit] [--store URL]
//  --store URL: the job's store (e.g. postgresql://…, a database of its own such as the one
//               tools/postgres-test-cluster makes) instead of a fresh SQLite file.
//  --approver-store URL: an enforced team store (admin init) is used by two login roles: --store names
//               the officer who submits, this one the supervisor who approves and runs the job.
#include "SandboxServer.h"
#include "domain/ConnectionProfile.h"
#include "domain/Operator.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <cstdio>
#include <malloc.h>

namespace {
void say(const QString& line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

/// Bytes of heap in use (glibc): RSS also counts memory freed but not returned to the system.
qint64 heapInUseKb()
{
    return qint64(mallinfo2().uordblks / 1024);
}

qint64 statusKb(const char* key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(int(qstrlen(key))).trimmed().split(' ').first().toLongLong();
    return -1;
}

template <typename Sender, typename Signal> bool waitFor(Sender* sender, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    QObject::connect(sender, signal, &loop, [&loop] { loop.exit(0); });
    timeout.start(timeoutMs);
    return loop.exec() == 0;
}

QString g_storeUrl;    ///< --store; empty: a SQLite file in the run's folder
QString g_approverUrl; ///< --approver-store: the supervisor's login to an enforced team store

/// The operator a console signs in as: in an enforced store the connection's role, else `name`.
Operator benchOperator(Store* store, const char* name, Role role)
{
    QString error;
    if (store->enforcesRules()) {
        if (const std::optional<Operator> op = store->sessionOperator(&error))
            return *op;
        say(QStringLiteral("sign in: ") + error);
    }
    Operator op;
    op.name = QString::fromLatin1(name);
    op.role = role;
    return op;
}

std::unique_ptr<Store> makeStore(const QString& dir)
{
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(
        g_storeUrl.isEmpty() ? QStringLiteral("sqlite:") + dir + QStringLiteral("/store.db") : g_storeUrl,
        &error);
    if (!store) {
        say(QStringLiteral("store: ") + error);
        return nullptr;
    }
    if (store->enforcesRules())
        return store; // its operators are login roles, made by admin init and operators add
    for (const auto& [name, role] :
         {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor}}) {
        Operator op;
        op.name = QString::fromLatin1(name);
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        store->addOperator(
            op, *PasswordHasher::hash(QStringLiteral("x-benchmark-pw"), PasswordHasher::kMinimumIterations),
            &error);
    }
    return store;
}

struct JobRun
{
    double seconds = 0;
    int maxGapMs = 0;
    int ticks = 0;
    int ticksOver16Ms = 0;      ///< gaps longer than a frame at 60 Hz
    qint64 rssAtRunStartKb = 0; ///< after the dry run and the submission, when the runner starts
    qint64 heapAtRunStartKb = 0;
    qint64 heapAtRunEndKb = 0;
    BulkCounts counts;
};

/// Dry run, submit as olivia, approve and run as sam; times the run from approval to the last outcome.
std::optional<JobRun> runJob(Store* store, Store* approverStore, Session* session, const QByteArray& csv)
{
    QString error;
    ActionService olivia(store);
    ActionService sam(approverStore);
    olivia.setOperator(benchOperator(store, "olivia", Role::Officer));
    sam.setOperator(benchOperator(approverStore, "sam", Role::Supervisor));
    for (ActionExecutor* ex : session->executors()) {
        olivia.registerExecutor(ex);
        sam.registerExecutor(ex);
    }
    qint64 jobId = 0;
    {
        std::optional<QList<BulkRow>> rows = BulkCsvParser::parse(csv, &error);
        if (!rows) {
            say(error);
            return std::nullopt;
        }
        BulkDryRun dryRun(&olivia, std::move(*rows));
        dryRun.start();
        if (!dryRun.isFinished())
            waitFor(&dryRun, &BulkDryRun::finished, 60000);
        if (dryRun.invalidCount() > 0) {
            for (const BulkRow& r : dryRun.rows())
                if (!r.isValid()) {
                    say(QStringLiteral("invalid line %1: %2").arg(r.line).arg(r.problem));
                    break;
                }
        }
        const std::optional<qint64> id =
            BulkJobService(&olivia).submit(QStringLiteral("bench.csv"), dryRun.rows(), QString(), 8, &error);
        if (!id) {
            say(error);
            return std::nullopt;
        }
        jobId = *id;
    } // the parsed rows are released here: the run reads them from the store in batches
    ActionTicket* ticket = sam.approve(jobId);
    waitFor(ticket, &ActionTicket::finished, 10000);

    BulkJobService jobs(&sam);
    const qint64 rssAtRunStart = statusKb("VmRSS:");
    const qint64 heapAtRunStart = heapInUseKb();
    QElapsedTimer clock;
    clock.start();
    BulkJobRunner* runner = jobs.run(jobId, &error);
    if (!runner) {
        say(error);
        return std::nullopt;
    }
    // The stall probe: a 1 ms timer on the thread that runs the job (the GUI thread in the console).
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QElapsedTimer sinceTick;
    sinceTick.start();
    qint64 maxGap = 0;
    int ticks = 0;
    int over16 = 0;
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 gap = sinceTick.restart();
        maxGap = qMax(maxGap, gap);
        ++ticks;
        over16 += gap > 16 ? 1 : 0;
    });
    probe.start();
    if (!runner->isFinished())
        waitFor(runner, &BulkJobRunner::finished, 3600 * 1000);
    probe.stop();
    JobRun run;
    run.seconds = clock.nsecsElapsed() / 1e9;
    run.maxGapMs = int(maxGap);
    run.ticks = ticks;
    run.ticksOver16Ms = over16;
    run.rssAtRunStartKb = rssAtRunStart;
    run.heapAtRunStartKb = heapAtRunStart;
    run.heapAtRunEndKb = heapInUseKb();
    run.counts = runner->counts();
    return run;
}

QString smileBody(const QJsonObject& smile, const QString& user, const QString& timestamp)
{
    const QByteArray message = timestamp.toUtf8() +
                               smile.value(QStringLiteral("partner_id")).toString().toUtf8() +
                               QByteArrayLiteral("sid_request");
    const QByteArray signature =
        QMessageAuthenticationCode::hash(message, smile.value(QStringLiteral("api_key")).toString().toUtf8(),
                                         QCryptographicHash::Sha256)
            .toBase64();
    const QJsonObject body{{QStringLiteral("active"), false},
                           {QStringLiteral("email"), smile.value(QStringLiteral("email"))},
                           {QStringLiteral("environment"), smile.value(QStringLiteral("environment"))},
                           {QStringLiteral("partner_id"), smile.value(QStringLiteral("partner_id"))},
                           {QStringLiteral("signature"), QString::fromLatin1(signature)},
                           {QStringLiteral("timestamp"), timestamp},
                           {QStringLiteral("user_id"), user}};
    return QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

/// Earlier actions whose outcome is unknown (Unresolved), for other users: what a store with a
/// history holds. Every batch of a job asks which of its rows repeat one of them.
bool addUnresolved(Store* store, int count)
{
    for (int i = 1; i <= count; ++i) {
        ActionRecord a;
        a.request.provider = QStringLiteral("smileid");
        a.request.action = QStringLiteral("flag");
        a.request.userId = QStringLiteral("OLD-%1").arg(i, 6, 10, QLatin1Char('0'));
        a.request.params = {{QStringLiteral("flag"), QStringLiteral("active")},
                            {QStringLiteral("value"), false}};
        a.request.reason = QStringLiteral("benchmark history");
        a.initiator = QStringLiteral("olivia");
        a.initiatorRole = Role::Officer;
        a.state = ActionRecord::State::Unresolved;
        a.createdAt = a.updatedAt = QDateTime::currentDateTimeUtc();
        AuditEntry intent;
        intent.operatorName = a.initiator;
        intent.role = QStringLiteral("officer");
        intent.event = QStringLiteral("intent");
        intent.action = a.request.action;
        intent.provider = a.request.provider;
        intent.subjectIds = QStringList{a.request.userId};
        intent.reason = a.request.reason;
        intent.outcome = ActionRecord::stateName(a.state);
        QString error;
        if (!store->createAction(a, intent, &error)) {
            say(QStringLiteral("unresolved history: ") + error);
            return false;
        }
    }
    return true;
}

int throughput(int rows, int latencyMs, int unresolved)
{
    QTemporaryDir dir;
    const QString profilePath = dir.filePath(QStringLiteral("p.json"));
    QProcess sandbox;
    QStringList sandboxArgs{QStringLiteral("--users"), QString::number(rows), QStringLiteral("--quiet"),
                            QStringLiteral("--write-profile"), profilePath};
    // A provider's answer takes a round trip over the internet: the sandbox answers after latencyMs
    // (without blocking), to the job and to curl alike.
    if (latencyMs > 0)
        sandboxArgs << QStringLiteral("--faults") << QStringLiteral("latency=%1").arg(latencyMs);
    sandbox.start(QStringLiteral(SANDBOX_PATH), sandboxArgs);
    if (!sandbox.waitForReadyRead(30000)) { // benchmark only: a product never waits like this
        say(QStringLiteral("the sandbox did not start"));
        return 1;
    }
    QString error;
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(profilePath, &error);
    if (!profile) {
        say(error);
        return 1;
    }
    Session session(*profile);
    std::unique_ptr<Store> store = makeStore(dir.path());
    if (!store || !addUnresolved(store.get(), unresolved))
        return 1;
    say(QStringLiteral("store                %1")
            .arg(g_storeUrl.isEmpty() ? QStringLiteral("SQLite file")
                                      : QUrl(g_storeUrl).toDisplayString(QUrl::RemoveUserInfo)));
    if (unresolved > 0)
        say(QStringLiteral("unresolved history   %1 earlier actions of other users").arg(unresolved));

    QByteArray csv = "provider,action,user_id,params,reason\n";
    for (int i = 1; i <= rows; ++i)
        csv += QStringLiteral("smileid,flag,REF-%1,active=false,benchmark\n")
                   .arg(i, 6, 10, QLatin1Char('0'))
                   .toUtf8();
    const qint64 rssBefore = statusKb("VmRSS:");
    std::unique_ptr<Store> approver;
    if (!g_approverUrl.isEmpty()) {
        approver = StoreFactory::open(g_approverUrl, &error);
        if (!approver) {
            say(QStringLiteral("approver store: ") + error);
            return 1;
        }
        say(QStringLiteral("approver store       %1%2")
                .arg(QUrl(g_approverUrl).toDisplayString(QUrl::RemoveUserInfo),
                     approver->enforcesRules() ? QStringLiteral(" (enforced team store: rows hashed and "
                                                                "checked by the server)")
                                               : QString()));
    }
    const std::optional<JobRun> run =
        runJob(store.get(), approver ? approver.get() : store.get(), &session, csv);
    csv.clear();
    if (!run)
        return 1;
    const qint64 rssAfter = statusKb("VmRSS:");

    // The baseline: curl, 8 in parallel, the same N requests to the same endpoint of the same sandbox.
    const QJsonObject profileJson = QJsonDocument::fromJson([&] {
                                        QFile f(profilePath);
                                        f.open(QIODevice::ReadOnly);
                                        return f.readAll();
                                    }())
                                        .object();
    const QJsonObject smile = profileJson.value(QStringLiteral("smileid")).toObject();
    const QString url =
        smile.value(QStringLiteral("portal_url")).toString() + QStringLiteral("/api/v2/partner/enrollee");
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString caFile =
        QFileInfo(profilePath).dir().filePath(profileJson.value(QStringLiteral("ca_file")).toString());
    QFile config(dir.filePath(QStringLiteral("curl.cfg")));
    config.open(QIODevice::WriteOnly);
    for (int i = 1; i <= rows; ++i) {
        QString body = smileBody(smile, QStringLiteral("REF-%1").arg(i, 6, 10, QLatin1Char('0')), timestamp);
        body.replace(QLatin1Char('"'), QLatin1String("\\\""));
        // `next` resets every option: each request carries its own CA, agent and headers.
        config.write(
            QStringLiteral("url = \"%1\"\nheader = \"Content-Type: application/json\"\n"
                           "header = \"Accept: application/json\"\ndata = \"%2\"\noutput = /dev/null\n"
                           "cacert = \"%4\"\nuser-agent = \"IdentityDesk/bench\"\nsilent\n"
                           "write-out = \"%{http_code}\\n\"\n%3")
                .arg(url, body, i < rows ? QStringLiteral("next\n") : QString(), caFile)
                .toUtf8());
    }
    config.close();
    QProcess curl;
    QElapsedTimer curlClock;
    curlClock.start();
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("--silent"), QStringLiteral("--parallel"), QStringLiteral("--parallel-max"),
                QStringLiteral("8"), QStringLiteral("--cacert"), caFile, QStringLiteral("-A"),
                QStringLiteral("IdentityDesk/bench"), QStringLiteral("-K"), config.fileName()});
    curl.waitForFinished(3600 * 1000);
    const double curlSeconds = curlClock.nsecsElapsed() / 1e9;
    const int curlOk = int(curl.readAllStandardOutput().count("200\n"));

    say(QStringLiteral("rows                 %1, answers after %2 ms").arg(rows).arg(latencyMs));
    say(QStringLiteral("bulk job             %1 s, %2 rows/s (done %3, already %4, rejected %5, unknown %6)")
            .arg(run->seconds, 0, 'f', 2)
            .arg(rows / run->seconds, 0, 'f', 1)
            .arg(run->counts.succeeded)
            .arg(run->counts.alreadyInState)
            .arg(run->counts.rejected)
            .arg(run->counts.unknown));
    say(QStringLiteral("curl --parallel 8    %1 s, %2 rows/s (%3 answered 200)")
            .arg(curlSeconds, 0, 'f', 2)
            .arg(rows / curlSeconds, 0, 'f', 1)
            .arg(curlOk));
    say(QStringLiteral("throughput ratio     %1 (bulk / curl; target >= 0.9)")
            .arg(curlSeconds / run->seconds, 0, 'f', 2));
    // A second baseline: wrk, 8 connections on 2 threads for 5 s, POSTing one signed body (wrk does not
    // verify the certificate; it only measures how fast the endpoint can be driven).
    if (!QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()) {
        QFile script(dir.filePath(QStringLiteral("post.lua")));
        script.open(QIODevice::WriteOnly);
        QString body = smileBody(smile, QStringLiteral("REF-000001"), timestamp);
        body.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('"'), QLatin1String("\\\""));
        script.write(QStringLiteral("wrk.method = \"POST\"\nwrk.body = \"%1\"\n"
                                    "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                                    "wrk.headers[\"User-Agent\"] = \"IdentityDesk/bench\"\n")
                         .arg(body)
                         .toUtf8());
        script.close();
        QProcess wrk;
        wrk.start(QStringLiteral("wrk"),
                  {QStringLiteral("-t2"), QStringLiteral("-c8"), QStringLiteral("-d5s"), QStringLiteral("-s"),
                   script.fileName(), url});
        wrk.waitForFinished(60000);
        const QString out = QString::fromUtf8(wrk.readAllStandardOutput());
        const QRegularExpressionMatch rate =
            QRegularExpression(QStringLiteral("Requests/sec:\\s*([0-9.]+)")).match(out);
        if (rate.hasMatch()) {
            const double perSecond = rate.captured(1).toDouble();
            say(QStringLiteral("wrk -t2 -c8 5 s      %1 requests/s; ratio bulk / wrk %2")
                    .arg(perSecond, 0, 'f', 1)
                    .arg((rows / run->seconds) / perSecond, 0, 'f', 2));
        } else {
            say(QStringLiteral("wrk                  no result: %1").arg(out.left(200)));
        }
    }
    say(QStringLiteral("longest tick gap     %1 ms (target <= 16); %2 of %3 gaps over 16 ms")
            .arg(run->maxGapMs)
            .arg(run->ticksOver16Ms)
            .arg(run->ticks));
    say(QStringLiteral(
            "RSS during the run   %1 MiB at its start (after dry run and submission), %2 MiB at its end")
            .arg(run->rssAtRunStartKb / 1024.0, 0, 'f', 1)
            .arg(rssAfter / 1024.0, 0, 'f', 1));
    say(QStringLiteral("heap in use          %1 MiB at the start of the run, %2 MiB at its end")
            .arg(run->heapAtRunStartKb / 1024.0, 0, 'f', 1)
            .arg(run->heapAtRunEndKb / 1024.0, 0, 'f', 1));
    say(QStringLiteral("RSS                  %1 MiB before, %2 MiB after the run (peak %3 MiB)")
            .arg(rssBefore / 1024.0, 0, 'f', 1)
            .arg(rssAfter / 1024.0, 0, 'f', 1)
            .arg(statusKb("VmHWM:") / 1024.0, 0, 'f', 1));
    sandbox.terminate();
    sandbox.waitForFinished(5000);
    return 0;
}

int rateLimited(int rows)
{
    QTemporaryDir dir;
    SandboxServer::Options options;
    options.users = quint32(rows + 10);
    options.faults.rateLimitPerMinute = 60;
    SandboxServer sandbox(options);
    QString error;
    if (!sandbox.start(&error)) {
        say(error);
        return 1;
    }
    const QString profilePath = dir.filePath(QStringLiteral("p.json"));
    sandbox.writeProfile(profilePath, &error);
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(profilePath, &error);
    Session session(*profile);
    std::unique_ptr<Store> store = makeStore(dir.path());

    QByteArray csv = "provider,action,user_id,params,reason\n";
    for (int i = 1; i <= rows; ++i) {
        const PopulationUser& u = sandbox.population().user(quint32(i));
        const QString to = TrustSwiftlyEmulator::workflowId(
            u.currentWorkflowId == TrustSwiftlyEmulator::workflowId(30) ? 29 : 30);
        csv += QStringLiteral("trustswiftly,reverify,%1,from=%2;to=%3,benchmark\n")
                   .arg(QString::number(u.id), u.currentWorkflowId, to)
                   .toUtf8();
    }
    const std::optional<JobRun> run = runJob(store.get(), store.get(), &session, csv);
    if (!run)
        return 1;
    int tooMany = 0;
    int reverifies = 0;
    for (const RecordedRequest& r : sandbox.requestLog()) {
        tooMany += r.status == 429 ? 1 : 0;
        reverifies += r.path.endsWith(QLatin1String("/reverify")) ? 1 : 0;
    }
    // At 60/min in any rolling minute, request 61..120 cannot start before t = 60 s.
    const double minimum = 60.0 * ((rows - 1) / 60);
    say(QStringLiteral("rate-limited rows    %1 at 60/min").arg(rows));
    say(QStringLiteral("bulk job             %1 s (done %2, already %3, rejected %4, unknown %5)")
            .arg(run->seconds, 0, 'f', 1)
            .arg(run->counts.succeeded)
            .arg(run->counts.alreadyInState)
            .arg(run->counts.rejected)
            .arg(run->counts.unknown));
    say(QStringLiteral("theoretical minimum  %1 s (rolling window); %2 s at the plain rate (N/60 per minute)")
            .arg(minimum, 0, 'f', 1)
            .arg(double(rows), 0, 'f', 1));
    say(QStringLiteral("ratio                %1 (vs rolling minimum), %2 (vs plain rate)")
            .arg(run->seconds / minimum, 0, 'f', 2)
            .arg(run->seconds / rows, 0, 'f', 2));
    say(QStringLiteral("429 answers          %1 of %2 reverify requests").arg(tooMany).arg(reverifies));
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int rows = args.contains(QStringLiteral("--rows"))
                         ? args.value(args.indexOf(QStringLiteral("--rows")) + 1).toInt()
                         : 10000;
    const int limitedRows = args.contains(QStringLiteral("--rate-limit-rows"))
                                ? args.value(args.indexOf(QStringLiteral("--rate-limit-rows")) + 1).toInt()
                                : 120;
    const int latencyMs = args.contains(QStringLiteral("--latency"))
                              ? args.value(args.indexOf(QStringLiteral("--latency")) + 1).toInt()
                              : 0;
    const int unresolved = args.contains(QStringLiteral("--unresolved"))
                               ? args.value(args.indexOf(QStringLiteral("--unresolved")) + 1).toInt()
                               : 0;
    if (args.contains(QStringLiteral("--store")))
        g_storeUrl = args.value(args.indexOf(QStringLiteral("--store")) + 1);
    if (args.contains(QStringLiteral("--approver-store")))
        g_approverUrl = args.value(args.indexOf(QStringLiteral("--approver-store")) + 1);
    if (rows > 0 && throughput(rows, latencyMs, unresolved) != 0)
        return 1;
    if (!args.contains(QStringLiteral("--skip-rate-limit")) && rateLimited(limitedRows) != 0)
        return 1;
    return 0;
}
