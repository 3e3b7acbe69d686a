// SPDX-License-Identifier: GPL-3.0-or-later
// Actions bound to their environment (issue 32): an action records the fingerprint of the profile it
// was requested on (in the store and in its intent entry), and is approved, sent and re-checked only
// from that profile: from another one it is refused and nothing is written or sent. An action stored
// before (no fingerprint) still approves. The service and the CLI as a process, a real SQLite store,
// the sandbox over real TLS in this process; profile B is profile A under another name.
#include "ReverifyBench.h"
#include "domain/ProfileFingerprint.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobService.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "smartid/SmartIdEmulator.h"
#include "store/Store.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>
#include <algorithm>

namespace {
constexpr quint32 kUsers = 200;
const QString kUnenrollPath = QStringLiteral("/smartid/api/kyc/unenroll");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(code) + "\nout: " + out + "\nerr: " + err;
    }
};

struct Finished
{
    bool done = false;
    ActionTicket::Failure failure = ActionTicket::Failure::None;
    ActionRecord record;
    QString message;
};

Finished finished(ActionTicket* ticket)
{
    Finished f;
    QObject::connect(ticket, &ActionTicket::finished, ticket, [&f, ticket] {
        f.done = true;
        f.failure = ticket->failure();
        f.record = ticket->record();
        f.message = ticket->message();
    });
    QDeadlineTimer deadline(30000);
    while (!f.done && !deadline.hasExpired())
        QTest::qWait(10);
    return f;
}

ActionRequest unenroll(const QString& user)
{
    ActionRequest r;
    r.provider = QStringLiteral("smartid");
    r.action = QStringLiteral("unenroll");
    r.userId = user;
    r.reason = QStringLiteral("Customer lost the device (case 12)");
    return r;
}
} // namespace

class TestProfileBinding : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void intentRecordsTheProfile();
    void approvalFromAnotherProfileIsRefused();
    void recheckFromAnotherProfileIsRefused();
    void unboundActionStillApproves();
    void bulkRowsCarryTheirJobsProfile();
    void cliApprovalFromAnotherProfileExitsSeven();
    void cliRecheckFromAnotherProfileExitsSeven();

private:
    /// A pipeline signed in as `name` on `session`'s profile (ActionService::useSession()).
    std::unique_ptr<ActionService> serviceOn(const QString& name, const Session& session);
    /// Profile B: profile A under another name, beside it (mode 0600), and its session.
    bool makeProfileB(QString* error);
    /// A SmartID user who is enrolled.
    QString enrolledUser(int nth) const;
    /// The audit entries of an action (signing in is audited too, so not all of them).
    int auditCount(qint64 actionId);
    Run cli(const QStringList& args, const QString& profile, const QString& operatorName);

    std::unique_ptr<ReverifyBench> m_bench;
    QString m_profileB;
    std::unique_ptr<Session> m_sessionB;
};

void TestProfileBinding::init()
{
    m_bench = std::make_unique<ReverifyBench>();
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 11;
    QString error;
    QVERIFY2(m_bench->start(options, &error), qPrintable(error));
    QVERIFY2(makeProfileB(&error), qPrintable(error));
}

void TestProfileBinding::cleanup()
{
    m_sessionB.reset();
    m_bench.reset();
}

bool TestProfileBinding::makeProfileB(QString* error)
{
    QFile a(m_bench->profilePath());
    if (!a.open(QIODevice::ReadOnly)) {
        *error = a.errorString();
        return false;
    }
    QJsonObject json = QJsonDocument::fromJson(a.readAll()).object();
    json.insert(QStringLiteral("name"), QStringLiteral("Sandbox B"));
    m_profileB = QFileInfo(m_bench->profilePath()).absolutePath() + QStringLiteral("/profile-b.json");
    QFile b(m_profileB);
    if (!b.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !b.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = b.errorString();
        return false;
    }
    b.write(QJsonDocument(json).toJson());
    b.close();
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profileB, error);
    if (!profile)
        return false;
    m_sessionB = std::make_unique<Session>(*profile);
    return true;
}

