// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli bulk / jobs as an operator uses them, against the sandbox over TLS and a real store:
// the dry run sends nothing, invalid rows are named by line, one approval by a second supervisor,
// kill -9 in the middle then `jobs resume` accounts for every row exactly once, cancel, export.
#include "SandboxOptions.h"
#include "SandboxServer.h"
#include "TestStore.h"
#include "domain/Operator.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <csignal>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
const QString kEnrollee = QStringLiteral("/api/v2/partner/enrollee");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestBulkCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void dryRunSendsNothingAndNamesInvalidLines();
    void refusedForRoleOrPermissionExitsSeven();
    void decisionsAreCheckedAgainstThePendingRequests();
    void oneApprovalBySecondSupervisorRunsTheJob();
    void killedMidJobResumesWithEveryRowOnce();
    void anUnreachableProviderExitsFourAndKeepsTheRows();
    void cancelLeavesAConsistentState();
    void rejectedJobCancelsItsRows();
    void jobsShowListsEveryRow();
    void ctrlCPausesAndResumeFinishes();
    void exportIsInjectionSafe();

private:
    void startSandbox(const Faults& faults);
    QString writeCsv(const QStringList& rows);
    QStringList smileRows(int from, int count, const QString& params = QStringLiteral("active=false"));
    QStringList cliArgs(const QStringList& args, const QString& op) const;
    Run cli(const QStringList& args, const QString& op, int timeoutMs = 120000);
    QProcess* startCli(const QStringList& args, const QString& op);
    /// State-changing requests the sandbox received, per Smile ID user id.
    QHash<QString, int> enrolleeRequestsByUser() const;
    qint64 submit(const QStringList& rows);
    /// A sandbox answering after latencyMs, a job of rows submitted by olivia, approved by sam in a
    /// CLI left running (*process) until `sent` rows have reached the sandbox.
    void startJobInBackground(int latencyMs, const QStringList& rows, int sent, qint64* job,
                              QProcess** process);

    QTemporaryDir m_dir;
    TestStore m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    quint16 m_port = 0; ///< the sandbox's, kept when it restarts
    QString m_profile;
};

void TestBulkCli::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    QVERIFY2(m_testStore.create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore.url(), &error);
    QVERIFY2(m_store, qPrintable(error));
    // Operators straight into the store with the cheapest hash allowed: the CLI signs in quickly.
    for (const auto& [name, role] :
         {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor},
          std::pair{"sara", Role::Supervisor}, std::pair{"audrey", Role::Auditor}}) {
        Operator op;
        op.name = QString::fromLatin1(name);
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        QVERIFY(hash);
        QVERIFY2(m_store->addOperator(op, *hash, &error), qPrintable(error));
    }
}

void TestBulkCli::init()
{
    startSandbox(Faults{});
}

void TestBulkCli::startSandbox(const Faults& faults)
{
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = 500;
    options.faults = faults;
    // Back on the port it had: the same profile (issue 32 binds an action to its profile's URLs).
    options.port = m_port;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_port = m_sandbox->port();
    m_profile = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
}

QString TestBulkCli::writeCsv(const QStringList& rows)
{
    const QString path = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write("provider,action,user_id,params,reason\r\n");
    for (const QString& r : rows)
        f.write(r.toUtf8() + "\r\n");
    return path;
}

QStringList TestBulkCli::smileRows(int from, int count, const QString& params)
{
    QStringList rows;
    for (int i = from; i < from + count; ++i)
        rows << QStringLiteral("smileid,flag,%1,%2,Closing dormant accounts (case %3)")
                    .arg(m_sandbox->population().user(quint32(i)).referenceId, params)
                    .arg(i);
    return rows;
}

QStringList TestBulkCli::cliArgs(const QStringList& args, const QString& op) const
{
    return QStringList{QStringLiteral("--profile"),  m_profile, QStringLiteral("--store"), m_testStore.url(),
                       QStringLiteral("--operator"), op} +
           args;
}

QProcess* TestBulkCli::startCli(const QStringList& args, const QString& op)
{
    auto* p = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    p->setProcessEnvironment(env);
    p->setStandardInputFile(QProcess::nullDevice());
    p->start(QStringLiteral(CLI_PATH), cliArgs(args, op));
    return p;
}

