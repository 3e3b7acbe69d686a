// SPDX-License-Identifier: GPL-3.0-or-later
// The action pipeline end to end: a real store, the Smile ID sandbox over real TLS.
#include "SandboxServer.h"
#include "TestStore.h"
#include "providers/smileid/SmileIdSettings.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/GovernanceService.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");

ActionRequest fraud(const QString& user, bool value = true)
{
    ActionRequest r;
    r.provider = QStringLiteral("smileid");
    r.action = QStringLiteral("flag");
    r.userId = user;
    r.params = {{QStringLiteral("flag"), QStringLiteral("is_fraudulent")}, {QStringLiteral("value"), value}};
    r.reason = QStringLiteral("Matches a known fraud ring (case 4711)");
    return r;
}

ActionRequest deactivate(const QString& user)
{
    ActionRequest r = fraud(user);
    r.params = {{QStringLiteral("flag"), QStringLiteral("active")}, {QStringLiteral("value"), false}};
    r.reason = QStringLiteral("Customer asked to close the account");
    return r;
}
} // namespace

class TestActionService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void fourEyes();
    void noApprovalNeededIsSentAtOnce();
    void reasonIsRequiredAndNothingIsWritten();
    void auditorCannotRequest();
    void failClosedWhenTheStoreIsUnavailable();
    void droppedConnectionIsUnknownAndNotRetried();
    void rejectNeedsAReasonAndSendsNothing();
    void policyChangeTakesEffect();
    void waitingRequestsExpire();
    void signingOutLeavesNothingSending();

private:
    std::unique_ptr<ActionService> serviceFor(const QString& name);
    int enrolleeRequests() const;
    ActionTicket* finished(ActionTicket* ticket);
    void startSandbox(const Faults& faults);

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_dir;
    QString m_user;
};

void TestActionService::startSandbox(const Faults& faults)
{
    m_session.reset();
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = 50;
    options.faults = faults;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    const QString profilePath =
        m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(profilePath, &error), qPrintable(error));
    auto profile = ConnectionProfile::load(profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    QVERIFY2(profile->section<SmileIdSettings>(), "the sandbox profile has no smileid section");
    m_session = std::make_unique<Session>(*profile);
    m_user = m_sandbox->population().user(7).referenceId;
}

void TestActionService::init()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
    // Operators straight into the store with the cheapest hash the hasher allows: tests stay fast.
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
    add(QStringLiteral("oscar"), Role::Officer);
    add(QStringLiteral("sam"), Role::Supervisor);
    add(QStringLiteral("sara"), Role::Supervisor);
    add(QStringLiteral("audrey"), Role::Auditor);
    startSandbox(Faults{});
}

void TestActionService::cleanup()
{
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
    m_testStore.reset();
}

std::unique_ptr<ActionService> TestActionService::serviceFor(const QString& name)
{
    QString error;
    const std::optional<Operator> op = OperatorService(m_store.get()).signIn(name, kPassword, &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    auto service = std::make_unique<ActionService>(m_store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : m_session->executors())
        service->registerExecutor(ex);
    return service;
}

int TestActionService::enrolleeRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
            ++n;
    return n;
}

ActionTicket* TestActionService::finished(ActionTicket* ticket)
{
    QSignalSpy spy(ticket, &ActionTicket::finished);
    if (!ticket->isFinished() || spy.isEmpty())
        spy.wait(20000);
    return ticket;
}