std::unique_ptr<ActionService> TestProfileBinding::serviceOn(const QString& name, const Session& session)
{
    QString error;
    const std::optional<Operator> op =
        OperatorService(&m_bench->store()).signIn(name, ReverifyBench::kPassword, &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    auto service = std::make_unique<ActionService>(&m_bench->store());
    service->setOperator(*op);
    service->useSession(session);
    return service;
}

QString TestProfileBinding::enrolledUser(int nth) const
{
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::None, nth);
    return m_bench->sandbox().population().user(id).email;
}

int TestProfileBinding::auditCount(qint64 actionId)
{
    QString error;
    AuditFilter filter;
    filter.actionId = actionId;
    const std::optional<QList<AuditEntry>> entries = m_bench->store().auditEntries(filter, &error);
    return entries ? int(entries->size()) : -1;
}

void TestProfileBinding::intentRecordsTheProfile()
{
    const ProfileFingerprint a = ProfileFingerprint::of(m_bench->session().profile());
    const ProfileFingerprint b = ProfileFingerprint::of(m_sessionB->profile());
    QCOMPARE(a.name(), QStringLiteral("sandbox"));
    QCOMPARE(a.environment(), QStringLiteral("test"));
    QVERIFY(a.urls().contains(QStringLiteral("smartid.base_url")));
    QVERIFY(a.urls().contains(QStringLiteral("trustswiftly.base_url")));
    QVERIFY(a != b);
    // A stable JSON form, read back as it was.
    QCOMPARE(ProfileFingerprint::fromText(a.toText()), std::optional<ProfileFingerprint>(a));
    QCOMPARE(ProfileFingerprint::fromJson(a.toJson())->toText(), a.toText());
    QVERIFY2(a.text().startsWith(QStringLiteral("profile “sandbox” (test): https://127.0.0.1:")),
             qPrintable(a.text()));
    QVERIFY(!ProfileFingerprint::fromText(QString()));

    auto olivia = serviceOn(QStringLiteral("olivia"), m_bench->session());
    const Finished requested = finished(olivia->submit(unenroll(enrolledUser(1))));
    QCOMPARE(requested.record.state, ActionRecord::State::PendingApproval);
    QString error;
    const std::optional<ActionRecord> stored = m_bench->store().action(requested.record.id, &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->request.profile, std::optional<ProfileFingerprint>(a));

    AuditFilter filter;
    const std::optional<QList<AuditEntry>> entries = m_bench->store().auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool seen = false;
    for (const AuditEntry& e : *entries) {
        if (e.actionId != requested.record.id || e.event != QLatin1String("intent"))
            continue;
        seen = true;
        QCOMPARE(e.requestSummary.value(QStringLiteral("profile")).toObject(), a.toJson());
    }
    QVERIFY(seen);
    QVERIFY(m_bench->store().verifyAudit().ok);
}

void TestProfileBinding::approvalFromAnotherProfileIsRefused()
{
    auto olivia = serviceOn(QStringLiteral("olivia"), m_bench->session());
    const Finished requested = finished(olivia->submit(unenroll(enrolledUser(2))));
    QCOMPARE(requested.record.state, ActionRecord::State::PendingApproval);
    const qint64 id = requested.record.id;
    const int entries = auditCount(id);
    m_bench->sandbox().clearRequestLog();

    auto samOnB = serviceOn(QStringLiteral("sam"), *m_sessionB);
    QVERIFY(!samOnB->authorisation().profileRestriction(requested.record).isEmpty());
    const Finished refused = finished(samOnB->approve(id, QStringLiteral("ok")));
    QVERIFY(refused.done);
    QCOMPARE(refused.failure, ActionTicket::Failure::NotPermitted);
    QVERIFY2(refused.message.contains(QStringLiteral("“sandbox”")), qPrintable(refused.message));
    QVERIFY2(refused.message.contains(QStringLiteral("nothing was sent")), qPrintable(refused.message));
    // Nothing written, nothing sent.
    QString error;
    QCOMPARE(m_bench->store().action(id, &error)->state, ActionRecord::State::PendingApproval);
    QCOMPARE(auditCount(id), entries);
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);

    // From profile A it goes through.
    auto samOnA = serviceOn(QStringLiteral("sam"), m_bench->session());
    const Finished approved = finished(samOnA->approve(id, QStringLiteral("ok")));
    QVERIFY2(approved.failure == ActionTicket::Failure::None, qPrintable(approved.message));
    QCOMPARE(approved.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
}

