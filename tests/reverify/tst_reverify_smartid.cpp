// SPDX-License-Identifier: GPL-3.0-or-later
// SmartID Suite un-enroll: every result code against the sandbox over real TLS (the 701 status line
// included), the body code winning over the status, no automatic resend, four-eyes, and a repeat
// after an unknown outcome; a User id that is no id (a line break, ESC, "../x", "%2F", 101
// characters) refused before anything is sent or stored.
#include "ReverifyBench.h"
#include "domain/PrintableText.h"
#include "net/HttpClient.h"
#include "net/HttpReply.h"
#include "providers/smartid/SmartIdClient.h"
#include "providers/smartid/SmartIdSettings.h"
#include "providers/smartid/SmartIdWire.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/Session.h"
#include "smartid/SmartIdEmulator.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QtTest>

Q_DECLARE_METATYPE(ActionOutcome::Kind)
Q_DECLARE_METATYPE(SmartIdEmulator::Fault)

namespace {
constexpr quint32 kUsers = 200;
const QString kUnenrollPath = QStringLiteral("/smartid/api/kyc/unenroll");

ActionRequest unenroll(const QString& user)
{
    ActionRequest r;
    r.provider = QStringLiteral("smartid");
    r.action = QStringLiteral("unenroll");
    r.userId = user;
    r.reason = QStringLiteral("Customer changed phones and asked for a fresh enrollment (ticket 5521)");
    return r;
}

struct Finished
{
    bool done = false;
    ActionTicket::Failure failure = ActionTicket::Failure::None;
    ActionRecord record;
    ActionOutcome outcome;
    QString message;
};

Finished finish(ActionTicket* ticket)
{
    Finished f;
    QObject::connect(ticket, &ActionTicket::finished, ticket, [&f, ticket] {
        f.done = true;
        f.failure = ticket->failure();
        f.record = ticket->record();
        f.outcome = ticket->outcome();
        f.message = ticket->message();
    });
    QDeadlineTimer deadline(30000);
    while (!f.done && !deadline.hasExpired())
        QTest::qWait(10);
    return f;
}

HttpResult answer(int status, const QByteArray& body)
{
    HttpResult r;
    r.httpStatus = status;
    r.body = body;
    QJsonParseError parseError{};
    r.json = QJsonDocument::fromJson(body, &parseError);
    if (!body.isEmpty() && parseError.error != QJsonParseError::NoError && status >= 200 && status < 300) {
        r.error.kind = ApiError::Kind::Decode; // as HttpClient reports an unreadable 2xx
        r.error.httpStatus = status;
    } else if (status < 200 || status >= 300) {
        r.error.kind = status >= 500 ? ApiError::Kind::Server : ApiError::Kind::Provider;
        r.error.httpStatus = status;
    }
    return r;
}
} // namespace

class TestReverifySmartId : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void faultRuleIsDocumentedAndFindable();
    void everyCodeMapsToItsMessage_data();
    void everyCodeMapsToItsMessage();
    void secondUnenrollIsUserNotFound();
    void wrongApiKeyIsNotAuthorised();
    void bodyCodeWins_data();
    void bodyCodeWins();
    void checkedBeforeAnythingIsSent();
    void hostileUserIdIsRefusedBeforeAnythingIsSent_data();
    void hostileUserIdIsRefusedBeforeAnythingIsSent();
    void userIdGrammar();
    void needsASecondSupervisorBeforeAnythingIsSent();
    void providerFaultIsFailedAndNeverResent();
    void repeatAfterAnUnknownOutcomeIsAlreadyInState();
    void approvedAfterAnUnknownOutcomeIsAlreadyInState();

private:
    QString cleanUser(int nth = 0) const;
    QString userWith(SmartIdEmulator::Fault fault) const;
    HttpResult sendDirect(SmartIdClient* client, const ActionRequest& request);

    std::unique_ptr<ReverifyBench> m_bench;
};

