// SPDX-License-Identifier: GPL-3.0-or-later
// SdkFinanceClient against the in-process sandbox over real TLS: login and permissions, the token
// refreshed once on 401, reset with exactly the given fields, approve / decline, the server's errors.
#include "SandboxServer.h"
#include "SandboxTestClient.h"
#include "net/HttpClient.h"
#include "providers/sdkfinance/ProfileSchema.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/sdkfinance/SdkFinanceWire.h"
#include "sdkfinance/SdkFinanceEmulator.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {
const QString kPermission = QStringLiteral("RESET_IDENTIFICATION_INITIATOR");

/// Waits for a reply (keeping the in-process server's event loop turning) and returns its result.
HttpResult resultOf(HttpReply* reply)
{
    HttpResult result;
    bool done = false;
    QObject::connect(reply, &HttpReply::finished, reply, [&result, &done, reply] {
        result = reply->result();
        done = true;
    });
    const QDeadlineTimer deadline(30000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    if (!done)
        qFatal("no answer within 30 s");
    return result;
}

ActionRequest resetRequest(const QString& userId, const QStringList& fields)
{
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = QStringLiteral("reset");
    r.userId = userId;
    r.params = {{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
    r.reason = QStringLiteral("Passport renewed (case 81)");
    return r;
}

ActionRequest decision(const QString& verb, const QString& userId, const QString& requestId)
{
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = verb;
    r.userId = userId;
    r.params = {{QStringLiteral("request"), requestId}};
    r.reason = QStringLiteral("Documents checked");
    return r;
}
} // namespace

class TestSdkFinanceClient final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void loginReportsPermissions();
    void wrongPasswordIsAnAuthError();
    void listsRequestsPageByPage();
    void stateCheckReadsUpToTwentyPages();
    void resetSendsExactlyTheGivenLeaves();
    void accountWithoutPermissionIsRefusedByName();
    void serverRefusalWithoutPermissionNamesIt();
    void expiredTokenLogsInAgainOnceThenSucceeds();
    void expiredTokenForAnActionLogsInAgainOnce();
    void callsAfterExpiryShareOneLogin();
    void tokenRefusedAfterFreshLoginIsAnAuthError();
    void decidingTwiceShowsTheServersMessage();
    void decisionsAreSentAsJson();
    void repeatedDecisionAfterAnUnknownOutcomeIsAlreadyInState();
    void acceptedButUnreadableAnswerIsUnknownNotRejected();
    void unknownUserOrRequestIsNotFound();
    void validateRefusesBeforeAnythingIsSent_data();
    void validateRefusesBeforeAnythingIsSent();
    void supervisorsOnlyDecide();
    void previewHoldsNoSecrets();
    void cancelBeforeSendingSendsNothing();
    void profileSearch();
    void emulatorRefusesBadInput();

private:
    void startSandbox(int tokenLifetimeSeconds = 3600);
    std::unique_ptr<SdkFinanceClient> clientFor(bool permitted, const QString& password = QString()) const;
    int requestsTo(const QString& pathEnd, int status = -1) const;
    QList<SdkFinanceResetRequest> pending() const;

    std::unique_ptr<SandboxServer> m_sandbox;
};

void TestSdkFinanceClient::init()
{
    startSandbox();
}

void TestSdkFinanceClient::cleanup()
{
    m_sandbox.reset();
    QTest::qWait(20);
}

void TestSdkFinanceClient::startSandbox(int tokenLifetimeSeconds)
{
    m_sandbox.reset();
    SandboxOptions options;
    options.users = 400;
    options.seed = 3;
    options.sdkFinanceTokenLifetimeSeconds = tokenLifetimeSeconds;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
}

std::unique_ptr<SdkFinanceClient> TestSdkFinanceClient::clientFor(bool permitted,
                                                                  const QString& password) const
{
    SdkFinanceSettings settings;
    settings.baseUrl = m_sandbox->providerUrl(QStringLiteral("sdkfinance"));
    const SandboxOptions& o = m_sandbox->options();
    settings.login = permitted ? o.sdkFinanceLogin : o.sdkFinanceRestrictedLogin;
    settings.password =
        !password.isEmpty() ? password : (permitted ? o.sdkFinancePassword : o.sdkFinanceRestrictedPassword);
    return std::make_unique<SdkFinanceClient>(settings, QList<QSslCertificate>{m_sandbox->caCertificate()});
}

int TestSdkFinanceClient::requestsTo(const QString& pathEnd, int status) const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(pathEnd) && (status < 0 || r.status == status))
            ++n;
    return n;
}

QList<SdkFinanceResetRequest> TestSdkFinanceClient::pending() const
{
    QList<SdkFinanceResetRequest> list;
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population()))
        if (r.status == QLatin1String("PENDING"))
            list << r;
    return list;
}