void TestProfileBinding::recheckFromAnotherProfileIsRefused()
{
    // Trust Swiftly applies the reverify, then drops the connection: the outcome is unknown.
    SandboxOptions dropping;
    dropping.users = kUsers;
    dropping.seed = 11;
    dropping.faults.dropAfterProcessing = 1.0;
    QString error;
    QVERIFY2(m_bench->restartSandbox(dropping, &error), qPrintable(error));
    QVERIFY2(makeProfileB(&error), qPrintable(error));
    const quint32 user = 1; // an ordinary Trust Swiftly user (not one of the sandbox's fault residues)
    ActionRequest reverify;
    reverify.provider = QStringLiteral("trustswiftly");
    reverify.action = QStringLiteral("reverify");
    reverify.userId = QString::number(user);
    reverify.params = {{QStringLiteral("from"), m_bench->sandbox().population().user(user).currentWorkflowId},
                       {QStringLiteral("to"), TrustSwiftlyEmulator::workflowId(29)}};
    reverify.reason = QStringLiteral("Periodic identity check (case 81)");
    auto olivia = serviceOn(QStringLiteral("olivia"), m_bench->session());
    const Finished sent = finished(olivia->submit(reverify));
    QCOMPARE(sent.record.state, ActionRecord::State::Unresolved);
    const int entries = auditCount(sent.record.id);
    m_bench->sandbox().clearRequestLog();

    auto samOnB = serviceOn(QStringLiteral("sam"), *m_sessionB);
    QVERIFY(!samOnB->authorisation().recheckRestriction(sent.record).isEmpty());
    const Finished refused = finished(samOnB->recheck(sent.record.id));
    QCOMPARE(refused.failure, ActionTicket::Failure::NotPermitted);
    QVERIFY2(refused.message.contains(QStringLiteral("“sandbox”")), qPrintable(refused.message));
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);
    QCOMPARE(auditCount(sent.record.id), entries);
    QCOMPARE(m_bench->store().action(sent.record.id, &error)->state, ActionRecord::State::Unresolved);

    // From profile A the provider is asked (it drops this connection too, so it stays unresolved).
    auto samOnA = serviceOn(QStringLiteral("sam"), m_bench->session());
    QCOMPARE(samOnA->authorisation().recheckRestriction(sent.record), QString());
    const Finished asked = finished(samOnA->recheck(sent.record.id));
    QVERIFY(asked.done);
    QVERIFY2(asked.failure != ActionTicket::Failure::NotPermitted, qPrintable(asked.message));
    QVERIFY(m_bench->sandbox().requestLog().size() >= 1);
}