void TestReverifySmartId::init()
{
    m_bench = std::make_unique<ReverifyBench>();
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 3;
    QString error;
    QVERIFY2(m_bench->start(options, &error), qPrintable(error));
    QVERIFY(m_bench->session().client<SmartIdClient>());
}

void TestReverifySmartId::cleanup()
{
    m_bench.reset();
}

QString TestReverifySmartId::cleanUser(int nth) const
{
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::None, nth + 1);
    return m_bench->sandbox().population().user(id).email;
}

QString TestReverifySmartId::userWith(SmartIdEmulator::Fault fault) const
{
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, fault);
    return id ? m_bench->sandbox().population().user(id).email : QString();
}

HttpResult TestReverifySmartId::sendDirect(SmartIdClient* client, const ActionRequest& request)
{
    HttpResult result;
    bool done = false;
    HttpReply* reply = client->send(request);
    connect(reply, &HttpReply::finished, this, [&] {
        result = reply->result();
        done = true;
    });
    QDeadlineTimer deadline(30000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(10);
    return result;
}

void TestReverifySmartId::faultRuleIsDocumentedAndFindable()
{
    QCOMPARE(SmartIdEmulator::faultFor(13), SmartIdEmulator::Fault::ChannelNotFound);
    QCOMPARE(SmartIdEmulator::faultFor(97 + 17), SmartIdEmulator::Fault::InternalErrorInBody);
    QCOMPARE(SmartIdEmulator::faultFor(19), SmartIdEmulator::Fault::ServiceCallErrorStatusLine);
    QCOMPARE(SmartIdEmulator::faultFor(11), SmartIdEmulator::Fault::InternalErrorStatusOnly);
    QCOMPARE(SmartIdEmulator::faultFor(23), SmartIdEmulator::Fault::ChannelNotFoundStringCode);
    QCOMPARE(SmartIdEmulator::faultFor(1), SmartIdEmulator::Fault::None);
    QCOMPARE(SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::ChannelNotFound, 1), 97u + 13u);
    QCOMPARE(SmartIdEmulator::userWithFault(10, SmartIdEmulator::Fault::ChannelNotFound), 0u);
    // The profile the sandbox writes has a SmartID section with the key the emulator checks.
    const QJsonObject section =
        m_bench->sandbox().profile(QStringLiteral("ca.pem")).value(QStringLiteral("smartid")).toObject();
    QCOMPARE(section.value(QStringLiteral("api_key")).toString(), m_bench->sandbox().options().smartIdApiKey);
    QVERIFY(section.value(QStringLiteral("base_url")).toString().endsWith(QLatin1String("/smartid")));
}

void TestReverifySmartId::everyCodeMapsToItsMessage_data()
{
    QTest::addColumn<QString>("which"); // "clean", "empty", "unknown" or a fault name
    QTest::addColumn<SmartIdEmulator::Fault>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<ActionOutcome::Kind>("kind");
    QTest::addColumn<QString>("says");
    using F = SmartIdEmulator::Fault;
    using K = ActionOutcome::Kind;
    QTest::newRow("200 un-enrolled") << "clean" << F::None << 200 << "200" << K::Succeeded
                                     << "was removed; they can enroll again";
    QTest::newRow("403 user empty") << "empty" << F::None << 403 << "403" << K::Rejected
                                    << "the user id was empty";
    QTest::newRow("406 user not found")
        << "unknown" << F::None << 406 << "406" << K::Rejected << "user nobody@example.com not found";
    QTest::newRow("410 channel") << "fault" << F::ChannelNotFound << 410 << "410" << K::Rejected
                                 << "user channel not found";
    QTest::newRow("410 as a string code in a 200")
        << "fault" << F::ChannelNotFoundStringCode << 200 << "410" << K::Rejected << "user channel not found";
    QTest::newRow("500 status") << "fault" << F::InternalErrorStatusOnly << 500 << "500" << K::Rejected
                                << "SmartID had an internal error";
    QTest::newRow("500 in the body of a 200") << "fault" << F::InternalErrorInBody << 200 << "500"
                                              << K::Rejected << "SmartID had an internal error";
    QTest::newRow("701 status line") << "fault" << F::ServiceCallErrorStatusLine << 701 << "701"
                                     << K::Rejected << "SmartID had a service call error";
    QTest::newRow("200 in plain text") << "fault" << F::PlainTextSuccess << 200 << "200" << K::Succeeded
                                       << "was removed; they can enroll again";
}