Run TestBulkCli::cli(const QStringList& args, const QString& op, int timeoutMs)
{
    QProcess* p = startCli(args, op);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    QDeadlineTimer deadline(timeoutMs);
    while (p->state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    Run r;
    r.code =
        p->exitStatus() == QProcess::NormalExit && p->state() == QProcess::NotRunning ? p->exitCode() : -1;
    r.out = p->readAllStandardOutput();
    r.err = p->readAllStandardError();
    p->kill();
    p->waitForFinished(1000);
    delete p;
    return r;
}

QHash<QString, int> TestBulkCli::enrolleeRequestsByUser() const
{
    QHash<QString, int> byUser;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(kEnrollee))
            ++byUser[QJsonDocument::fromJson(r.body).object().value(QStringLiteral("user_id")).toString()];
    return byUser;
}

qint64 TestBulkCli::submit(const QStringList& rows)
{
    const Run r =
        cli({QStringLiteral("--json"), QStringLiteral("bulk"), writeCsv(rows)}, QStringLiteral("olivia"));
    if (r.code != 5)
        qWarning() << "bulk exited" << r.code << r.err;
    return qint64(r.json().value(QStringLiteral("job_id")).toDouble());
}

void TestBulkCli::startJobInBackground(int latencyMs, const QStringList& rows, int sent, qint64* job,
                                       QProcess** process)
{
    Faults slow;
    slow.latencyMs = latencyMs;
    startSandbox(slow);
    *job = submit(rows);
    QVERIFY(*job > 0);
    *process = startCli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(*job)},
                        QStringLiteral("sam"));
    QTRY_VERIFY_WITH_TIMEOUT(enrolleeRequestsByUser().size() >= sent, 60000);
}