void TestSdkFinanceClient::loginReportsPermissions()
{
    auto client = clientFor(true);
    QVERIFY(!client->isLoggedIn());
    QVERIFY(client->resetRestriction().isEmpty()); // unknown before a login: not held against anyone
    const HttpResult r = resultOf(client->logIn());
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    const SdkFinanceLogin login = r.value.value<SdkFinanceLogin>();
    QVERIFY(login.token.isEmpty()); // the token never leaves the client
    QVERIFY(login.permissions.contains(kPermission));
    QVERIFY(login.expiresAt.isValid());
    QVERIFY(client->hasPermission(kPermission));
    QVERIFY(client->resetRestriction().isEmpty());

    // The login went out as docs/architecture.md assumes: POST /authorization {"login","password"}.
    const RecordedRequest& sent = m_sandbox->requestLog().constLast();
    QCOMPARE(sent.path, QStringLiteral("/sdkfinance/authorization"));
    QCOMPARE(QJsonDocument::fromJson(sent.body).object(),
             (QJsonObject{{QStringLiteral("login"), m_sandbox->options().sdkFinanceLogin},
                          {QStringLiteral("password"), m_sandbox->options().sdkFinancePassword}}));

    auto restricted = clientFor(false);
    QVERIFY(resultOf(restricted->logIn()).ok());
    QVERIFY(!restricted->hasPermission(kPermission));
    QVERIFY2(restricted->resetRestriction().contains(kPermission),
             qPrintable(restricted->resetRestriction()));
}

void TestSdkFinanceClient::wrongPasswordIsAnAuthError()
{
    auto client = clientFor(true, QStringLiteral("not-the-password"));
    const HttpResult r = resultOf(client->logIn());
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QCOMPARE(r.error.httpStatus, 401);
    QVERIFY2(r.error.message().contains(QLatin1String("Invalid login or password")),
             qPrintable(r.error.message()));
    QVERIFY(!client->isLoggedIn());
    // A call that needs a login reports the same, and nothing else was sent.
    const HttpResult list = resultOf(client->resetRequests(QStringLiteral("PENDING"), 0, 10));
    QCOMPARE(list.error.kind, ApiError::Kind::Auth);
    QCOMPARE(requestsTo(QStringLiteral("/view-reset-identification-requests")), 0);
}

void TestSdkFinanceClient::listsRequestsPageByPage()
{
    auto client = clientFor(true);
    const QList<SdkFinanceResetRequest> expected = pending();
    QVERIFY(expected.size() > 8);
    const HttpResult r = resultOf(client->resetRequests(QStringLiteral("PENDING"), 1, 4));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    const ResetRequestPage page = r.value.value<ResetRequestPage>();
    QCOMPARE(page.pageNumber, 1);
    QCOMPARE(page.pageSize, 4);
    QCOMPARE(page.totalRecords, qint64(expected.size()));
    QCOMPARE(page.totalPages, int((expected.size() + 3) / 4));
    QCOMPARE(page.records.size(), 4);
    for (int i = 0; i < 4; ++i) {
        const ResetRequest& got = page.records.at(i);
        const SdkFinanceResetRequest& want = expected.at(4 + i);
        QCOMPARE(got.id, want.id);
        QCOMPARE(got.userId, SdkFinanceEmulator::userId(want.populationId));
        QCOMPARE(got.status, QStringLiteral("PENDING"));
        QCOMPARE(got.createdAt, want.createdAt);
        QCOMPARE(got.comment, want.comment);
        const PopulationUser user = m_sandbox->population().user(want.populationId);
        QCOMPARE(got.userName, user.firstName + QLatin1Char(' ') + user.lastName);
    }
    // The body was the documented one, with the Bearer token.
    const RecordedRequest& sent = m_sandbox->requestLog().constLast();
    QCOMPARE(QJsonDocument::fromJson(sent.body).object(),
             (QJsonObject{{QStringLiteral("filter"),
                           QJsonObject{{QStringLiteral("status"), QStringLiteral("PENDING")}}},
                          {QStringLiteral("pageNumber"), 1},
                          {QStringLiteral("pageSize"), 4}}));
    QVERIFY(sent.header("authorization").startsWith("Bearer "));
    QVERIFY(sent.header("user-agent").startsWith("IdentityDesk/"));
}