void TestReverifySmartId::everyCodeMapsToItsMessage()
{
    QFETCH(QString, which);
    QFETCH(SmartIdEmulator::Fault, fault);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(ActionOutcome::Kind, kind);
    QFETCH(QString, says);
    QString user;
    quint32 id = 0;
    if (which == QLatin1String("clean"))
        id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::None, 1);
    else if (which == QLatin1String("fault"))
        id = SmartIdEmulator::userWithFault(kUsers, fault);
    if (id)
        user = m_bench->sandbox().population().user(id).email;
    else if (which == QLatin1String("unknown"))
        user = QStringLiteral("nobody@example.com");
    QVERIFY(which == QLatin1String("empty") || !user.isEmpty());

    SmartIdClient* client = m_bench->session().client<SmartIdClient>();
    const ActionRequest request = unenroll(user);
    const HttpResult result = sendDirect(client, request);
    QCOMPARE(result.httpStatus, status);
    if (status == 500 || status == 701)
        QCOMPARE(result.error.kind,
                 ApiError::Kind::Server); // Qt took the 701 line; HttpClient calls it Server
    const ActionOutcome outcome = client->interpret(request, result);
    QCOMPARE(outcome.kind, kind);
    QCOMPARE(outcome.httpStatus, status);
    QCOMPARE(outcome.providerCode, code);
    QVERIFY2(outcome.message.contains(says), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(QLatin1String("SmartID")), qPrintable(outcome.message));
    if (!user.isEmpty())
        QVERIFY2(outcome.message.contains(user), qPrintable(outcome.message));
    if (code == QLatin1String("500") || code == QLatin1String("701")) {
        QVERIFY2(outcome.message.contains(QLatin1String("not resent automatically")),
                 qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(QLatin1String("retry by hand if needed")),
                 qPrintable(outcome.message));
    }
    if (code == QLatin1String("403"))
        QVERIFY(outcome.fieldErrors.contains(QStringLiteral("user")));

    // Exactly one request, exactly as seed 002 shows it, and never a second one behind our back.
    QTest::qWait(300);
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
    const RecordedRequest& r = m_bench->sandbox().requestLog().constLast();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(QJsonDocument::fromJson(r.body).object(), (QJsonObject{{QStringLiteral("User"), user}}));
    bool keyed = false;
    for (const auto& h : r.headers)
        keyed = keyed || (h.first.compare("X-Api-Key", Qt::CaseInsensitive) == 0 &&
                          h.second == m_bench->sandbox().options().smartIdApiKey.toUtf8());
    QVERIFY(keyed);

    // Only a success changes the user's enrollment.
    if (id) {
        const QVariant enrolled =
            m_bench->sandbox().population().attribute(id, SmartIdEmulator::enrolledAttribute());
        QCOMPARE(enrolled.isValid() && !enrolled.toBool(), kind == ActionOutcome::Kind::Succeeded);
    }
}

void TestReverifySmartId::secondUnenrollIsUserNotFound()
{
    SmartIdClient* client = m_bench->session().client<SmartIdClient>();
    const ActionRequest request = unenroll(cleanUser());
    QCOMPARE(client->interpret(request, sendDirect(client, request)).kind, ActionOutcome::Kind::Succeeded);
    const ActionOutcome again = client->interpret(request, sendDirect(client, request));
    QCOMPARE(again.kind, ActionOutcome::Kind::Rejected); // no earlier unknown outcome: a plain 406
    QCOMPARE(again.httpStatus, 406);
    QVERIFY2(again.message.contains(QLatin1String("may have been processed after all")),
             qPrintable(again.message));
}

