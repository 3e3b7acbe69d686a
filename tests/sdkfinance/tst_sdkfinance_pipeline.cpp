// SPDX-License-Identifier: GPL-3.0-or-later
// SDK.Finance actions through the action pipeline: a real store, the sandbox over real TLS.
// Reset needs a second supervisor's approval; approve / decline are for supervisors only and need
// none; an unknown field or a login without the permission is refused before anything is written.
#include "SandboxServer.h"
#include "TestStore.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
const QString kPermission = QStringLiteral("RESET_IDENTIFICATION_INITIATOR");

/// What a finished ticket said (the ticket deletes itself afterwards).
struct Finished
{
    ActionTicket::Failure failure = ActionTicket::Failure::None;
    ActionRecord record;
    bool hasOutcome = false;
    ActionOutcome outcome;
    QString message;
};

Finished finished(ActionTicket* ticket)
{
    Finished f;
    bool done = false;
    QObject::connect(ticket, &ActionTicket::finished, ticket, [&f, &done, ticket] {
        f.failure = ticket->failure();
        f.record = ticket->record();
        f.hasOutcome = ticket->hasOutcome();
        f.outcome = ticket->outcome();
        f.message = ticket->message();
        done = true;
    });
    const QDeadlineTimer deadline(30000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    if (!done)
        qFatal("the ticket did not finish within 30 s");
    return f;
}

ActionRequest reset(const QString& user, const QStringList& fields)
{
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = QStringLiteral("reset");
    r.userId = user;
    r.params = {{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
    r.reason = QStringLiteral("Passport renewed, ask for the names again (case 512)");
    return r;
}

ActionRequest decide(const QString& verb, const QString& user, const QString& requestId)
{
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = verb;
    r.userId = user;
    r.params = {{QStringLiteral("request"), requestId}};
    r.reason = QStringLiteral("Checked the documents the user sent");
    return r;
}
} // namespace

class TestSdkFinancePipeline final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void resetWaitsForASecondSupervisor();
    void supervisorsOwnResetNeedsAnotherSupervisor();
    void unknownFieldIsRefusedBeforeAnythingIsWritten();
    void decisionsAreForSupervisorsAndNeedNoApproval();
    void decidingTwiceRecordsTheServersMessage();
    void loginWithoutThePermissionIsNotPermitted();

private:
    std::unique_ptr<ActionService> serviceFor(const QString& name, Session* session = nullptr);
    int requestsTo(const QString& pathEnd) const;
    qint64 auditCount();
    std::unique_ptr<Session> restrictedSession() const;

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_dir;
    QString m_profilePath;
    QList<SdkFinanceResetRequest> m_pending;
};

void TestSdkFinancePipeline::init()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
    const auto add = [this](const QString& name, Role role) {
        Operator op;
        op.name = name;
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        QString why;
        const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        QVERIFY(hash);
        QVERIFY2(m_store->addOperator(op, *hash, &why), qPrintable(why));
    };
    add(QStringLiteral("olivia"), Role::Officer);
    add(QStringLiteral("sam"), Role::Supervisor);
    add(QStringLiteral("sara"), Role::Supervisor);
    add(QStringLiteral("audrey"), Role::Auditor);

    SandboxOptions options;
    options.users = 200;
    options.seed = 11;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profilePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(m_profilePath, &error), qPrintable(error));
    const auto profile = ConnectionProfile::load(m_profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    QVERIFY2(profile->section<SdkFinanceSettings>(), "the sandbox profile has no sdkfinance section");
    m_session = std::make_unique<Session>(*profile);
    QVERIFY(m_session->client<SdkFinanceClient>());
    m_pending.clear();
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population()))
        if (r.status == QLatin1String("PENDING"))
            m_pending << r;
    QVERIFY(m_pending.size() >= 2);
}

void TestSdkFinancePipeline::cleanup()
{
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
    m_testStore.reset();
}

std::unique_ptr<ActionService> TestSdkFinancePipeline::serviceFor(const QString& name, Session* session)
{
    QString error;
    const std::optional<Operator> op = OperatorService(m_store.get()).signIn(name, kPassword, &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    auto service = std::make_unique<ActionService>(m_store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : (session ? session : m_session.get())->executors())
        service->registerExecutor(ex);
    return service;
}

int TestSdkFinancePipeline::requestsTo(const QString& pathEnd) const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(pathEnd))
            ++n;
    return n;
}

qint64 TestSdkFinancePipeline::auditCount()
{
    QString error;
    const auto entries = m_store->auditEntries(AuditFilter{}, &error);
    if (!entries)
        qFatal("cannot read the audit log: %s", qPrintable(error));
    return entries->size();
}