void TestBulkCli::dryRunSendsNothingAndNamesInvalidLines()
{
    QStringList rows = smileRows(1, 3);
    rows << QStringLiteral("smileid,flag,REF-000009,fraudulent=maybe,bad value")    // line 5
         << QStringLiteral("nobody,flag,x,,unknown provider")                       // line 6
         << QStringLiteral("sdkfinance,reset,u1,field=person.nope,unknown field")   // line 7
         << QStringLiteral("trustswiftly,reverify,1,from=flow_nope;to=flow_MzA,wf") // line 8
         << QStringLiteral("smartid,unenroll,a@example.com,,");                     // line 9: no reason
    const QString csv = writeCsv(rows);
    Run r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), csv, QStringLiteral("--dry-run")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 2); // invalid rows in a dry run: usage error, documented
    const QJsonArray list = r.json().value(QStringLiteral("rows")).toArray();
    QCOMPARE(list.size(), 8);
    QCOMPARE(r.json().value(QStringLiteral("valid")).toInt(), 3);
    QSet<int> invalidLines;
    for (const QJsonValue& v : list)
        if (!v.toObject().value(QStringLiteral("valid")).toBool())
            invalidLines.insert(v.toObject().value(QStringLiteral("line")).toInt());
    QCOMPARE(invalidLines, (QSet<int>{5, 6, 7, 8, 9}));
    QVERIFY(list.at(0)
                .toObject()
                .value(QStringLiteral("preview"))
                .toString()
                .contains(m_sandbox->population().user(1).referenceId));
    // Nothing was sent: the only requests allowed are reads (the workflow list, a login).
    for (const RecordedRequest& req : m_sandbox->requestLog())
        QVERIFY2(!req.path.endsWith(kEnrollee) && !req.path.contains(QLatin1String("reverify")) &&
                     !req.path.contains(QLatin1String("unenroll")) &&
                     !req.path.endsWith(QLatin1String("/reset")),
                 qPrintable(req.path));
    // Nor stored.
    QString error;
    QVERIFY2(m_store->bulkJobs(&error), qPrintable(error));
    const int jobsBefore = int(m_store->bulkJobs(&error)->size());
    r = cli({QStringLiteral("bulk"), csv, QStringLiteral("--dry-run")}, QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.contains("line 5: INVALID"));
    QCOMPARE(int(m_store->bulkJobs(&error)->size()), jobsBefore);
    // A file with a header and no rows: nothing to check, a usage error as for submitting it.
    r = cli({QStringLiteral("bulk"), writeCsv({}), QStringLiteral("--dry-run")}, QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no rows under its header"), r.err.constData());
    // All valid: exit 0.
    r = cli({QStringLiteral("bulk"), writeCsv(smileRows(1, 2)), QStringLiteral("--dry-run")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);
    QVERIFY(enrolleeRequestsByUser().isEmpty());
}

void TestBulkCli::decisionsAreCheckedAgainstThePendingRequests()
{
    // SDK.Finance cannot look a reset request up by id: the dry run reads the pending list and refuses
    // approve and decline rows whose request is not pending, or is pending for another user.
    QList<SdkFinanceResetRequest> pending;
    SdkFinanceResetRequest decided;
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population())) {
        if (r.status == QLatin1String("PENDING"))
            pending << r;
        else if (decided.id.isEmpty())
            decided = r;
    }
    QVERIFY(pending.size() >= 3 && !decided.id.isEmpty());
    const auto row = [](const QString& action, quint32 user, const QString& request) {
        return QStringLiteral("sdkfinance,%1,%2,request=%3,Cohort of case 77")
            .arg(action, SdkFinanceEmulator::userId(user), request);
    };
    const QStringList rows{
        row(QStringLiteral("approve"), pending.at(0).populationId, pending.at(0).id), // line 2: valid
        row(QStringLiteral("decline"), pending.at(1).populationId, pending.at(1).id), // line 3: valid
        row(QStringLiteral("decline"), pending.at(0).populationId, pending.at(2).id), // line 4: another's
        row(QStringLiteral("approve"), decided.populationId, decided.id),             // line 5: decided
        row(QStringLiteral("approve"), pending.at(2).populationId, QStringLiteral("999999")), // 6: unknown
        QStringLiteral("sdkfinance,reset,%1,field=address.city,Addresses to confirm") // line 7: no list
            .arg(SdkFinanceEmulator::userId(pending.at(2).populationId)),
    };
    const QString csv = writeCsv(rows);
    // Deciding users' requests is a supervisor's work (docs/architecture.md section 3).
    Run r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), csv, QStringLiteral("--dry-run")},
                QStringLiteral("sam"));
    QCOMPARE(r.code, 2);
    QHash<int, QString> problems;
    for (const QJsonValue& v : r.json().value(QStringLiteral("rows")).toArray())
        if (!v.toObject().value(QStringLiteral("valid")).toBool())
            problems.insert(v.toObject().value(QStringLiteral("line")).toInt(),
                            v.toObject().value(QStringLiteral("problem")).toString());
    QCOMPARE(QSet<int>(problems.keyBegin(), problems.keyEnd()), (QSet<int>{4, 5, 6}));
    QVERIFY2(problems.value(4).contains(QStringLiteral("is pending for SDK.Finance user %1, not for %2")
                                            .arg(SdkFinanceEmulator::userId(pending.at(2).populationId),
                                                 SdkFinanceEmulator::userId(pending.at(0).populationId))),
             qPrintable(problems.value(4)));
    QVERIFY2(problems.value(5).contains(QStringLiteral("no pending reset request %1").arg(decided.id)),
             qPrintable(problems.value(5)));
    QVERIFY2(problems.value(6).contains(QLatin1String("no pending reset request 999999")),
             qPrintable(problems.value(6)));
    // The reads were the login and the pending list, nothing else.
    for (const RecordedRequest& req : m_sandbox->requestLog())
        QVERIFY2(req.path.endsWith(QLatin1String("/authorization")) ||
                     req.path.endsWith(QLatin1String("/profiles/view-reset-identification-requests")),
                 qPrintable(req.path));
    // Submitted and approved, only the valid rows are sent, each once.
    r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), csv}, QStringLiteral("sam"));
    QCOMPARE(r.code, 5);
    const qint64 job = qint64(r.json().value(QStringLiteral("job_id")).toDouble());
    QVERIFY(job > 0);
    m_sandbox->clearRequestLog();
    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("approve"),
             QString::number(job)},
            QStringLiteral("sara"));
    QVERIFY2(r.code == 0, r.err.constData());
    QStringList changes;
    for (const RecordedRequest& req : m_sandbox->requestLog())
        if (!req.path.endsWith(QLatin1String("/authorization")))
            changes << req.path.mid(req.path.indexOf(QLatin1String("/profiles/")));
    changes.sort();
    QStringList expected{
        QStringLiteral("/profiles/%1/reset-identification-requests/%2/approve")
            .arg(SdkFinanceEmulator::userId(pending.at(0).populationId), pending.at(0).id),
        QStringLiteral("/profiles/%1/reset-identification-requests/%2/decline")
            .arg(SdkFinanceEmulator::userId(pending.at(1).populationId), pending.at(1).id),
        QStringLiteral("/profiles/%1/reset").arg(SdkFinanceEmulator::userId(pending.at(2).populationId)),
    };
    expected.sort();
    QCOMPARE(changes, expected);
}