void TestReverifySmartId::wrongApiKeyIsNotAuthorised()
{
    SmartIdSettings settings = *m_bench->session().profile().section<SmartIdSettings>();
    settings.apiKey = QStringLiteral("not-the-key");
    SmartIdClient client(settings, m_bench->session().profile().caCertificates);
    const ActionRequest request = unenroll(cleanUser());
    const HttpResult result = sendDirect(&client, request);
    QCOMPARE(result.httpStatus, 401);
    QCOMPARE(result.error.kind, ApiError::Kind::Auth);
    const ActionOutcome outcome = client.interpret(request, result);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QVERIFY2(outcome.message.contains(QLatin1String("SmartID")) &&
                 outcome.message.contains(QLatin1String("credentials")),
             qPrintable(outcome.message));
}

void TestReverifySmartId::bodyCodeWins_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ActionOutcome::Kind>("kind");
    QTest::addColumn<QString>("code");
    using K = ActionOutcome::Kind;
    QTest::newRow("500 status, body 200") << 500 << QByteArray(R"({"code":200})") << K::Succeeded << "200";
    QTest::newRow("406 status, body \"410\"")
        << 406 << QByteArray(R"({"code":"410"})") << K::Rejected << "410";
    QTest::newRow("200 status, body Code 406")
        << 200 << QByteArray(R"({"Code":406})") << K::Rejected << "406";
    QTest::newRow("200 status, no body") << 200 << QByteArray() << K::Succeeded << "200";
    QTest::newRow("200 status, code not a number")
        << 200 << QByteArray(R"({"code":"ok"})") << K::Succeeded << "200";
    QTest::newRow("200 status, body 701") << 200 << QByteArray(R"({"code":701})") << K::Rejected << "701";
    QTest::newRow("200 status, unknown body code")
        << 200 << QByteArray(R"({"code":999})") << K::Rejected << "999";
    // A body that is not JSON has no code field: the status decides. One that was meant to be JSON
    // but is cut short may have held the code that counts: nobody can tell whether it was processed.
    QTest::newRow("200 status, plain text")
        << 200 << QByteArray("Un-enroll successful") << K::Succeeded << "200";
    QTest::newRow("200 status, truncated JSON") << 200 << QByteArray(R"({"code":70)") << K::Unknown << "200";
    QTest::newRow("200 status, truncated array") << 200 << QByteArray(" [1,") << K::Unknown << "200";
}

void TestReverifySmartId::bodyCodeWins()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ActionOutcome::Kind, kind);
    QFETCH(QString, code);
    const ActionRequest request = unenroll(QStringLiteral("ada@example.com"));
    const ActionOutcome outcome =
        m_bench->session().client<SmartIdClient>()->interpret(request, answer(status, body));
    QCOMPARE(outcome.kind, kind);
    QCOMPARE(outcome.providerCode, code);
    QCOMPARE(outcome.httpStatus, status);
}

void TestReverifySmartId::checkedBeforeAnythingIsSent()
{
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    Finished f = finish(olivia->submit(unenroll(QStringLiteral("  "))));
    QCOMPARE(f.failure, ActionTicket::Failure::Invalid);
    ActionRequest extra = unenroll(cleanUser());
    extra.params.insert(QStringLiteral("template"), QStringLiteral("x"));
    f = finish(olivia->submit(extra));
    QCOMPARE(f.failure, ActionTicket::Failure::Invalid);
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);
}