std::unique_ptr<Session> TestSdkFinancePipeline::restrictedSession() const
{
    QString error;
    auto profile = ConnectionProfile::load(m_profilePath, &error);
    if (!profile)
        qFatal("%s", qPrintable(error));
    profile->section<SdkFinanceSettings>()->login = m_sandbox->options().sdkFinanceRestrictedLogin;
    profile->section<SdkFinanceSettings>()->password = m_sandbox->options().sdkFinanceRestrictedPassword;
    return std::make_unique<Session>(*profile);
}

void TestSdkFinancePipeline::resetWaitsForASecondSupervisor()
{
    const QString user = SdkFinanceEmulator::userId(12);
    const QStringList fields{QStringLiteral("person.namePlain.first"),
                             QStringLiteral("person.namePlain.last"), QStringLiteral("address.country")};
    auto olivia = serviceFor(QStringLiteral("olivia"));
    const Finished submitted = finished(olivia->submit(reset(user, fields)));
    QCOMPARE(submitted.failure, ActionTicket::Failure::None);
    QCOMPARE(submitted.record.state, ActionRecord::State::PendingApproval);
    QVERIFY(submitted.record.requiresApproval);
    const qint64 id = submitted.record.id;
    // Nothing reached SDK.Finance: not the reset, not even a login.
    QCOMPARE(m_sandbox->requestLog().size(), 0);

    // The initiator cannot approve her own request; neither can an auditor.
    for (const QString& who : {QStringLiteral("olivia"), QStringLiteral("audrey")}) {
        auto service = serviceFor(who);
        QCOMPARE(finished(service->approve(id)).failure, ActionTicket::Failure::NotPermitted);
    }
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);

    auto sam = serviceFor(QStringLiteral("sam"));
    const Finished approved = finished(sam->approve(id, QStringLiteral("Case file checked")));
    QCOMPARE(approved.failure, ActionTicket::Failure::None);
    QCOMPARE(approved.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(QJsonDocument::fromJson(m_sandbox->requestLog().constLast().body).object(),
             (QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}}));
    // SDK.Finance answers with the whole profile; neither the outcome nor the audit log keeps the
    // person's data: only what the reset changed (the fields to submit again).
    QVERIFY(approved.hasOutcome);
    const QJsonObject changed{{QStringLiteral("identification"), QStringLiteral("reset")},
                              {QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
    QCOMPARE(approved.outcome.after, changed);
    QString error;
    AuditFilter filter;
    filter.actionId = id;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool outcomeSeen = false;
    const PopulationUser person = m_sandbox->population().user(12);
    for (const AuditEntry& e : *entries) {
        if (e.event == QLatin1String("outcome")) {
            outcomeSeen = true;
            QCOMPARE(e.after, changed);
        }
        const QByteArray text = e.canonicalJson();
        QVERIFY(!text.contains(m_sandbox->options().sdkFinancePassword.toUtf8()));
        QVERIFY2(!text.contains(("\"" + person.firstName + "\"").toUtf8()), text.constData());
        QVERIFY(!text.contains("\"address\""));
    }
    QVERIFY(outcomeSeen);
    QVERIFY(m_store->verifyAudit().ok);

    // Approving it again sends nothing more.
    auto sara = serviceFor(QStringLiteral("sara"));
    QCOMPARE(finished(sara->approve(id)).failure, ActionTicket::Failure::NotPermitted);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 1);
}

void TestSdkFinancePipeline::supervisorsOwnResetNeedsAnotherSupervisor()
{
    auto sam = serviceFor(QStringLiteral("sam"));
    const Finished submitted =
        finished(sam->submit(reset(SdkFinanceEmulator::userId(3), {QStringLiteral("address.street")})));
    QCOMPARE(submitted.record.state, ActionRecord::State::PendingApproval);
    QCOMPARE(finished(sam->approve(submitted.record.id)).failure, ActionTicket::Failure::NotPermitted);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);
    auto sara = serviceFor(QStringLiteral("sara"));
    QCOMPARE(finished(sara->approve(submitted.record.id)).record.state, ActionRecord::State::Succeeded);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 1);
}

void TestSdkFinancePipeline::unknownFieldIsRefusedBeforeAnythingIsWritten()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    const qint64 before = auditCount();
    for (const QString& bad :
         {QStringLiteral("person.namePlain.nickname"), QStringLiteral("person.namePlain"),
          QStringLiteral("security.twoFactorsAuthEnabled")}) {
        const Finished f = finished(
            olivia->submit(reset(SdkFinanceEmulator::userId(4), {QStringLiteral("address.city"), bad})));
        QCOMPARE(f.failure, ActionTicket::Failure::Invalid);
        QVERIFY2(f.message.contains(bad), qPrintable(f.message));
    }
    const Finished none = finished(olivia->submit(reset(SdkFinanceEmulator::userId(4), {})));
    QCOMPARE(none.failure, ActionTicket::Failure::Invalid);
    QCOMPARE(auditCount(), before);
    QCOMPARE(m_sandbox->requestLog().size(), 0);
}