void TestSdkFinanceClient::stateCheckReadsUpToTwentyPages()
{
    // A few pending requests: all read, so an id that is not among them is refused.
    auto client = clientFor(true);
    const QList<SdkFinanceResetRequest> few = pending();
    ActionRequest approve;
    approve.provider = QStringLiteral("sdkfinance");
    approve.action = QStringLiteral("approve");
    approve.userId = SdkFinanceEmulator::userId(few.at(0).populationId);
    approve.params = QJsonObject{{QStringLiteral("request"), few.at(0).id}};
    ActionRequest reset = approve;
    reset.action = QStringLiteral("reset");
    QVERIFY(client->checksState(approve));
    QVERIFY(!client->checksState(reset));
    HttpResult r = resultOf(client->prepareStateCheck());
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    PendingResetRequests read = r.value.value<PendingResetRequests>();
    QVERIFY(read.complete);
    QCOMPARE(read.total, qint64(few.size()));
    QCOMPARE(int(read.userOf.size()), int(few.size()));
    QVERIFY(client->stateProblem(approve, r.value).isEmpty());
    ActionRequest unknown = approve;
    unknown.params = QJsonObject{{QStringLiteral("request"), QStringLiteral("999999")}};
    QVERIFY(
        client->stateProblem(unknown, r.value).contains(QLatin1String("no pending reset request 999999")));
    ActionRequest foreign = approve;
    foreign.userId = SdkFinanceEmulator::userId(few.at(1).populationId);
    QVERIFY(
        client->stateProblem(foreign, r.value).contains(QLatin1String("is pending for SDK.Finance user")));
    QCOMPARE(requestsTo(QStringLiteral("/profiles/view-reset-identification-requests")), 1);
    // A list whose records do not carry the (assumed) userId only says the request is pending: the row
    // is not refused for a user it cannot name.
    ResetRequestPage bare;
    QString parseError;
    QVERIFY2(SdkFinanceWire::parseResetRequestPage(
                 QJsonDocument::fromJson(R"({"status":"ok","pageNumber":0,"pageSize":50,"totalRecords":1,)"
                                         R"("totalPages":1,"records":[{"id":"77","status":"PENDING"}]})"),
                 &bare, &parseError),
             qPrintable(parseError));
    QCOMPARE(bare.records.size(), 1);
    PendingResetRequests anonymous;
    anonymous.complete = true;
    anonymous.total = 1;
    anonymous.userOf.insert(bare.records.constFirst().id, bare.records.constFirst().userId);
    ActionRequest seventySeven = approve;
    seventySeven.params = QJsonObject{{QStringLiteral("request"), QStringLiteral("77")}};
    QVERIFY(client->stateProblem(seventySeven, QVariant::fromValue(anonymous)).isEmpty());
    QVERIFY(client->stateProblem(unknown, QVariant::fromValue(anonymous)).contains(QLatin1String("999999")));

    // 22,000 pending requests: 20 pages of 1,000 are read, no more, and an id that is not among them
    // cannot be refused (SDK.Finance will say), while one pending for another user still is.
    m_sandbox.reset();
    SandboxOptions options;
    options.users = 550000;
    options.seed = 3;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    client = clientFor(true);
    const QList<SdkFinanceResetRequest> many = pending();
    QVERIFY(many.size() > 20000);
    r = resultOf(client->prepareStateCheck());
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    read = r.value.value<PendingResetRequests>();
    QVERIFY(!read.complete);
    QCOMPARE(read.total, qint64(many.size()));
    QCOMPARE(int(read.userOf.size()), 20000);
    QCOMPARE(requestsTo(QStringLiteral("/profiles/view-reset-identification-requests")), 20);
    QVERIFY(client->stateProblem(unknown, r.value).isEmpty());
    foreign.userId = SdkFinanceEmulator::userId(many.at(1).populationId);
    foreign.params = QJsonObject{{QStringLiteral("request"), many.at(0).id}};
    QVERIFY(
        client->stateProblem(foreign, r.value).contains(QLatin1String("is pending for SDK.Finance user")));
}

void TestSdkFinanceClient::resetSendsExactlyTheGivenLeaves()
{
    auto client = clientFor(true);
    const quint32 person = 7;
    const QString user = SdkFinanceEmulator::userId(person);
    const QStringList fields{QStringLiteral("person.namePlain.first"),
                             QStringLiteral("contact.socialMedias.socialMediaType"),
                             QStringLiteral("address.country"), QStringLiteral("additional")};
    // A repeated path is sent once.
    const ActionRequest request = resetRequest(user, fields + QStringList{QStringLiteral("address.country")});
    QVERIFY2(client->validate(request).isEmpty(), qPrintable(client->validate(request)));
    const HttpResult r = resultOf(client->send(request));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));

    QCOMPARE(requestsTo(QStringLiteral("/reset")), 1);
    RecordedRequest sent;
    for (const RecordedRequest& e : m_sandbox->requestLog())
        if (e.path.endsWith(QLatin1String("/reset")))
            sent = e;
    QCOMPARE(sent.path, QStringLiteral("/sdkfinance/profiles/%1/reset").arg(user));
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(QJsonDocument::fromJson(sent.body).object(),
             (QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}}));
    QVERIFY(sent.header("authorization").startsWith("Bearer "));
    QCOMPARE(sent.header("content-type"), QByteArray("application/json"));
    QCOMPARE(
        m_sandbox->population().attribute(person, SdkFinanceEmulator::resetFieldsAttribute()).toStringList(),
        fields);

    // The answer holds the whole profile; the outcome keeps only what the reset changed.
    const ActionOutcome outcome = client->interpret(request, r);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Succeeded);
    QCOMPARE(outcome.httpStatus, 200);
    const PopulationUser population = m_sandbox->population().user(person);
    QVERIFY(r.value.toJsonObject().value(QStringLiteral("address")).isObject()); // it was in the answer
    QCOMPARE(outcome.after, (QJsonObject{{QStringLiteral("identification"), QStringLiteral("reset")},
                                         {QStringLiteral("fields"), QJsonArray::fromStringList(fields)}}));
    QVERIFY(!QJsonDocument(outcome.after).toJson().contains(population.firstName.toUtf8()));
}