void TestReverifySmartId::hostileUserIdIsRefusedBeforeAnythingIsSent_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("line break") << QStringLiteral("a@example.com\nb@example.com");
    QTest::newRow("tab") << QStringLiteral("a@example.com\t");
    QTest::newRow("ESC") << QStringLiteral("a\x1b[2Kb@example.com");
    QTest::newRow("DEL") << QStringLiteral("a\x7f@example.com");
    QTest::newRow("bidi override") << QStringLiteral("a\u202Emoc.elpmaxe@b");
    QTest::newRow("inner space") << QStringLiteral("a b@example.com");
    QTest::newRow("line break at the end") << QStringLiteral("a@example.com\n");
    QTest::newRow("no-break space") << QStringLiteral("a\u00A0b@example.com");
    QTest::newRow("dot-dot-slash") << QStringLiteral("../x");
    QTest::newRow("backslash") << QStringLiteral("..\\x");
    QTest::newRow("slash") << QStringLiteral("a/b@example.com");
    QTest::newRow("dot-dot") << QStringLiteral("a..b@example.com");
    QTest::newRow("percent") << QStringLiteral("%2F");
    QTest::newRow("101 characters") << QString(101, u'a');
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + QStringLiteral("@example.com");
}

void TestReverifySmartId::hostileUserIdIsRefusedBeforeAnythingIsSent()
{
    QFETCH(QString, user);
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    QString error;
    const std::optional<QList<AuditEntry>> before = m_bench->store().auditEntries(AuditFilter{}, &error);
    QVERIFY2(before, qPrintable(error));
    const Finished f = finish(olivia->submit(unenroll(user)));
    QCOMPARE(f.failure, ActionTicket::Failure::Invalid);
    QVERIFY2(f.message.contains(QLatin1String("is not a SmartID user id")), qPrintable(f.message));
    QVERIFY2(!PrintableText::hasControl(f.message), qPrintable(f.message)); // the id is shown escaped
    QCOMPARE(m_bench->sandbox().requestLog().size(), 0);
    // Nothing stored: no intent in the audit log, no action.
    const std::optional<QList<AuditEntry>> after = m_bench->store().auditEntries(AuditFilter{}, &error);
    QVERIFY2(after, qPrintable(error));
    QCOMPARE(after->size(), before->size());
    for (const ActionRecord::State state : {ActionRecord::State::PendingApproval,
                                            ActionRecord::State::Sending, ActionRecord::State::Unresolved}) {
        const auto actions = m_bench->store().actionsInState(state, &error);
        QVERIFY2(actions, qPrintable(error));
        QVERIFY(actions->isEmpty());
    }
}

void TestReverifySmartId::userIdGrammar()
{
    // What an enrolled id looks like (seed 002 shows an e-mail address) stays valid.
    for (const QString& ok :
         {QStringLiteral("user@example.com"), QStringLiteral("o'neil+smartid@example.co.uk"),
          QStringLiteral("jos\u00e9@exemple.fr"), QStringLiteral("12345"), QString(100, u'a')})
        QVERIFY2(SmartIdWire::isUserId(ok), qPrintable(ok));
    QVERIFY(!SmartIdWire::isUserId(QString()));
    QVERIFY(SmartIdClient::userIdProblem(QStringLiteral("user@example.com")).isEmpty());
    QVERIFY(!SmartIdClient::userIdProblem(QStringLiteral("  ")).isEmpty());
    // Stray spaces at either end are dropped by the pipeline, as for the other providers.
    QVERIFY(SmartIdClient::userIdProblem(QStringLiteral("  user@example.com ")).isEmpty());
    // Every sandbox user's id (its e-mail address) is a SmartID id.
    for (quint32 i = 1; i <= kUsers; ++i)
        QVERIFY2(SmartIdWire::isUserId(m_bench->sandbox().population().user(i).email),
                 qPrintable(m_bench->sandbox().population().user(i).email));
}