void TestSdkFinancePipeline::decisionsAreForSupervisorsAndNeedNoApproval()
{
    const SdkFinanceResetRequest p = m_pending.at(0);
    const QString user = SdkFinanceEmulator::userId(p.populationId);
    auto olivia = serviceFor(QStringLiteral("olivia"));
    const qint64 before = auditCount(); // after signing in, which is audited
    const ActionRequest approve = decide(QStringLiteral("approve"), user, p.id);
    QVERIFY(olivia->authorisation().requestRestriction(approve).contains(QLatin1String("supervisor")));
    const Finished refused = finished(olivia->submit(approve));
    QCOMPARE(refused.failure, ActionTicket::Failure::NotPermitted);
    QVERIFY2(refused.message.contains(QLatin1String("supervisor")), qPrintable(refused.message));
    QCOMPARE(auditCount(), before);
    QCOMPARE(m_sandbox->requestLog().size(), 0);

    // A reason is still required.
    auto sam = serviceFor(QStringLiteral("sam"));
    ActionRequest noReason = approve;
    noReason.reason = QStringLiteral(" ");
    QCOMPARE(finished(sam->submit(noReason)).failure, ActionTicket::Failure::Invalid);

    QVERIFY(sam->authorisation().requestRestriction(approve).isEmpty());
    const Finished done = finished(sam->submit(approve));
    QCOMPARE(done.failure, ActionTicket::Failure::None);
    QVERIFY(!done.record.requiresApproval);
    QCOMPARE(done.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(requestsTo(QStringLiteral("/%1/approve").arg(p.id)), 1);
    QCOMPARE(done.record.request.reason, approve.reason);

    const SdkFinanceResetRequest q = m_pending.at(1);
    const Finished declined = finished(
        sam->submit(decide(QStringLiteral("decline"), SdkFinanceEmulator::userId(q.populationId), q.id)));
    QCOMPARE(declined.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(requestsTo(QStringLiteral("/%1/decline").arg(q.id)), 1);
}

void TestSdkFinancePipeline::decidingTwiceRecordsTheServersMessage()
{
    const SdkFinanceResetRequest p = m_pending.at(1);
    const QString user = SdkFinanceEmulator::userId(p.populationId);
    auto sam = serviceFor(QStringLiteral("sam"));
    QCOMPARE(finished(sam->submit(decide(QStringLiteral("decline"), user, p.id))).record.state,
             ActionRecord::State::Succeeded);
    auto sara = serviceFor(QStringLiteral("sara"));
    const Finished again = finished(sara->submit(decide(QStringLiteral("approve"), user, p.id)));
    QCOMPARE(again.record.state, ActionRecord::State::Failed);
    QVERIFY(again.hasOutcome);
    QCOMPARE(again.outcome.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(again.record.httpStatus, 409);
    QVERIFY2(again.message.contains(QLatin1String("was already declined")), qPrintable(again.message));
    QVERIFY2(again.record.outcomeMessage.contains(QLatin1String("was already declined")),
             qPrintable(again.record.outcomeMessage));
}

void TestSdkFinancePipeline::loginWithoutThePermissionIsNotPermitted()
{
    auto session = restrictedSession();
    SdkFinanceClient* client = session->client<SdkFinanceClient>();
    auto sam = serviceFor(QStringLiteral("sam"), session.get());
    const ActionRequest r = reset(SdkFinanceEmulator::userId(5), {QStringLiteral("address.city")});

    // Before any login the permission is unknown: the pipeline takes it, the client refuses it
    // after logging in, and the outcome names the permission. Nothing reaches /reset.
    const Finished first = finished(
        sam->submit(decide(QStringLiteral("decline"),
                           SdkFinanceEmulator::userId(m_pending.at(0).populationId), m_pending.at(0).id)));
    QCOMPARE(first.record.state, ActionRecord::State::Failed);
    QVERIFY2(first.message.contains(kPermission), qPrintable(first.message));
    QCOMPARE(requestsTo(QStringLiteral("/decline")), 0);

    // Once logged in, the action is disabled with that reason, before anything is written.
    QVERIFY(client->isLoggedIn());
    QVERIFY(sam->authorisation().requestRestriction(r).contains(kPermission));
    const qint64 before = auditCount();
    const Finished refused = finished(sam->submit(r));
    QCOMPARE(refused.failure, ActionTicket::Failure::NotPermitted);
    QVERIFY2(refused.message.contains(kPermission), qPrintable(refused.message));
    QCOMPARE(auditCount(), before);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);
}

QTEST_GUILESS_MAIN(TestSdkFinancePipeline)
#include "tst_sdkfinance_pipeline.moc"