void TestBulkCli::refusedForRoleOrPermissionExitsSeven()
{
    const QString csv = writeCsv({QStringLiteral("sdkfinance,reset,00000000-0000-4000-8000-000000000005,"
                                                 "field=address.city,Addresses to confirm")});
    // A profile whose SDK.Finance login lacks RESET_IDENTIFICATION_INITIATOR: the dry run logs in to
    // learn the login's permissions, as a single reset does, and refuses the row.
    QFile file(m_profile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject profile = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject sdk = profile.value(QStringLiteral("sdkfinance")).toObject();
    const SandboxOptions defaults;
    sdk.insert(QStringLiteral("login"), defaults.sdkFinanceRestrictedLogin);
    sdk.insert(QStringLiteral("password"), defaults.sdkFinanceRestrictedPassword);
    profile.insert(QStringLiteral("sdkfinance"), sdk);
    const QString fullProfile = m_profile;
    m_profile = m_dir.filePath(QStringLiteral("restricted.json"));
    QFile restricted(m_profile);
    QVERIFY(restricted.open(QIODevice::WriteOnly | QIODevice::Truncate));
    restricted.write(QJsonDocument(profile).toJson());
    restricted.close();
    QVERIFY(restricted.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    Run r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), csv, QStringLiteral("--dry-run")},
                QStringLiteral("olivia"));
    m_profile = fullProfile;
    QCOMPARE(r.code, 7);
    const QJsonObject row = r.json().value(QStringLiteral("rows")).toArray().at(0).toObject();
    QVERIFY(!row.value(QStringLiteral("valid")).toBool());
    QVERIFY2(row.value(QStringLiteral("problem")).toString().contains(defaults.sdkFinanceRestrictedLogin) &&
                 row.value(QStringLiteral("problem"))
                     .toString()
                     .contains(QLatin1String("RESET_IDENTIFICATION_INITIATOR")),
             qPrintable(row.value(QStringLiteral("problem")).toString()));
    bool loggedIn = false;
    for (const RecordedRequest& req : m_sandbox->requestLog()) {
        QVERIFY2(!req.path.endsWith(QLatin1String("/reset")), qPrintable(req.path));
        loggedIn |= req.path.endsWith(QLatin1String("/authorization"));
    }
    QVERIFY(loggedIn);

    // With the profile's own login the row is valid.
    r = cli({QStringLiteral("bulk"), csv, QStringLiteral("--dry-run")}, QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);

    // An auditor's file: every row is refused for the role (exit 7), and nothing is stored.
    QString error;
    const int jobsBefore = int(m_store->bulkJobs(&error)->size());
    r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), csv}, QStringLiteral("audrey"));
    QCOMPARE(r.code, 7);
    QVERIFY(r.json()
                .value(QStringLiteral("rows"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("problem"))
                .toString()
                .contains(QLatin1String("Auditors")));
    QCOMPARE(int(m_store->bulkJobs(&error)->size()), jobsBefore);

    // A file that cannot be used: under --json still one document on stdout, the message on stderr too.
    const QString empty = m_dir.filePath(QStringLiteral("empty.csv"));
    QFile e(empty);
    QVERIFY(e.open(QIODevice::WriteOnly));
    e.close();
    r = cli({QStringLiteral("--json"), QStringLiteral("bulk"), empty, QStringLiteral("--dry-run")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QCOMPARE(r.json().value(QStringLiteral("exit_code")).toInt(), 2);
    QVERIFY2(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("empty")),
             r.out.constData());
    QVERIFY(r.err.contains("empty"));
}

void TestBulkCli::oneApprovalBySecondSupervisorRunsTheJob()
{
    QStringList rows = smileRows(20, 10);
    rows << QStringLiteral("smileid,flag,REF-000031,fraudulent=maybe,bad value");
    const qint64 job = submit(rows);
    QVERIFY(job > 0);
    QVERIFY(enrolleeRequestsByUser().isEmpty());
    // The job is in the approvals queue under its id.
    Run r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
                QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    bool listed = false;
    for (const QJsonValue& v : r.json().value(QStringLiteral("actions")).toArray())
        listed |=
            qint64(v.toObject().value(QStringLiteral("id")).toDouble()) == job &&
            v.toObject().value(QStringLiteral("params")).toObject().value(QStringLiteral("valid")).toInt() ==
                10;
    QVERIFY(listed);
    // The initiator and an auditor cannot approve it; nothing is sent.
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(job)},
                 QStringLiteral("olivia"))
                 .code,
             7);
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(job)},
                 QStringLiteral("audrey"))
                 .code,
             7);
    QCOMPARE(cli({QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)},
                 QStringLiteral("olivia"))
                 .code,
             7);
    QVERIFY(enrolleeRequestsByUser().isEmpty());
    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("approve"),
             QString::number(job)},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject counts = r.json().value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("done")).toInt(), 10);
    QCOMPARE(counts.value(QStringLiteral("invalid")).toInt(), 1);
    const QHash<QString, int> sent = enrolleeRequestsByUser();
    QCOMPARE(sent.size(), 10);
    for (int n : sent)
        QCOMPARE(n, 1);
    // Approving again does nothing.
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(job)},
                 QStringLiteral("sara"))
                 .code,
             7);
    QCOMPARE(enrolleeRequestsByUser().size(), 10);
    // Every row is in the audit log under the job: intent before, outcome after.
    QString error;
    const auto rowsOfJob = m_store->bulkJobRows(job, 0, 0, false, &error);
    QVERIFY(rowsOfJob);
    for (const BulkRow& row : *rowsOfJob) {
        if (!row.isValid())
            continue;
        AuditFilter filter;
        filter.actionId = row.actionId;
        const auto entries = m_store->auditEntries(filter, &error);
        QVERIFY(entries);
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(0).event, QStringLiteral("intent"));
        QCOMPARE(entries->at(0).requestSummary.value(QStringLiteral("bulk_job")).toInteger(), job);
        QCOMPARE(entries->at(0).requestSummary.value(QStringLiteral("approved_by")).toString(),
                 QStringLiteral("sam"));
        QCOMPARE(entries->at(1).event, QStringLiteral("outcome"));
    }
}