void TestSdkFinanceClient::accountWithoutPermissionIsRefusedByName()
{
    auto client = clientFor(false);
    const ActionRequest request =
        resetRequest(SdkFinanceEmulator::userId(3), {QStringLiteral("address.city")});
    const HttpResult r = resultOf(client->send(request));
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QVERIFY2(r.error.message().contains(kPermission), qPrintable(r.error.message()));
    QVERIFY(r.error.surelyNotProcessed);
    // Logged in, found the permission missing, and sent no reset.
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);
    const ActionOutcome outcome = client->interpret(request, r);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QVERIFY2(outcome.message.contains(kPermission), qPrintable(outcome.message));
    // From now on the action is disabled with that reason, for every role.
    QVERIFY(client->restriction(request, Role::Supervisor).contains(kPermission));
    QVERIFY(client->restriction(request, Role::Officer).contains(kPermission));
    // docs/architecture.md section 3: the refusal says what the disabled action says, word for word, login
    // named.
    QCOMPARE(client->resetRestriction(), client->missingPermission());
    QVERIFY(client->missingPermission().contains(
        QStringLiteral("'%1'").arg(m_sandbox->options().sdkFinanceRestrictedLogin)));
    QVERIFY2(outcome.message.contains(client->missingPermission()), qPrintable(outcome.message));
    QVERIFY2(!outcome.message.contains(QLatin1String("Check the credentials")), qPrintable(outcome.message));
    // Approve and decline need it too.
    const SdkFinanceResetRequest p = pending().first();
    const HttpResult approve = resultOf(
        client->send(decision(QStringLiteral("approve"), SdkFinanceEmulator::userId(p.populationId), p.id)));
    QVERIFY(approve.error.message().contains(kPermission));
    QCOMPARE(requestsTo(QStringLiteral("/approve")), 0);
}

void TestSdkFinanceClient::serverRefusalWithoutPermissionNamesIt()
{
    // The server's own 403, read with the client's wire module: the message names the permission.
    HttpClientConfig config;
    config.provider = SdkFinanceWire::providerName();
    config.baseUrl = m_sandbox->providerUrl(QStringLiteral("sdkfinance"));
    config.extraCaCertificates = {m_sandbox->caCertificate()};
    HttpClient http(config);
    const SandboxOptions& o = m_sandbox->options();
    const HttpResult login =
        resultOf(http.send(HttpRequest()
                               .setMethod("POST")
                               .setPath(SdkFinanceWire::authorizationPath())
                               .setBody(QJsonDocument(SdkFinanceWire::loginBody(
                                   o.sdkFinanceRestrictedLogin, o.sdkFinanceRestrictedPassword)))
                               .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                   SdkFinanceLogin l;
                                   if (!SdkFinanceWire::parseLogin(json, &l, error))
                                       return false;
                                   *value = QVariant::fromValue(l);
                                   return true;
                               })));
    QVERIFY2(login.ok(), qPrintable(login.error.message()));
    const QByteArray token = login.value.value<SdkFinanceLogin>().token;
    QVERIFY(!token.isEmpty());
    const HttpResult reset = resultOf(
        http.send(HttpRequest()
                      .setMethod("POST")
                      .setPath(SdkFinanceWire::resetPath(SdkFinanceEmulator::userId(3)))
                      .setBody(QJsonDocument(SdkFinanceWire::resetBody({QStringLiteral("address.city")})))
                      .addHeader("Authorization", "Bearer " + token)
                      .setOperation(QStringLiteral("reset"))
                      .setErrorDecoder(&SdkFinanceWire::decodeError)));
    QCOMPARE(reset.httpStatus, 403);
    QCOMPARE(reset.error.kind, ApiError::Kind::Auth);
    // The wire alone does not know which permission the call needed: it says the login is not
    // permitted and keeps the server's own text, which names it.
    QVERIFY2(reset.error.message().contains(QLatin1String("not permitted")),
             qPrintable(reset.error.message()));
    QVERIFY2(reset.error.message().contains(kPermission), qPrintable(reset.error.message()));
    QCOMPARE(reset.json.object().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    // The text is read whatever the key's case (the seed writes "Message", SDK.Finance's pages "message").
    QCOMPARE(
        SdkFinanceWire::errorText(QJsonDocument::fromJson(R"({"status":"error","message":" No access "})")),
        QStringLiteral("No access"));
    QCOMPARE(SdkFinanceWire::errorText(QJsonDocument::fromJson(R"({"status":"error","Message":"Denied"})")),
             QStringLiteral("Denied"));
    QVERIFY(SdkFinanceWire::errorText(QJsonDocument::fromJson("[1]")).isEmpty());
}

void TestSdkFinanceClient::expiredTokenLogsInAgainOnceThenSucceeds()
{
    startSandbox(1);
    auto client = clientFor(true);
    QVERIFY(resultOf(client->logIn()).ok());
    QTest::qWait(1300); // the token is now expired
    m_sandbox->clearRequestLog();
    const HttpResult r = resultOf(client->resetRequests(QStringLiteral("PENDING"), 0, 5));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/view-reset-identification-requests"), 401), 1);
    QCOMPARE(requestsTo(QStringLiteral("/view-reset-identification-requests"), 200), 1);
    QCOMPARE(m_sandbox->requestLog().size(), 3);
}