void TestReverifySmartId::needsASecondSupervisorBeforeAnythingIsSent()
{
    const QString user = cleanUser(2);
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    const Finished requested = finish(olivia->submit(unenroll(user)));
    QCOMPARE(requested.failure, ActionTicket::Failure::None);
    QCOMPARE(requested.record.state, ActionRecord::State::PendingApproval);
    QVERIFY(requested.record.requiresApproval);
    const qint64 id = requested.record.id;
    QCOMPARE(m_bench->requests(kUnenrollPath), 0);

    // Neither the initiator, nor another officer, nor an auditor can let it through.
    for (const QString& who : {QStringLiteral("olivia"), QStringLiteral("oscar"), QStringLiteral("audrey")}) {
        auto service = m_bench->serviceFor(who);
        const Finished refused = finish(service->approve(id));
        QCOMPARE(refused.failure, ActionTicket::Failure::NotPermitted);
    }
    QTest::qWait(200);
    QCOMPARE(m_bench->requests(kUnenrollPath), 0);

    auto sam = m_bench->serviceFor(QStringLiteral("sam"));
    const Finished approved = finish(sam->approve(id, QStringLiteral("Verified the customer's call")));
    QCOMPARE(approved.failure, ActionTicket::Failure::None);
    QCOMPARE(approved.record.state, ActionRecord::State::Succeeded);
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
    QCOMPARE(QJsonDocument::fromJson(m_bench->sandbox().requestLog().constLast().body).object(),
             (QJsonObject{{QStringLiteral("User"), user}}));

    QString error;
    AuditFilter filter;
    filter.actionId = id;
    const auto entries = m_bench->store().auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QStringList events;
    for (const AuditEntry& e : *entries)
        events << e.event + QLatin1Char(':') + e.operatorName;
    QCOMPARE(events, (QStringList{QStringLiteral("intent:olivia"), QStringLiteral("approved:sam"),
                                  QStringLiteral("outcome:sam")}));
    QCOMPARE(entries->constLast().outcome, QStringLiteral("succeeded"));
    // The API key never reaches the log.
    for (const AuditEntry& e : *entries)
        QVERIFY(!QJsonDocument(e.requestSummary)
                     .toJson()
                     .contains(m_bench->sandbox().options().smartIdApiKey.toUtf8()));
}

void TestReverifySmartId::providerFaultIsFailedAndNeverResent()
{
    QString error;
    QVERIFY2(m_bench->store().setPolicyRule(QStringLiteral("smartid.unenroll"), false, &error),
             qPrintable(error));
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    const Finished f =
        finish(olivia->submit(unenroll(userWith(SmartIdEmulator::Fault::ServiceCallErrorStatusLine))));
    QCOMPARE(f.record.state, ActionRecord::State::Failed);
    QCOMPARE(f.outcome.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(f.record.httpStatus, 701);
    QCOMPARE(f.record.providerCode, QStringLiteral("701"));
    QVERIFY2(f.message.contains(QLatin1String("retry by hand")), qPrintable(f.message));
    QTest::qWait(1500);
    QCOMPARE(m_bench->requests(kUnenrollPath), 1);
}

void TestReverifySmartId::repeatAfterAnUnknownOutcomeIsAlreadyInState()
{
    // Answers come late: the first attempt gives up waiting after SmartID has already done it.
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 3;
    options.faults.latencyMs = 1200;
    QString error;
    QVERIFY2(m_bench->restartSandbox(options, &error), qPrintable(error));
    QVERIFY2(m_bench->store().setPolicyRule(QStringLiteral("smartid.unenroll"), false, &error),
             qPrintable(error));
    const QString user = cleanUser(3);
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::None, 4);
    QCOMPARE(m_bench->sandbox().population().user(id).email, user);

    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    m_bench->session().client<SmartIdClient>()->setTimeout(300);
    const Finished first = finish(olivia->submit(unenroll(user)));
    QCOMPARE(first.outcome.kind, ActionOutcome::Kind::Unknown);
    QCOMPARE(first.record.state, ActionRecord::State::Unresolved);
    QCOMPARE(m_bench->sandbox().population().attribute(id, SmartIdEmulator::enrolledAttribute()),
             QVariant(false));

    // A person sends it again from Unresolved: the pipeline marks it, SmartID says 406, and that
    // means the first one went through.
    m_bench->session().client<SmartIdClient>()->setTimeout(-1);
    const Finished again = finish(olivia->submit(unenroll(user)));
    QCOMPARE(again.failure, ActionTicket::Failure::None);
    QCOMPARE(again.record.request.params.value(ActionRequest::afterUnknownKey()), QJsonValue(true));
    QCOMPARE(again.outcome.kind, ActionOutcome::Kind::AlreadyInState);
    QCOMPARE(again.record.state, ActionRecord::State::AlreadyInState);
    QCOMPARE(again.outcome.httpStatus, 406);
    QVERIFY2(again.message.contains(QLatin1String("already un-enrolled")), qPrintable(again.message));
    QCOMPARE(m_bench->requests(kUnenrollPath), 2);

    AuditFilter filter;
    filter.actionId = again.record.id;
    const auto entries = m_bench->store().auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QCOMPARE(entries->constLast().outcome, QStringLiteral("already-in-state"));
    // The mark is on the record and in the intent, so the log says this was a repeat.
    QCOMPARE(m_bench->store()
                 .action(again.record.id, &error)
                 ->request.params.value(ActionRequest::afterUnknownKey()),
             QJsonValue(true));

    // The same answer for another user, with nothing unresolved about them, stays "not found".
    const Finished other = finish(olivia->submit(unenroll(QStringLiteral("nobody@example.com"))));
    QCOMPARE(other.outcome.kind, ActionOutcome::Kind::Rejected);
    QVERIFY(!other.record.request.params.contains(ActionRequest::afterUnknownKey()));
}