void TestProfileBinding::unboundActionStillApproves()
{
    // An action stored before actions were bound to their profile: no fingerprint.
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    QVERIFY(!olivia->currentProfile());
    const Finished requested = finished(olivia->submit(unenroll(enrolledUser(3))));
    QCOMPARE(requested.record.state, ActionRecord::State::PendingApproval);
    QString error;
    QVERIFY(!m_bench->store().action(requested.record.id, &error)->request.profile);
    m_bench->sandbox().clearRequestLog();

    auto samOnB = serviceOn(QStringLiteral("sam"), *m_sessionB);
    QCOMPARE(samOnB->authorisation().profileRestriction(requested.record), QString());
    const Finished approved = finished(samOnB->approve(requested.record.id, QString()));
    QVERIFY2(approved.failure == ActionTicket::Failure::None, qPrintable(approved.message));
    QCOMPARE(approved.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
}

void TestProfileBinding::bulkRowsCarryTheirJobsProfile()
{
    const ProfileFingerprint a = ProfileFingerprint::of(m_bench->session().profile());
    auto olivia = serviceOn(QStringLiteral("olivia"), m_bench->session());
    QByteArray csv = "provider,action,user_id,params,reason\n";
    for (int nth = 5; nth < 8; ++nth)
        csv += "smartid,unenroll," + enrolledUser(nth).toUtf8() + ",,lost device\n";
    QString error;
    const std::optional<QList<BulkRow>> parsed = BulkCsvParser::parse(csv, &error);
    QVERIFY2(parsed, qPrintable(error));
    BulkDryRun dryRun(olivia.get(), *parsed);
    QSignalSpy checked(&dryRun, &BulkDryRun::finished);
    dryRun.start();
    QVERIFY(checked.count() > 0 || checked.wait(30000));
    BulkJobService jobs(olivia.get());
    const std::optional<qint64> job =
        jobs.submit(QStringLiteral("lost.csv"), dryRun.rows(), QString(), 2, &error);
    QVERIFY2(job, qPrintable(error));
    QCOMPARE(m_bench->store().action(*job, &error)->request.profile, std::optional<ProfileFingerprint>(a));
    m_bench->sandbox().clearRequestLog();

    // Approving the job, running it and sending its rows from profile B are refused.
    auto samOnB = serviceOn(QStringLiteral("sam"), *m_sessionB);
    QCOMPARE(finished(samOnB->approve(*job)).failure, ActionTicket::Failure::NotPermitted);
    auto samOnA = serviceOn(QStringLiteral("sam"), m_bench->session());
    const Finished approved = finished(samOnA->approve(*job));
    QVERIFY2(approved.failure == ActionTicket::Failure::None, qPrintable(approved.message));
    BulkJobService jobsOnB(samOnB.get());
    QVERIFY(!jobsOnB.run(*job, &error));
    QVERIFY2(error.contains(QStringLiteral("“sandbox”")), qPrintable(error));
    const std::optional<QList<BulkRow>> pending = m_bench->store().bulkJobRows(*job, 0, 0, true, &error);
    QVERIFY2(pending && pending->size() == 3, qPrintable(error));
    const int entries = auditCount(0 /* all: no sign-in in between */);
    const Finished row =
        finished(samOnB->submitJobRow(pending->constFirst().request, pending->constFirst().line));
    QCOMPARE(row.failure, ActionTicket::Failure::NotPermitted);
    QVERIFY2(row.message.contains(QStringLiteral("nothing was sent")), qPrintable(row.message));
    QCOMPARE(auditCount(0 /* all: no sign-in in between */), entries);
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);

    // From profile A the row is sent, bound to the job's profile, its intent saying so.
    const Finished sent =
        finished(samOnA->submitJobRow(pending->constFirst().request, pending->constFirst().line));
    QVERIFY2(sent.failure == ActionTicket::Failure::None, qPrintable(sent.message));
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
    const std::optional<ActionRecord> stored = m_bench->store().action(sent.record.id, &error);
    QCOMPARE(stored->request.profile, std::optional<ProfileFingerprint>(a));
    AuditFilter filter;
    filter.actionId = sent.record.id;
    const std::optional<QList<AuditEntry>> log = m_bench->store().auditEntries(filter, &error);
    QVERIFY2(log && !log->isEmpty(), qPrintable(error));
    const auto intent = std::find_if(log->cbegin(), log->cend(),
                                     [](const AuditEntry& e) { return e.event == QLatin1String("intent"); });
    QVERIFY(intent != log->cend());
    QCOMPARE(intent->requestSummary.value(QStringLiteral("profile")).toObject(), a.toJson());
}