void TestActionService::fourEyes()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    ActionTicket* t = olivia->submit(fraud(m_user));
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(t->failure(), ActionTicket::Failure::None);
    QCOMPARE(t->record().state, ActionRecord::State::PendingApproval);
    const qint64 id = t->record().id;
    QVERIFY(id > 0);
    QCOMPARE(enrolleeRequests(), 0);

    // The initiator cannot approve, nor can another officer or an auditor.
    for (const QString& who : {QStringLiteral("olivia"), QStringLiteral("oscar"), QStringLiteral("audrey")}) {
        auto service = serviceFor(who);
        ActionTicket* a = service->approve(id);
        QSignalSpy spy(a, &ActionTicket::finished);
        QVERIFY(spy.wait(10000));
        QCOMPARE(a->failure(), ActionTicket::Failure::NotPermitted);
    }
    QVERIFY(olivia->approve(id) != nullptr);
    QTest::qWait(200);
    QCOMPARE(enrolleeRequests(), 0);

    // A different supervisor approves: sent exactly once.
    auto sam = serviceFor(QStringLiteral("sam"));
    ActionTicket* approved = sam->approve(id, QStringLiteral("Checked the case file"));
    QSignalSpy approvedDone(approved, &ActionTicket::finished);
    QVERIFY(approvedDone.wait(20000));
    QCOMPARE(approved->failure(), ActionTicket::Failure::None);
    QCOMPARE(approved->record().state, ActionRecord::State::Succeeded);
    QCOMPARE(enrolleeRequests(), 1);

    // A second approval of the same action, by another supervisor, sends nothing.
    auto sara = serviceFor(QStringLiteral("sara"));
    ActionTicket* again = sara->approve(id);
    QSignalSpy againDone(again, &ActionTicket::finished);
    QVERIFY(againDone.wait(10000));
    QCOMPARE(again->failure(), ActionTicket::Failure::NotPermitted);
    QTest::qWait(200);
    QCOMPARE(enrolleeRequests(), 1);

    // The audit log tells the story, and the chain holds.
    QString error;
    AuditFilter filter;
    filter.actionId = id;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QStringList events;
    for (const AuditEntry& e : *entries)
        events << e.event + QLatin1Char(':') + e.operatorName;
    std::sort(events.begin(), events.end());
    QCOMPARE(events, (QStringList{QStringLiteral("approved:sam"), QStringLiteral("intent:olivia"),
                                  QStringLiteral("outcome:sam")}));
    QVERIFY(m_store->verifyAudit().ok);
    // The intent's request summary never carries the signature.
    for (const AuditEntry& e : *entries)
        QVERIFY(!QJsonDocument(e.requestSummary)
                     .toJson()
                     .contains(m_session->profile().section<SmileIdSettings>()->apiKey.toUtf8()));
}

void TestActionService::noApprovalNeededIsSentAtOnce()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    ActionTicket* t = olivia->submit(deactivate(m_user));
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(20000));
    QCOMPARE(t->record().state, ActionRecord::State::Succeeded);
    QCOMPARE(enrolleeRequests(), 1);
    const QJsonObject body = QJsonDocument::fromJson(m_sandbox->requestLog().constLast().body).object();
    QCOMPARE(body.value(QStringLiteral("active")), QJsonValue(false));
    QCOMPARE(body.value(QStringLiteral("user_id")).toString(), m_user);
}

void TestActionService::reasonIsRequiredAndNothingIsWritten()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    ActionRequest r = deactivate(m_user);
    r.reason = QStringLiteral("   ");
    QString error;
    const qint64 before = m_store->auditEntries(AuditFilter{}, &error)->size();
    ActionTicket* t = olivia->submit(r);
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(t->failure(), ActionTicket::Failure::Invalid);
    QVERIFY(t->message().contains(QStringLiteral("reason")));
    QCOMPARE(m_store->auditEntries(AuditFilter{}, &error)->size(), before);
    QCOMPARE(enrolleeRequests(), 0);
}

void TestActionService::auditorCannotRequest()
{
    auto audrey = serviceFor(QStringLiteral("audrey"));
    QVERIFY(!audrey->authorisation().requestRestriction(deactivate(m_user)).isEmpty());
    ActionTicket* t = audrey->submit(deactivate(m_user));
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(t->failure(), ActionTicket::Failure::NotPermitted);
    QCOMPARE(enrolleeRequests(), 0);
}