void TestSdkFinanceClient::expiredTokenForAnActionLogsInAgainOnce()
{
    startSandbox(1);
    auto client = clientFor(true);
    QVERIFY(resultOf(client->logIn()).ok());
    QTest::qWait(1300);
    m_sandbox->clearRequestLog();
    const SdkFinanceResetRequest p = pending().first();
    const ActionRequest approve =
        decision(QStringLiteral("approve"), SdkFinanceEmulator::userId(p.populationId), p.id);
    const HttpResult r = resultOf(client->send(approve));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    QCOMPARE(client->interpret(approve, r).kind, ActionOutcome::Kind::Succeeded);
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/approve"), 401), 1);
    QCOMPARE(requestsTo(QStringLiteral("/approve"), 200), 1);
}

void TestSdkFinanceClient::callsAfterExpiryShareOneLogin()
{
    startSandbox(1);
    auto client = clientFor(true);
    QVERIFY(resultOf(client->logIn()).ok());
    QTest::qWait(1300);
    m_sandbox->clearRequestLog();
    HttpReply* a = client->resetRequests(QStringLiteral("PENDING"), 0, 5);
    HttpReply* b = client->resetRequests(QStringLiteral("PENDING"), 1, 5);
    QSignalSpy bDone(b, &HttpReply::finished);
    HttpResult bResult;
    connect(b, &HttpReply::finished, this, [&bResult, b] { bResult = b->result(); });
    const HttpResult aResult = resultOf(a);
    QTRY_COMPARE_WITH_TIMEOUT(bDone.size(), 1, 20000);
    QVERIFY2(aResult.ok(), qPrintable(aResult.error.message()));
    QVERIFY2(bResult.ok(), qPrintable(bResult.error.message()));
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
}

void TestSdkFinanceClient::tokenRefusedAfterFreshLoginIsAnAuthError()
{
    startSandbox(0); // every token is refused at once
    auto client = clientFor(true);
    HttpResult r = resultOf(client->resetRequests(QStringLiteral("PENDING"), 0, 5));
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QCOMPARE(r.error.httpStatus, 401);
    QVERIFY2(r.error.message().contains(QLatin1String("fresh login")), qPrintable(r.error.message()));
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/view-reset-identification-requests")), 1);

    // With a token from before: one login again, one retry, then the same error. Never a loop.
    m_sandbox->clearRequestLog();
    const ActionRequest reset = resetRequest(SdkFinanceEmulator::userId(5), {QStringLiteral("address.city")});
    r = resultOf(client->send(reset));
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 2);
    QCOMPARE(client->interpret(reset, r).kind, ActionOutcome::Kind::Rejected);
}

void TestSdkFinanceClient::decidingTwiceShowsTheServersMessage()
{
    auto client = clientFor(true);
    const SdkFinanceResetRequest p = pending().at(1);
    const QString user = SdkFinanceEmulator::userId(p.populationId);
    const ActionRequest approve = decision(QStringLiteral("approve"), user, p.id);
    HttpResult r = resultOf(client->send(approve));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    QCOMPARE(client->interpret(approve, r).kind, ActionOutcome::Kind::Succeeded);
    QCOMPARE(client->interpret(approve, r).after.value(QStringLiteral("status")).toString(),
             QStringLiteral("APPROVED"));

    // Now listed as approved.
    const HttpResult approved = resultOf(client->resetRequests(QStringLiteral("APPROVED"), 0, 1000));
    bool found = false;
    for (const ResetRequest& x : approved.value.value<ResetRequestPage>().records)
        found = found || x.id == p.id;
    QVERIFY(found);

    for (const QString& verb : {QStringLiteral("approve"), QStringLiteral("decline")}) {
        const ActionRequest again = decision(verb, user, p.id);
        r = resultOf(client->send(again));
        QCOMPARE(r.httpStatus, 409);
        QCOMPARE(r.error.kind, ApiError::Kind::Conflict);
        const ActionOutcome outcome = client->interpret(again, r);
        QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
        QCOMPARE(outcome.httpStatus, 409);
        const QString server = r.json.object().value(QStringLiteral("Message")).toString();
        QVERIFY(server.contains(QLatin1String("already approved")));
        QVERIFY2(outcome.message.contains(server), qPrintable(outcome.message));
    }
}