void TestBulkCli::killedMidJobResumesWithEveryRowOnce()
{
    const int total = 60;
    qint64 job = 0;
    QProcess* p = nullptr;
    // Let part of the job through, then kill -9 with requests in flight.
    startJobInBackground(150, smileRows(40, total, QStringLiteral("fraudulent=true")), 15, &job, &p);
    if (QTest::currentTestFailed())
        return;
    p->kill();
    QVERIFY(p->waitForFinished(5000));
    delete p;
    const int sentBeforeKill = int(enrolleeRequestsByUser().size());
    QVERIFY2(sentBeforeKill < total, "the job finished before it could be killed");

    Run r = cli(
        {QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)},
        QStringLiteral("sam"));
    // Rows in flight at the kill are unknown (exit 6), the rest done.
    QVERIFY2(r.code == 0 || r.code == 6, r.err.constData());
    QString error;
    const auto rows = m_store->bulkJobRows(job, 0, 0, false, &error);
    QVERIFY2(rows, qPrintable(error));
    const QHash<QString, int> sent = enrolleeRequestsByUser();
    int unknown = 0;
    for (const BulkRow& row : *rows) {
        QCOMPARE(row.state, BulkRow::State::Submitted);
        const int n = sent.value(row.request.userId);
        QVERIFY2(n <= 1, qPrintable(QStringLiteral("%1 sent %2 times").arg(row.request.userId).arg(n)));
        if (row.actionState == ActionRecord::State::Unresolved) {
            ++unknown; // in flight at the kill: may or may not have reached the sandbox
        } else {
            QCOMPARE(row.actionState, ActionRecord::State::Succeeded);
            QCOMPARE(n, 1);
        }
    }
    QVERIFY(sent.size() <= total);
    const auto counts = m_store->bulkJobCounts(job, &error);
    QVERIFY(counts);
    QCOMPARE(counts->unknown, unknown);
    QCOMPARE(counts->succeeded + counts->unknown, total);
    QCOMPARE(counts->remaining(), 0);
    QCOMPARE(r.code, unknown > 0 ? 6 : 0);
    // The unknown ones are in Unresolved for a person to decide.
    const auto unresolved = m_store->actionsInState(ActionRecord::State::Unresolved, &error);
    QVERIFY(unresolved);
    int ofJob = 0;
    for (const ActionRecord& a : *unresolved)
        ofJob += a.request.jobId == QString::number(job) ? 1 : 0;
    QCOMPARE(ofJob, unknown);
    // ...and say what was sent, and from which job, so that the person can decide.
    r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
            QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    int listed = 0;
    for (const QJsonValue& v : r.json().value(QStringLiteral("actions")).toArray()) {
        if (v.toObject().value(QStringLiteral("bulk_job")).toDouble() != double(job))
            continue;
        ++listed;
        QCOMPARE(v.toObject().value(QStringLiteral("action")).toString(),
                 QStringLiteral("smileid.is_fraudulent"));
    }
    QCOMPARE(listed, unknown);
    // The audit log says who resumed the job, and files the rows found interrupted under it.
    AuditFilter filter;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    int resumed = 0, interrupted = 0;
    for (const AuditEntry& e : *entries) {
        if (e.event == QLatin1String("resumed") && e.actionId == job &&
            e.operatorName == QLatin1String("sam"))
            ++resumed;
        if (e.event == QLatin1String("interrupted") &&
            e.requestSummary.value(QStringLiteral("bulk_job")).toDouble() == double(job))
            ++interrupted;
    }
    QCOMPARE(resumed, 1);
    QCOMPARE(interrupted, unknown);
    // Resuming a finished job sends nothing more.
    QVERIFY(
        cli({QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)}, QStringLiteral("sam"))
            .code != 0);
    QCOMPARE(enrolleeRequestsByUser(), sent);
}