void TestActionService::failClosedWhenTheStoreIsUnavailable()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    // Make the store refuse writes: another connection holds an exclusive lock (SQLite) or locks
    // the audit table (PostgreSQL) for longer than the store waits for locks.
    const QString lockConnection = QStringLiteral("lock-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db;
        if (TestStore::backend() == QLatin1String("sqlite")) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockConnection);
            db.setDatabaseName(m_testStore->sqlitePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        } else {
            const QUrl url(m_testStore->url());
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), lockConnection);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setUserName(url.userName());
            db.setPassword(url.password());
            db.setDatabaseName(url.path().mid(1));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE")));
        }
        ActionTicket* t = olivia->submit(deactivate(m_user));
        QSignalSpy done(t, &ActionTicket::finished);
        QVERIFY(done.wait(60000));
        QCOMPARE(t->failure(), ActionTicket::Failure::StoreFailed);
        QVERIFY2(t->message().contains(QStringLiteral("nothing was sent")), qPrintable(t->message()));
        QCOMPARE(enrolleeRequests(), 0);
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        db.close();
    }
    QSqlDatabase::removeDatabase(lockConnection);
}

void TestActionService::droppedConnectionIsUnknownAndNotRetried()
{
    Faults faults;
    faults.dropAfterProcessing = 1.0;
    startSandbox(faults);
    auto olivia = serviceFor(QStringLiteral("olivia"));
    ActionTicket* t = olivia->submit(deactivate(m_user));
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(60000));
    QCOMPARE(t->record().state, ActionRecord::State::Unresolved);
    QVERIFY(t->hasOutcome());
    QCOMPARE(t->outcome().kind, ActionOutcome::Kind::Unknown);
    const qint64 id = t->record().id; // the ticket deletes itself once finished() has been handled
    QTest::qWait(1500);               // no retry behind our back
    QCOMPARE(enrolleeRequests(), 1);
    QString error;
    const auto unresolved = m_store->actionsInState(ActionRecord::State::Unresolved, &error);
    QVERIFY2(unresolved, qPrintable(error));
    QCOMPARE(unresolved->size(), 1);
    QCOMPARE(unresolved->first().id, id);

    // A person checks and resolves it; it leaves the list, and the audit says who and why.
    QVERIFY(!olivia->resolve(id, true, QString(), &error));
    QVERIFY2(olivia->resolve(id, true, QStringLiteral("Portal shows the user inactive"), &error),
             qPrintable(error));
    QCOMPARE(m_store->actionsInState(ActionRecord::State::Unresolved, &error)->size(), 0);
    QVERIFY(m_store->verifyAudit().ok);
}

void TestActionService::rejectNeedsAReasonAndSendsNothing()
{
    auto oscar = serviceFor(QStringLiteral("oscar"));
    ActionTicket* t = oscar->submit(fraud(m_user));
    QSignalSpy done(t, &ActionTicket::finished);
    QVERIFY(done.wait(10000));
    const qint64 id = t->record().id;
    auto sara = serviceFor(QStringLiteral("sara"));
    QString error;
    QVERIFY(!sara->reject(id, QStringLiteral(" "), &error));
    QVERIFY(error.contains(QStringLiteral("reason")));
    QVERIFY(!oscar->reject(id, QStringLiteral("changed my mind"), &error)); // not a supervisor
    QVERIFY2(sara->reject(id, QStringLiteral("Not enough evidence"), &error), qPrintable(error));
    QCOMPARE(m_store->action(id, &error)->state, ActionRecord::State::Rejected);
    auto sam = serviceFor(QStringLiteral("sam"));
    ActionTicket* late = sam->approve(id);
    QSignalSpy lateDone(late, &ActionTicket::finished);
    QVERIFY(lateDone.wait(10000));
    QCOMPARE(late->failure(), ActionTicket::Failure::NotPermitted);
    QCOMPARE(enrolleeRequests(), 0);
}