void TestSdkFinanceClient::decisionsAreSentAsJson()
{
    auto client = clientFor(true);
    const SdkFinanceResetRequest p = pending().at(2);
    const ActionRequest decline =
        decision(QStringLiteral("decline"), SdkFinanceEmulator::userId(p.populationId), p.id);
    m_sandbox->clearRequestLog();
    const HttpResult r = resultOf(client->send(decline));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    const RecordedRequest& sent = m_sandbox->requestLog().constLast();
    QVERIFY(sent.path.endsWith(QStringLiteral("/") + p.id + QStringLiteral("/decline")));
    // docs/architecture.md section 3: JSON bodies with Content-Type and Accept on every request, a decision
    // too.
    QCOMPARE(sent.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(sent.header("Accept"), QByteArray("application/json"));
    QCOMPARE(QJsonDocument::fromJson(sent.body), QJsonDocument(QJsonObject()));
    QCOMPARE(client->preview(decline).value(QStringLiteral("body")).toObject(), QJsonObject());
}

void TestSdkFinanceClient::repeatedDecisionAfterAnUnknownOutcomeIsAlreadyInState()
{
    auto client = clientFor(true);
    const SdkFinanceResetRequest p = pending().at(3);
    const QString user = SdkFinanceEmulator::userId(p.populationId);
    HttpResult r = resultOf(client->send(decision(QStringLiteral("approve"), user, p.id)));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));

    // The same decision again, after an attempt whose outcome the console never learnt.
    ActionRequest again = decision(QStringLiteral("approve"), user, p.id);
    again.params.insert(ActionRequest::afterUnknownKey(), true);
    r = resultOf(client->send(again));
    QCOMPARE(r.httpStatus, 409);
    ActionOutcome outcome = client->interpret(again, r);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::AlreadyInState);
    QVERIFY2(outcome.message.contains(p.id), qPrintable(outcome.message));
    // The wire carries no marker of it.
    QVERIFY(!m_sandbox->requestLog().constLast().body.contains("after_unknown"));

    // Without an earlier unknown outcome, the same 409 is a refusal.
    again.params.remove(ActionRequest::afterUnknownKey());
    outcome = client->interpret(again, r);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
}

void TestSdkFinanceClient::acceptedButUnreadableAnswerIsUnknownNotRejected()
{
    auto client = clientFor(true);
    const ActionRequest reset =
        resetRequest(SdkFinanceEmulator::userId(1), {QStringLiteral("person.namePlain.first")});
    // What the provider's answer would be, were it shaped differently from the seed's: the reset
    // document without its "profile" envelope. A 2xx accepted the reset: "rejected" would invite
    // sending it again.
    HttpResult flat;
    flat.httpStatus = 200;
    flat.json = QJsonDocument(QJsonObject{{QStringLiteral("person"), QJsonObject()},
                                          {QStringLiteral("status"), QStringLiteral("ok")}});
    flat.error.kind = ApiError::Kind::Decode;
    flat.error.httpStatus = 200;
    flat.error.detail = QStringLiteral("the reset answer has no \"profile\" document");
    ActionOutcome outcome = client->interpret(reset, flat);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Unknown);
    QVERIFY2(outcome.message.contains(QLatin1String("Unresolved")), qPrintable(outcome.message));

    // A 2xx whose body says "status":"error" is the provider's refusal, with its message.
    HttpResult refused = flat;
    refused.json =
        QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                  {QStringLiteral("Message"), QStringLiteral("Profile is locked")}});
    outcome = client->interpret(reset, refused);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QVERIFY2(outcome.message.contains(QLatin1String("Profile is locked")), qPrintable(outcome.message));
    QVERIFY2(!outcome.message.contains(QLatin1String("unreadable")), qPrintable(outcome.message));

    // A non-2xx that cannot be read stays a refusal: the status decides.
    HttpResult proxy = flat;
    proxy.httpStatus = proxy.error.httpStatus = 400;
    QCOMPARE(client->interpret(reset, proxy).kind, ActionOutcome::Kind::Rejected);
}

void TestSdkFinanceClient::unknownUserOrRequestIsNotFound()
{
    auto client = clientFor(true);
    const QList<SdkFinanceResetRequest> list = pending();
    // A real request, but of another user.
    const ActionRequest wrongUser = decision(
        QStringLiteral("decline"), SdkFinanceEmulator::userId(list.at(0).populationId), list.at(1).id);
    HttpResult r = resultOf(client->send(wrongUser));
    QCOMPARE(r.error.kind, ApiError::Kind::NotFound);
    ActionOutcome outcome = client->interpret(wrongUser, r);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QVERIFY2(outcome.message.contains(QLatin1String("not found")), qPrintable(outcome.message));

    const ActionRequest nobody =
        resetRequest(SdkFinanceEmulator::userId(99999), {QStringLiteral("address.city")});
    r = resultOf(client->send(nobody));
    QCOMPARE(r.error.kind, ApiError::Kind::NotFound);
    QCOMPARE(r.httpStatus, 404);
}

void TestSdkFinanceClient::validateRefusesBeforeAnythingIsSent_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("mentions");
    const QString u = SdkFinanceEmulator::userId(1);
    auto fields = [](const QJsonArray& list) {
        return QJsonObject{{QStringLiteral("fields"), list}};
    };
    QTest::newRow("unknown path") << "reset" << u << fields({QStringLiteral("person.namePlain.nick")})
                                  << "person.namePlain.nick";
    QTest::newRow("interior node") << "reset" << u << fields({QStringLiteral("address")}) << "group";
    QTest::newRow("system field") << "reset" << u << fields({QStringLiteral("status")}) << "system";
    QTest::newRow("no field") << "reset" << u << fields({}) << "at least one";
    QTest::newRow("no list") << "reset" << u << QJsonObject() << "fields";
    QTest::newRow("not text") << "reset" << u << fields({42}) << "text";
    QTest::newRow("path in user id") << "reset" << QStringLiteral("../admin")
                                     << fields({QStringLiteral("address.city")})
                                     << "not an SDK.Finance user id";
    QTest::newRow("no user") << "reset" << QString() << fields({QStringLiteral("address.city")})
                             << "required";
    QTest::newRow("no request id") << "approve" << u << QJsonObject() << "required";
    QTest::newRow("bad request id") << "decline" << u
                                    << QJsonObject{{QStringLiteral("request"), QStringLiteral("a/b")}}
                                    << "not a reset request id";
    QTest::newRow("unknown action") << "delete" << u << QJsonObject() << "no action";
}