void TestBulkCli::anUnreachableProviderExitsFourAndKeepsTheRows()
{
    const qint64 job = submit(smileRows(40, 4));
    QVERIFY(job > 0);
    // The provider goes away before the job runs: no row can be processed.
    m_sandbox.reset();
    Run r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("approve"),
                 QString::number(job)},
                QStringLiteral("sam"));
    QVERIFY2(r.code == 4, r.err.constData());
    QVERIFY2(r.err.contains("Resume the job"), r.err.constData());
    QJsonObject counts = r.json().value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("rejected")).toInt(), 0);
    QCOMPARE(counts.value(QStringLiteral("unknown")).toInt(), 0);
    QCOMPARE(counts.value(QStringLiteral("remaining")).toInt(), 4);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    // Back again: the resume sends each row once.
    startSandbox(Faults{});
    r = cli(
        {QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)},
        QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    counts = r.json().value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("done")).toInt(), 4);
    const QHash<QString, int> sent = enrolleeRequestsByUser();
    QCOMPARE(sent.size(), 4);
    for (int n : sent)
        QCOMPARE(n, 1);
}

void TestBulkCli::cancelLeavesAConsistentState()
{
    // 240 rows at 300 ms a round trip, 8 at a time: about 9 s of sending, so the cancel (another
    // process that signs in first) lands well inside the job even under ASan on a busy CI machine.
    const int total = 240;
    qint64 job = 0;
    QProcess* p = nullptr;
    startJobInBackground(300, smileRows(200, total), 10, &job, &p);
    if (QTest::currentTestFailed())
        return;
    // Cancelled from another console while the first one runs it.
    Run r = cli(
        {QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("cancel"), QString::number(job)},
        QStringLiteral("sara"));
    QVERIFY2(r.code == 0, r.err.constData());
    QDeadlineTimer deadline(60000);
    while (p->state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    QCOMPARE(p->state(), QProcess::NotRunning);
    const QByteArray summary = p->readAllStandardOutput();
    delete p;
    QString error;
    const auto counts = m_store->bulkJobCounts(job, &error);
    QVERIFY(counts);
    // The console that ran it says how many rows were never sent.
    QVERIFY2(summary.contains(QStringLiteral("cancelled %1 (never sent)").arg(counts->cancelled).toUtf8()),
             summary.constData());
    QCOMPARE(counts->pending, 0);
    QCOMPARE(counts->sending, 0); // none in flight lost
    QVERIFY(counts->cancelled > 0);
    QCOMPARE(counts->succeeded + counts->cancelled, total);
    QCOMPARE(int(enrolleeRequestsByUser().size()), counts->succeeded);
    const auto j = m_store->bulkJob(job, &error);
    QVERIFY(j);
    QCOMPARE(j->runState, BulkJob::RunState::Cancelled);
    // Who cancelled, and each line that was never sent, are in the audit log under the job.
    AuditFilter filter;
    filter.actionId = job;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QJsonArray cancelledLines;
    for (const AuditEntry& e : *entries)
        if (e.event == QLatin1String("rows-cancelled")) {
            QCOMPARE(e.operatorName, QStringLiteral("sara"));
            for (const QJsonValue& line : e.requestSummary.value(QStringLiteral("cancelled_lines")).toArray())
                cancelledLines.append(line);
        }
    QCOMPARE(cancelledLines.size(), counts->cancelled);
    QCOMPARE(cancelledLines.last().toInt(), total + 1); // the last line of the file
    // A cancelled job cannot be resumed.
    QVERIFY(
        cli({QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)}, QStringLiteral("sam"))
            .code != 0);
    QCOMPARE(int(enrolleeRequestsByUser().size()), counts->succeeded);
}