void TestActionService::policyChangeTakesEffect()
{
    QString error;
    OperatorService operators(m_store.get());
    const GovernanceService governance(m_store.get());
    const auto sam = operators.signIn(QStringLiteral("sam"), kPassword, &error);
    QVERIFY(sam);
    const auto olivia = operators.signIn(QStringLiteral("olivia"), kPassword, &error);
    Policy wanted = *m_store->policy(&error);
    wanted.set(QStringLiteral("smileid.active"), true);
    wanted.setSetting(Policy::idleLockMinutes(), 30);
    QVERIFY(!governance.requestPolicyChange(*olivia, wanted, QStringLiteral("Tighten"), &error));
    QVERIFY(
        !governance.requestPolicyChange(*sam, wanted, QStringLiteral(" "), &error)); // a reason is required
    const std::optional<qint64> id =
        governance.requestPolicyChange(*sam, wanted, QStringLiteral("Audit finding 12"), &error);
    QVERIFY2(id, qPrintable(error));
    // Requested, not in effect: it waits for a second supervisor.
    QVERIFY(!m_store->policy(&error)->requiresApproval(QStringLiteral("smileid.active")));
    QCOMPARE(m_store->policy(&error)->setting(Policy::idleLockMinutes()), 15);
    QCOMPARE(m_store->action(*id, &error)->state, ActionRecord::State::PendingApproval);
    QVERIFY2(GovernanceChange::describeRequest(m_store->action(*id, &error)->request)
                 .contains(QStringLiteral("15 → 30 minutes")),
             qPrintable(GovernanceChange::describeRequest(m_store->action(*id, &error)->request)));

    // Four eyes: not by the one who asked.
    auto samService = serviceFor(QStringLiteral("sam"));
    ActionTicket* own = finished(samService->approve(*id));
    QCOMPARE(own->failure(), ActionTicket::Failure::NotPermitted);
    QVERIFY(!m_store->policy(&error)->requiresApproval(QStringLiteral("smileid.active")));
    auto sara = serviceFor(QStringLiteral("sara"));
    ActionTicket* approved = finished(sara->approve(*id, QStringLiteral("Agreed")));
    QVERIFY2(approved->failure() == ActionTicket::Failure::None, qPrintable(approved->message()));
    QCOMPARE(m_store->action(*id, &error)->state, ActionRecord::State::Succeeded);
    const Policy now = *m_store->policy(&error);
    QVERIFY(now.requiresApproval(QStringLiteral("smileid.active")));
    QCOMPARE(now.setting(Policy::idleLockMinutes()), 30);
    AuditFilter filter;
    filter.actionId = *id;
    const auto entries = m_store->auditEntries(filter, &error);
    QVERIFY(entries);
    QCOMPARE(entries->size(), 2);
    QCOMPARE(entries->at(0).event, QStringLiteral("intent"));
    QCOMPARE(entries->at(0).operatorName, QStringLiteral("sam"));
    QCOMPARE(entries->at(1).event, QStringLiteral("policy-changed"));
    QCOMPARE(entries->at(1).operatorName, QStringLiteral("sara"));
    QCOMPARE(entries->at(1)
                 .before.value(QStringLiteral("settings"))
                 .toObject()
                 .value(Policy::idleLockMinutes())
                 .toInt(),
             15);
    QCOMPARE(entries->at(1)
                 .after.value(QStringLiteral("settings"))
                 .toObject()
                 .value(Policy::idleLockMinutes())
                 .toInt(),
             30);
    QVERIFY(m_store->verifyAudit().ok);

    auto service = serviceFor(QStringLiteral("olivia"));
    QCOMPARE(finished(service->submit(deactivate(m_user)))->record().state,
             ActionRecord::State::PendingApproval);
    QCOMPARE(enrolleeRequests(), 0);

    // Two requests for the same rule: once one is in effect, the other no longer applies.
    wanted = now;
    wanted.set(QStringLiteral("smileid.active"), false);
    const std::optional<qint64> first =
        governance.requestPolicyChange(*sam, wanted, QStringLiteral("A"), &error);
    const auto saraOp = operators.signIn(QStringLiteral("sara"), kPassword, &error);
    const std::optional<qint64> second =
        governance.requestPolicyChange(*saraOp, wanted, QStringLiteral("B"), &error);
    QVERIFY(first && second);
    QCOMPARE(finished(sara->approve(*first))->failure(), ActionTicket::Failure::None);
    ActionTicket* stale = finished(samService->approve(*second));
    QCOMPARE(stale->failure(), ActionTicket::Failure::NotPermitted);
    QVERIFY2(stale->message().contains(QStringLiteral("changed since")), qPrintable(stale->message()));

    // docs/architecture.md section 2: deciding a user's SDK.Finance request needs no second approval,
    // whatever a supervisor asks for, or an older console stored.
    for (const QString& key : {QStringLiteral("sdkfinance.approve"), QStringLiteral("sdkfinance.decline")}) {
        Policy fixed = *m_store->policy(&error);
        fixed.set(key, true);
        QVERIFY(!governance.requestPolicyChange(*sam, fixed, QStringLiteral("Try"), &error));
        QVERIFY2(error.contains(QLatin1String("Nothing changed")), qPrintable(error));
        QVERIFY2(m_store->setPolicyRule(key, true, &error), qPrintable(error));
        QVERIFY(!m_store->policy(&error)->requiresApproval(key));
    }
}