void TestSdkFinanceClient::validateRefusesBeforeAnythingIsSent()
{
    QFETCH(QString, action);
    QFETCH(QString, user);
    QFETCH(QJsonObject, params);
    QFETCH(QString, mentions);
    auto client = clientFor(true);
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = action;
    r.userId = user;
    r.params = params;
    r.reason = QStringLiteral("x");
    const QString why = client->validate(r);
    QVERIFY2(why.contains(mentions), qPrintable(why));
    QCOMPARE(m_sandbox->requestLog().size(), 0);
}

void TestSdkFinanceClient::supervisorsOnlyDecide()
{
    auto client = clientFor(true);
    const ActionRequest approve =
        decision(QStringLiteral("approve"), SdkFinanceEmulator::userId(1), QStringLiteral("r"));
    QVERIFY(client->restriction(approve, Role::Officer).contains(QLatin1String("supervisor")));
    QVERIFY(client->restriction(approve, Role::Supervisor).isEmpty());
    QVERIFY(client
                ->restriction(decision(QStringLiteral("decline"), QStringLiteral("u"), QStringLiteral("r")),
                              Role::Officer)
                .contains(QLatin1String("supervisor")));
    QVERIFY(
        client
            ->restriction(resetRequest(QStringLiteral("u"), {QStringLiteral("address.city")}), Role::Officer)
            .isEmpty());
}

void TestSdkFinanceClient::previewHoldsNoSecrets()
{
    auto client = clientFor(true);
    QVERIFY(resultOf(client->logIn()).ok());
    const QString user = SdkFinanceEmulator::userId(9);
    const ActionRequest reset = resetRequest(user, {QStringLiteral("address.city")});
    const QJsonObject preview = client->preview(reset);
    QCOMPARE(preview.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QVERIFY(preview.value(QStringLiteral("url"))
                .toString()
                .endsWith(QStringLiteral("/sdkfinance/profiles/%1/reset").arg(user)));
    QCOMPARE(preview.value(QStringLiteral("body")).toObject(),
             (QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("address.city")}}}));
    const QByteArray text = QJsonDocument(preview).toJson();
    QVERIFY(!text.contains(m_sandbox->options().sdkFinancePassword.toUtf8()));
    QVERIFY(!text.contains("Bearer"));
    QCOMPARE(client->intendedState(decision(QStringLiteral("decline"), user, QStringLiteral("r1")))
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("DECLINED"));
    QVERIFY(client->describe(reset).contains(QLatin1String("address.city")));
}

void TestSdkFinanceClient::cancelBeforeSendingSendsNothing()
{
    auto client = clientFor(true);
    HttpReply* reply = client->resetRequests(QStringLiteral("PENDING"), 0, 5);
    QSignalSpy done(reply, &HttpReply::finished);
    HttpResult result;
    connect(reply, &HttpReply::finished, this, [&result, reply] { result = reply->result(); });
    reply->cancel();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(result.error.kind, ApiError::Kind::Cancelled);
    QTest::qWait(100);
    QCOMPARE(m_sandbox->requestLog().size(), 0);

    // A client destroyed with calls in flight finishes them.
    auto doomed = clientFor(true);
    HttpReply* pendingReply = doomed->resetRequests(QStringLiteral("PENDING"), 0, 5);
    QSignalSpy pendingDone(pendingReply, &HttpReply::finished);
    doomed.reset();
    QCOMPARE(pendingDone.size(), 1);
}

void TestSdkFinanceClient::profileSearch()
{
    auto client = clientFor(true);
    const HttpResult r = resultOf(client->searchProfiles(QStringLiteral("example.com"), 0, 10));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    const UserPage page = r.value.value<UserPage>();
    QCOMPARE(page.total, qint64(m_sandbox->population().size()));
    QCOMPARE(page.users.size(), 10);
    QCOMPARE(page.page, 1);
    QCOMPARE(page.users.first().id, SdkFinanceEmulator::userId(1));
    QCOMPARE(page.users.first().provider, QStringLiteral("sdkfinance"));
    const PopulationUser first = m_sandbox->population().user(1);
    QCOMPARE(page.users.first().email, first.email);
}