void TestBulkCli::rejectedJobCancelsItsRows()
{
    QStringList rows = smileRows(400, 5);
    rows << QStringLiteral("smileid,flag,REF-000406,fraudulent=maybe,bad value");
    const qint64 job = submit(rows);
    QVERIFY(job > 0);
    const QString id = QString::number(job);
    // A rejection needs a reason, and the initiator cannot reject her own job.
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("reject"), id}, QStringLiteral("sam")).code, 2);
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("reject"), id, QStringLiteral("--reason"),
                  QStringLiteral("no")},
                 QStringLiteral("olivia"))
                 .code,
             7);
    Run r = cli({QStringLiteral("approvals"), QStringLiteral("reject"), id, QStringLiteral("--reason"),
                 QStringLiteral("wrong cohort")},
                QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    // The job says that none of its rows is left to send, and that none was sent.
    r = cli({QStringLiteral("jobs"), QStringLiteral("list")}, QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);
    QByteArray line;
    for (const QByteArray& l : r.out.split('\n'))
        if (l.startsWith('#' + id.toLatin1() + '\t'))
            line = l;
    QVERIFY2(line.contains("\trejected\t"), r.out.constData());
    QVERIFY2(line.endsWith("remaining 0, cancelled 5 (never sent)"), line.constData());
    r = cli({QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("list")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);
    const QJsonObject listed = r.json().value(QStringLiteral("jobs")).toArray().first().toObject();
    QCOMPARE(qint64(listed.value(QStringLiteral("id")).toDouble()), job);
    QCOMPARE(listed.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
    const QJsonObject counts = listed.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("remaining")).toInt(), 0);
    QCOMPARE(counts.value(QStringLiteral("cancelled")).toInt(), 5);
    QCOMPARE(counts.value(QStringLiteral("invalid")).toInt(), 1);
    // It cannot be run, by anyone.
    QVERIFY(cli({QStringLiteral("jobs"), QStringLiteral("resume"), id}, QStringLiteral("sara")).code != 0);
    QVERIFY(cli({QStringLiteral("approvals"), QStringLiteral("approve"), id}, QStringLiteral("sara")).code !=
            0);
    QVERIFY(enrolleeRequestsByUser().isEmpty());
    // Who rejected it, why, and each line that will never be sent are under the job.
    QString error;
    AuditFilter filter;
    filter.actionId = job;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QStringList events;
    for (const AuditEntry& e : *entries) {
        events << e.event;
        if (e.event == QLatin1String("rows-cancelled")) {
            QCOMPARE(e.operatorName, QStringLiteral("sam"));
            QCOMPARE(e.reason, QStringLiteral("wrong cohort"));
            QCOMPARE(e.requestSummary.value(QStringLiteral("cancelled_lines")).toArray(),
                     (QJsonArray{2, 3, 4, 5, 6}));
        }
    }
    QCOMPARE(events, (QStringList{QStringLiteral("intent"), QStringLiteral("rejected"),
                                  QStringLiteral("rows-cancelled")}));
}

void TestBulkCli::jobsShowListsEveryRow()
{
    // More rows than a page of the store, so that the listing pages through them.
    const int valid = 1003;
    QStringList rows = smileRows(1, 500) + smileRows(1, 500, QStringLiteral("allow-reenroll")) +
                       smileRows(1, 3, QStringLiteral("fraudulent=true"));
    rows.insert(7, QStringLiteral("smileid,flag,REF-000007,fraudulent=maybe,bad value"));
    const qint64 job = submit(rows);
    QVERIFY(job > 0);
    const QString id = QString::number(job);
    // The supervisor who is to approve it reads every row first.
    Run r = cli({QStringLiteral("approvals"), QStringLiteral("list")}, QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("every row: jobs show %1").arg(job).toUtf8()), r.out.constData());
    r = cli({QStringLiteral("jobs"), QStringLiteral("show"), id}, QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + valid + 1);
    QVERIFY2(lines.first().startsWith('#' + id.toLatin1() + '\t'), lines.first().constData());
    QVERIFY2(lines.at(1).startsWith("line 2\tpending\t"), lines.at(1).constData());
    QVERIFY2(lines.at(1).contains(m_sandbox->population().user(1).referenceId.toUtf8()),
             lines.at(1).constData());
    QVERIFY2(lines.at(8).startsWith("line 9\tinvalid\t"), lines.at(8).constData());
    QVERIFY2(lines.last().startsWith(QStringLiteral("line %1\tpending\t").arg(valid + 2).toUtf8()),
             lines.last().constData());
    QVERIFY(enrolleeRequestsByUser().isEmpty());
    // An auditor may read it too; a number that is not a job is a usage error.
    QCOMPARE(cli({QStringLiteral("jobs"), QStringLiteral("show"), id}, QStringLiteral("audrey")).code, 0);
    QCOMPARE(cli({QStringLiteral("jobs"), QStringLiteral("show"), QString::number(job + 5000)},
                 QStringLiteral("sam"))
                 .code,
             2);
    // Once it ran, each row names its action and result.
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), id}, QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli({QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("show"), id},
            QStringLiteral("audrey"));
    QCOMPARE(r.code, 0);
    const QJsonObject doc = r.json();
    QCOMPARE(qint64(doc.value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toDouble()), job);
    const QJsonArray listed = doc.value(QStringLiteral("rows")).toArray();
    QCOMPARE(listed.size(), valid + 1);
    QSet<qint64> actions;
    for (const QJsonValue& v : listed) {
        const QJsonObject row = v.toObject();
        if (row.value(QStringLiteral("line")).toInt() == 9) {
            QCOMPARE(row.value(QStringLiteral("result")).toString(), QStringLiteral("invalid"));
            QVERIFY(!row.value(QStringLiteral("problem")).toString().isEmpty());
            continue;
        }
        const QString result = row.value(QStringLiteral("result")).toString();
        QVERIFY2(result == QLatin1String("succeeded") || result == QLatin1String("already-in-state") ||
                     result == QLatin1String("failed"),
                 qPrintable(result));
        actions.insert(qint64(row.value(QStringLiteral("action_id")).toDouble()));
    }
    QCOMPARE(int(actions.size()), valid);
    QVERIFY(!actions.contains(0));
}