void TestActionService::waitingRequestsExpire()
{
    QString error;
    QVERIFY2(m_store->setPolicySetting(Policy::approvalExpiryHours(), 1, &error), qPrintable(error));
    auto olivia = serviceFor(QStringLiteral("olivia"));
    // A ticket deletes itself once finished and handed back: keep what it says at once.
    const ActionRecord waiting = finished(olivia->submit(fraud(m_user, true)))->record();
    QCOMPARE(waiting.state, ActionRecord::State::PendingApproval);
    // The same request, two hours old: past the policy's one hour.
    ActionRecord backdated = waiting;
    backdated.id = 0;
    backdated.createdAt = QDateTime::currentDateTimeUtc().addSecs(-2 * 3600);
    AuditEntry intent;
    intent.operatorName = QStringLiteral("olivia");
    intent.event = QStringLiteral("intent");
    intent.action = backdated.actionKey();
    const std::optional<qint64> oldId = m_store->createAction(backdated, intent, &error);
    QVERIFY2(oldId, qPrintable(error));

    auto sara = serviceFor(QStringLiteral("sara"));
    ActionTicket* late = finished(sara->approve(*oldId));
    QCOMPARE(late->failure(), ActionTicket::Failure::NotPermitted);
    QVERIFY2(late->message().contains(QStringLiteral("expired")), qPrintable(late->message()));
    QCOMPARE(m_store->action(*oldId, &error)->state, ActionRecord::State::Cancelled);
    AuditFilter filter;
    filter.actionId = *oldId;
    QCOMPARE(m_store->auditEntries(filter, &error)->constLast().event, QStringLiteral("expired"));
    QCOMPARE(enrolleeRequests(), 0);
    // The one within the limit still waits.
    QCOMPARE(m_store->action(waiting.id, &error)->state, ActionRecord::State::PendingApproval);
}

void TestActionService::signingOutLeavesNothingSending()
{
    // A provider that takes its time: the console signs out (or switches profile) meanwhile.
    Faults faults;
    faults.hang = 1.0;
    startSandbox(faults);
    auto olivia = serviceFor(QStringLiteral("olivia"));
    ActionTicket* t = olivia->submit(deactivate(m_user));
    const qint64 id = t->record().id;
    QVERIFY(id > 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_sandbox->requestLog().size() > 0, 10000); // it reached the provider
    QString error;
    QCOMPARE(m_store->action(id, &error)->state, ActionRecord::State::Sending);
    QCOMPARE(olivia->interruptAll(QStringLiteral("the console signed out")), 1);
    // Recorded at once, not left Sending for a restart to find.
    const ActionRecord after = *m_store->action(id, &error);
    QCOMPARE(after.state, ActionRecord::State::Unresolved);
    QVERIFY2(after.outcomeMessage.contains(QStringLiteral("signed out")), qPrintable(after.outcomeMessage));
    QCOMPARE(olivia->interruptAll(QStringLiteral("again")), 0);
    startSandbox(Faults());
}

QTEST_MAIN(TestActionService)
#include "tst_actionservice.moc"