Run TestProfileBinding::cli(const QStringList& args, const QString& profile, const QString& operatorName)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), ReverifyBench::kPassword);
    p.setProcessEnvironment(env);
    const QStringList all{QStringLiteral("--profile"),  profile,
                          QStringLiteral("--store"),    m_bench->storeUrl(),
                          QStringLiteral("--operator"), operatorName};
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
    }
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestProfileBinding::cliApprovalFromAnotherProfileExitsSeven()
{
    const QString user = enrolledUser(4);
    Run r = cli({QStringLiteral("--json"), QStringLiteral("smartid"), QStringLiteral("unenroll"), user,
                 QStringLiteral("--reason"), QStringLiteral("Customer lost the device")},
                m_bench->profilePath(), QStringLiteral("olivia"));
    QVERIFY2(r.code == 5, r.describe().constData());
    const qint64 id = qint64(r.json().value(QStringLiteral("id")).toDouble());
    QVERIFY(id > 0);
    const int entries = auditCount(id);
    m_bench->sandbox().clearRequestLog();

    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)}, m_profileB,
            QStringLiteral("sam"));
    QVERIFY2(r.code == 7, r.describe().constData());
    QVERIFY2(r.err.contains("profile \xe2\x80\x9csandbox\xe2\x80\x9d (test)"), r.describe().constData());
    QVERIFY2(r.err.contains("nothing was sent"), r.describe().constData());
    QCOMPARE(m_bench->requests(kUnenrollPath), 0);
    QCOMPARE(auditCount(id), entries);
    QString error;
    QCOMPARE(m_bench->store().action(id, &error)->state, ActionRecord::State::PendingApproval);

    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)},
            m_bench->profilePath(), QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
    QCOMPARE(m_bench->store().action(id, &error)->state, ActionRecord::State::Succeeded);
}

void TestProfileBinding::cliRecheckFromAnotherProfileExitsSeven()
{
    SandboxOptions dropping;
    dropping.users = kUsers;
    dropping.seed = 11;
    dropping.faults.dropAfterProcessing = 1.0;
    QString error;
    QVERIFY2(m_bench->restartSandbox(dropping, &error), qPrintable(error));
    QVERIFY2(makeProfileB(&error), qPrintable(error));
    const quint32 user = 2;
    Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(user),
                 QStringLiteral("--from"), m_bench->sandbox().population().user(user).currentWorkflowId,
                 QStringLiteral("--to"), TrustSwiftlyEmulator::workflowId(29), QStringLiteral("--reason"),
                 QStringLiteral("Payout check")},
                m_bench->profilePath(), QStringLiteral("olivia"));
    QVERIFY2(r.code == 6, r.describe().constData());
    const std::optional<QList<ActionRecord>> unresolved =
        m_bench->store().actionsInState(ActionRecord::State::Unresolved, &error);
    QVERIFY2(unresolved && unresolved->size() == 1, qPrintable(error));
    const qint64 id = unresolved->constFirst().id;
    const int entries = auditCount(id);
    m_bench->sandbox().clearRequestLog();

    r = cli({QStringLiteral("unresolved"), QStringLiteral("recheck"), QString::number(id)}, m_profileB,
            QStringLiteral("sam"));
    QVERIFY2(r.code == 7, r.describe().constData());
    QVERIFY2(r.err.contains("profile \xe2\x80\x9csandbox\xe2\x80\x9d (test)"), r.describe().constData());
    QVERIFY2(r.err.contains("nothing was sent"), r.describe().constData());
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);
    QCOMPARE(auditCount(id), entries);
    QCOMPARE(m_bench->store().action(id, &error)->state, ActionRecord::State::Unresolved);

    // With profile A the provider is asked (it drops the connection again: still unresolved, exit 6).
    r = cli({QStringLiteral("unresolved"), QStringLiteral("recheck"), QString::number(id)},
            m_bench->profilePath(), QStringLiteral("sam"));
    QVERIFY2(r.code != 7, r.describe().constData());
    QVERIFY(m_bench->sandbox().requestLog().size() >= 1);
}

QTEST_GUILESS_MAIN(TestProfileBinding)
#include "tst_profilebinding.moc"