void TestBulkCli::ctrlCPausesAndResumeFinishes()
{
    // As cancelLeavesAConsistentState: long enough for the Ctrl-C to land inside the job under ASan.
    const int total = 240;
    qint64 job = 0;
    QProcess* p = nullptr;
    startJobInBackground(300, smileRows(250, total, QStringLiteral("active=true")), 10, &job, &p);
    if (QTest::currentTestFailed())
        return;
    ::kill(pid_t(p->processId()), SIGINT); // what Ctrl-C sends
    QDeadlineTimer deadline(60000);
    while (p->state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    QCOMPARE(p->state(), QProcess::NotRunning);
    QCOMPARE(p->exitStatus(), QProcess::NormalExit); // not killed by the signal
    QCOMPARE(p->exitCode(), 130);
    QVERIFY2(p->readAllStandardError().contains("Pausing bulk job"), "no word of the pause");
    delete p;

    // Paused, and the rows that were in flight were waited for: none is unknown.
    QString error;
    auto counts = m_store->bulkJobCounts(job, &error);
    QVERIFY2(counts, qPrintable(error));
    QCOMPARE(m_store->bulkJob(job, &error)->runState, BulkJob::RunState::Paused);
    QCOMPARE(counts->sending, 0);
    QCOMPARE(counts->unknown, 0);
    QVERIFY(counts->pending > 0);
    QCOMPARE(int(enrolleeRequestsByUser().size()), counts->succeeded);
    AuditFilter filter;
    filter.actionId = job;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool paused = false;
    for (const AuditEntry& e : *entries)
        paused |= e.event == QLatin1String("paused") && e.operatorName == QLatin1String("sam") &&
                  e.reason == QLatin1String("interrupted from the terminal");
    QVERIFY(paused);

    // Resumed, it finishes: every row sent exactly once.
    const Run r =
        cli({QStringLiteral("jobs"), QStringLiteral("resume"), QString::number(job)}, QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    counts = m_store->bulkJobCounts(job, &error);
    QCOMPARE(counts->succeeded, total);
    const QHash<QString, int> sent = enrolleeRequestsByUser();
    QCOMPARE(int(sent.size()), total);
    for (auto it = sent.cbegin(); it != sent.cend(); ++it)
        QCOMPARE(it.value(), 1);
}

void TestBulkCli::exportIsInjectionSafe()
{
    QStringList rows = smileRows(180, 2);
    rows << QStringLiteral("smileid,flag,REF-000190,active=false,\"=HYPERLINK(\"\"http://x\"\")\"")
         << QStringLiteral("smileid,flag,@SUM(1),delete,+cmd|' /C calc'!A0");
    const qint64 job = submit(rows);
    QVERIFY(job > 0);
    QVERIFY(cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(job)},
                QStringLiteral("sam"))
                .code != 7);
    const QString out = m_dir.filePath(QStringLiteral("results.csv"));
    Run r = cli({QStringLiteral("jobs"), QStringLiteral("export"), QString::number(job), out},
                QStringLiteral("audrey"));
    QVERIFY2(r.code == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csv = f.readAll();
    QVERIFY(csv.startsWith("\"line\",\"provider\",\"action\",\"user_id\""));
    QVERIFY(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
    QVERIFY(csv.contains("\"'@SUM(1)\""));
    QVERIFY(csv.contains("\"'+cmd|' /C calc'!A0\""));
    const QList<QByteArray> lines = csv.split('\n');
    for (const QByteArray& line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QVERIFY2(line.startsWith('"') && line.trimmed().endsWith('"'), line.constData());
    }
    QCOMPARE(lines.size() - 1, 5); // header + 4 rows, CRLF ends
}

QTEST_MAIN(TestBulkCli)
#include "tst_bulk_cli.moc"