void TestSdkFinanceClient::emulatorRefusesBadInput()
{
    // The sandbox's own checks, straight on the wire: errors are {"status":"error","Message"}.
    HttpClientConfig config;
    config.provider = SdkFinanceWire::providerName();
    config.baseUrl = m_sandbox->providerUrl(QStringLiteral("sdkfinance"));
    config.extraCaCertificates = {m_sandbox->caCertificate()};
    config.maxAttempts = 1;
    HttpClient http(config);
    auto post = [&http](const QString& path, const QJsonObject& body, const QByteArray& token) {
        HttpRequest r;
        r.setMethod("POST").setPath(path).setBody(QJsonDocument(body)).setIdempotent(true);
        if (!token.isEmpty())
            r.addHeader("Authorization", "Bearer " + token);
        return resultOf(http.send(r));
    };
    // No token.
    HttpResult r = post(SdkFinanceWire::resetRequestsPath(), {}, QByteArray());
    QCOMPARE(r.httpStatus, 401);
    QCOMPARE(r.json.object().value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QVERIFY(!r.json.object().value(QStringLiteral("Message")).toString().isEmpty());
    r = post(SdkFinanceWire::resetRequestsPath(), {}, "made-up");
    QCOMPARE(r.httpStatus, 401);

    const SandboxOptions& o = m_sandbox->options();
    r = post(SdkFinanceWire::authorizationPath(),
             SdkFinanceWire::loginBody(o.sdkFinanceLogin, o.sdkFinancePassword), {});
    QCOMPARE(r.httpStatus, 200);
    SdkFinanceLogin login;
    QString why;
    QVERIFY2(SdkFinanceWire::parseLogin(r.json, &login, &why), qPrintable(why));

    // Page size 1..1000, page number from 0.
    for (int size : {0, 1001}) {
        r = post(SdkFinanceWire::resetRequestsPath(),
                 {{QStringLiteral("pageNumber"), 0}, {QStringLiteral("pageSize"), size}}, login.token);
        QCOMPARE(r.httpStatus, 400);
        QVERIFY(
            r.json.object().value(QStringLiteral("Message")).toString().contains(QLatin1String("pageSize")));
    }
    r = post(SdkFinanceWire::resetRequestsPath(), {{QStringLiteral("pageNumber"), -1}}, login.token);
    QCOMPARE(r.httpStatus, 400);
    r = post(SdkFinanceWire::resetRequestsPath(), {{QStringLiteral("pageSize"), 1000}}, login.token);
    QCOMPARE(r.httpStatus, 200);
    // A page beyond the end is empty, with the true totals.
    r = post(SdkFinanceWire::resetRequestsPath(),
             {{QStringLiteral("pageNumber"), 500}, {QStringLiteral("pageSize"), 10}}, login.token);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(r.json.object().value(QStringLiteral("records")).toArray().isEmpty());
    QVERIFY(r.json.object().value(QStringLiteral("totalRecords")).toInt() > 0);

    // Reset: every path checked against the schema; an interior node is not a field.
    const QString resetPath = SdkFinanceWire::resetPath(SdkFinanceEmulator::userId(2));
    for (const QString& bad : {QStringLiteral("person.namePlain"), QStringLiteral("person.namePlain.nick"),
                               QStringLiteral("security.twoFactorsAuthEnabled")}) {
        r = post(resetPath, SdkFinanceWire::resetBody({QStringLiteral("address.city"), bad}), login.token);
        QCOMPARE(r.httpStatus, 400);
        QVERIFY(r.json.object().value(QStringLiteral("Message")).toString().contains(bad));
    }
    r = post(resetPath, SdkFinanceWire::resetBody({}), login.token);
    QCOMPARE(r.httpStatus, 400);
    QVERIFY(m_sandbox->population().attribute(2, SdkFinanceEmulator::resetFieldsAttribute()).isNull());
    // The whole seed-003 document comes back, system fields included, plus "status":"ok".
    r = post(resetPath, SdkFinanceWire::resetBody({QStringLiteral("address.city")}), login.token);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.json.object().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    const QJsonObject profile = r.json.object().value(QStringLiteral("profile")).toObject();
    for (const QString& leaf : ProfileSchema::leaves())
        QVERIFY2(!ProfileSchema::valueAt(profile, leaf).isUndefined() ||
                     leaf.startsWith(QLatin1String("contact.socialMedias")),
                 qPrintable(leaf));
    QCOMPARE(profile.value(QStringLiteral("type")).toString(), QStringLiteral("base"));
    QVERIFY(profile.value(QStringLiteral("security"))
                .toObject()
                .contains(QStringLiteral("twoFactorsAuthEnabled")));
    // A body not declared as JSON is not read: 415, whatever it holds.
    SandboxTestClient raw({m_sandbox->caCertificate()});
    QUrl loginUrl = config.baseUrl;
    loginUrl.setPath(loginUrl.path() + SdkFinanceWire::authorizationPath());
    const QByteArray loginBytes =
        QJsonDocument(SdkFinanceWire::loginBody(o.sdkFinanceLogin, o.sdkFinancePassword))
            .toJson(QJsonDocument::Compact);
    const SandboxHttpResult plain = raw.post(loginUrl, loginBytes, "text/plain");
    QCOMPARE(plain.status, 415);
    QVERIFY(
        plain.json().value(QStringLiteral("Message")).toString().contains(QLatin1String("application/json")));
    QCOMPARE(raw.post(loginUrl, loginBytes, "application/json; charset=UTF-8").status, 200);

    // Unknown route, wrong method.
    r = post(QStringLiteral("/profiles/nothing-here"), {}, login.token);
    QCOMPARE(r.httpStatus, 404);
    r = resultOf(http.send(HttpRequest().setPath(SdkFinanceWire::authorizationPath())));
    QCOMPARE(r.httpStatus, 405);
}

QTEST_GUILESS_MAIN(TestSdkFinanceClient)
#include "tst_sdkfinance_client.moc"