void TestReverifySmartId::approvedAfterAnUnknownOutcomeIsAlreadyInState()
{
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 3;
    options.faults.latencyMs = 1200;
    QString error;
    QVERIFY2(m_bench->restartSandbox(options, &error), qPrintable(error));
    const QString user = cleanUser(6);

    // An un-enroll waits for a supervisor; nothing about the user is unresolved yet.
    auto olivia = m_bench->serviceFor(QStringLiteral("olivia"));
    const Finished waiting = finish(olivia->submit(unenroll(user)));
    QCOMPARE(waiting.record.state, ActionRecord::State::PendingApproval);
    QVERIFY(!waiting.record.request.params.contains(ActionRequest::afterUnknownKey()));

    // Meanwhile the same un-enroll, sent at once, ends with an unknown outcome (SmartID did it).
    QVERIFY2(m_bench->store().setPolicyRule(QStringLiteral("smartid.unenroll"), false, &error),
             qPrintable(error));
    m_bench->session().client<SmartIdClient>()->setTimeout(300);
    const Finished lost = finish(olivia->submit(unenroll(user)));
    QCOMPARE(lost.record.state, ActionRecord::State::Unresolved);
    m_bench->session().client<SmartIdClient>()->setTimeout(-1);

    // The user's id as typed with stray spaces is the same user, on the wire too.
    const Finished padded =
        finish(olivia->submit(unenroll(QStringLiteral("  ") + user + QStringLiteral(" "))));
    QCOMPARE(padded.record.request.userId, user);
    QCOMPARE(padded.record.request.params.value(ActionRequest::afterUnknownKey()), QJsonValue(true));
    QCOMPARE(QJsonDocument::fromJson(m_bench->sandbox().requestLog().constLast().body).object(),
             (QJsonObject{{QStringLiteral("User"), user}}));
    QCOMPARE(padded.record.state, ActionRecord::State::AlreadyInState);
    QVERIFY2(m_bench->store().setPolicyRule(QStringLiteral("smartid.unenroll"), true, &error),
             qPrintable(error));

    // Approved now, the waiting one repeats an unknown action: its 406 means already un-enrolled.
    auto sam = m_bench->serviceFor(QStringLiteral("sam"));
    const Finished approved = finish(sam->approve(waiting.record.id, QStringLiteral("Customer called")));
    QCOMPARE(approved.failure, ActionTicket::Failure::None);
    QCOMPARE(approved.record.request.params.value(ActionRequest::afterUnknownKey()), QJsonValue(true));
    QCOMPARE(approved.outcome.httpStatus, 406);
    QCOMPARE(approved.record.state, ActionRecord::State::AlreadyInState);
}

QTEST_GUILESS_MAIN(TestReverifySmartId)
#include "tst_reverify_smartid.moc"
