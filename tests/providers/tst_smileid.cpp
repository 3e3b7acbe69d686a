// SPDX-License-Identifier: GPL-3.0-or-later
// Smile ID's client side (app/providers/smileid) against references computed apart from it: the openssl
// command line for the signature, and the sandbox's emulator over real TLS for the wire.
#include "IdentityDeskVersion.h"
#include "SandboxServer.h"
#include "domain/ConnectionProfile.h"
#include "net/HttpReply.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/smileid/SmileIdWire.h"
#include "smileid/SmileIdEmulator.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace {

const QString kTimestampPattern =
    QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$");

ActionRequest flagRequest(const QString& userId, const QString& flag, const QJsonValue& value)
{
    ActionRequest request;
    request.provider = QStringLiteral("smileid");
    request.action = QStringLiteral("flag");
    request.userId = userId;
    request.params = {{QStringLiteral("flag"), flag}};
    if (!value.isUndefined())
        request.params.insert(QStringLiteral("value"), value);
    request.reason = QStringLiteral("test");
    return request;
}

/// Sends through the client and waits for the one finished() (tests only: a local event loop).
std::optional<HttpResult> sendAndWait(SmileIdClient& client, const ActionRequest& request)
{
    HttpReply* reply = client.send(request);
    std::optional<HttpResult> result;
    QObject::connect(reply, &HttpReply::finished, reply, [&result, reply] { result = reply->result(); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return std::nullopt;
    return result;
}

void setState(Population& population, const QString& userId, const SmileIdUserState& state)
{
    const quint32 id = SmileIdEmulator::populationId(population, userId);
    population.setAttribute(id, SmileIdEmulator::activeAttribute(), state.active);
    population.setAttribute(id, SmileIdEmulator::fraudulentAttribute(), state.fraudulent);
    population.setAttribute(id, SmileIdEmulator::allowNewEnrollAttribute(), state.allowNewEnroll);
    population.setAttribute(id, SmileIdEmulator::deletedAttribute(), state.deleted);
}

SmileIdUserState makeState(bool active, bool fraudulent, bool allowNewEnroll, bool deleted)
{
    SmileIdUserState state;
    state.active = active;
    state.fraudulent = fraudulent;
    state.allowNewEnroll = allowNewEnroll;
    state.deleted = deleted;
    return state;
}

} // namespace

Q_DECLARE_METATYPE(SmileIdUserState)

class TestSmileId final : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { QTest::qWait(20); }
    void initTestCase();

    // (a), (b): the wire module alone
    void signatureMatchesOpensslCommandLine_data();
    void signatureMatchesOpensslCommandLine();
    void signatureKnownVector();
    void timestampFormat();

    // (c) … (f): the client against the in-process sandbox
    void sendsEachFlag_data();
    void sendsEachFlag();
    void wrongApiKeyIsRejectedAsNotAuthorised();
    void strippedPartnerIdIsRejected();
    void droppedConnectionIsSentOnceAndUnknown();
    void deletingADeletedUserIsAlreadyInState();
    void successFalseUnder200IsARefusal();

    // (g)
    void validateRefuses_data();
    void validateRefuses();
    void validateAccepts();

private:
    /// Writes the server's own profile and loads it the way the console does.
    static bool loadProfile(const SandboxServer& server, const QTemporaryDir& dir,
                            ConnectionProfile* profile);
    std::unique_ptr<SmileIdClient> client(const ConnectionProfile& profile) const;
    QString freshUser();

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_server;
    ConnectionProfile m_profile;
    quint32 m_nextUser = 1;
};

void TestSmileId::initTestCase()
{
    QVERIFY(m_dir.isValid());
    SandboxServer::Options options;
    options.users = 100;
    options.seed = 11;
    m_server = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    QVERIFY(loadProfile(*m_server, m_dir, &m_profile));
    QVERIFY(m_profile.has<SmileIdSettings>());
    QCOMPARE(m_profile.section<SmileIdSettings>()->partnerId, QStringLiteral("0085"));
}

bool TestSmileId::loadProfile(const SandboxServer& server, const QTemporaryDir& dir,
                              ConnectionProfile* profile)
{
    static int count = 0;
    const QString path = dir.filePath(QStringLiteral("sandbox-%1.json").arg(++count));
    QString error;
    if (!server.writeProfile(path, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    std::optional<ConnectionProfile> loaded = ConnectionProfile::load(path, &error);
    if (!loaded) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    *profile = *loaded;
    return true;
}

std::unique_ptr<SmileIdClient> TestSmileId::client(const ConnectionProfile& profile) const
{
    return std::make_unique<SmileIdClient>(*profile.section<SmileIdSettings>(), profile.caCertificates);
}

QString TestSmileId::freshUser()
{
    return m_server->population().user(m_nextUser++).referenceId;
}

void TestSmileId::signatureMatchesOpensslCommandLine_data()
{
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("partnerId");
    QTest::addColumn<QString>("timestamp");
    QTest::newRow("sandbox account") << QStringLiteral("c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==")
                                     << QStringLiteral("0085") << QStringLiteral("2026-01-02T03:04:05.678Z");
    QTest::newRow("leading zero kept") << QStringLiteral("c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==")
                                       << QStringLiteral("007") << QStringLiteral("2026-01-02T03:04:05.678Z");
    QTest::newRow("now") << QStringLiteral("another key / with + symbols") << QStringLiteral("1234")
                         << SmileIdWire::timestamp(QDateTime::currentDateTimeUtc());
}

void TestSmileId::signatureMatchesOpensslCommandLine()
{
    QFETCH(QString, apiKey);
    QFETCH(QString, partnerId);
    QFETCH(QString, timestamp);
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("base64")).isEmpty())
        QSKIP("the openssl and base64 command line tools are not installed");

    // The values travel in the environment: no quoting of them in the shell command.
    QProcess openssl;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SID_MESSAGE"), timestamp + partnerId + QStringLiteral("sid_request"));
    environment.insert(QStringLiteral("SID_KEY"), apiKey);
    openssl.setProcessEnvironment(environment);
    openssl.start(QStringLiteral("/bin/sh"),
                  {QStringLiteral("-c"), QStringLiteral("printf '%s' \"$SID_MESSAGE\" | openssl dgst -sha256 "
                                                        "-hmac \"$SID_KEY\" -binary | base64")});
    QVERIFY(openssl.waitForFinished(20000));
    QCOMPARE(openssl.exitStatus(), QProcess::NormalExit);
    QCOMPARE(openssl.exitCode(), 0);
    const QString expected = QString::fromLatin1(openssl.readAllStandardOutput().trimmed());
    QCOMPARE(expected.size(), 44); // 32 bytes in base64
    QCOMPARE(SmileIdWire::signature(apiKey, partnerId, timestamp), expected);
    // The sandbox's own implementation (OpenSSL's C API) agrees too.
    QCOMPARE(SmileIdEmulator::signature(apiKey, partnerId, timestamp), expected);
}

void TestSmileId::signatureKnownVector()
{
    // Computed once with: printf '%s' "2026-01-02T03:04:05.678Z0085sid_request" |
    //   openssl dgst -sha256 -hmac "c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==" -binary | base64
    const QString key = QStringLiteral("c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==");
    const QString timestamp = QStringLiteral("2026-01-02T03:04:05.678Z");
    QCOMPARE(SmileIdWire::signature(key, QStringLiteral("0085"), timestamp),
             QStringLiteral("v6XWDsSF5uPVI2vu4VTiO+A1HpyU5i4F8+/nyPJOwmA="));
    // The same with the leading zero stripped is another signature altogether.
    QCOMPARE(SmileIdWire::signature(key, QStringLiteral("85"), timestamp),
             QStringLiteral("6slAvQAhBxjHQC0LuMD3SbNV5imyT0z3Cw4JcdYk1Ek="));
}

void TestSmileId::timestampFormat()
{
    const QDateTime utc(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    QCOMPARE(SmileIdWire::timestamp(utc), QStringLiteral("2026-01-02T03:04:05.678Z"));
    QCOMPARE(SmileIdWire::timestamp(QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)),
             QStringLiteral("2026-01-02T03:04:05.000Z")); // milliseconds even when zero
    // Another zone is converted to UTC, never sent with an offset.
    const QDateTime lagos(QDate(2026, 1, 2), QTime(4, 4, 5, 678), QTimeZone(3600));
    QCOMPARE(SmileIdWire::timestamp(lagos), QStringLiteral("2026-01-02T03:04:05.678Z"));
    QCOMPARE(SmileIdWire::timestamp(utc.toLocalTime()), QStringLiteral("2026-01-02T03:04:05.678Z"));

    const QString now = SmileIdWire::timestamp(QDateTime::currentDateTimeUtc());
    QVERIFY2(QRegularExpression(kTimestampPattern).match(now).hasMatch(), qPrintable(now));
    QCOMPARE(now, QDateTime::fromString(now, QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))
                      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
    QVERIFY(SmileIdEmulator::parseTimestamp(now).isValid());
}

void TestSmileId::sendsEachFlag_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<bool>("value");
    QTest::addColumn<SmileIdUserState>("before");
    QTest::addColumn<SmileIdUserState>("after");
    // makeState(active, fraudulent, allowNewEnroll, deleted)
    QTest::newRow("allow_new_enroll true")
        << QStringLiteral("allow_new_enroll") << true << makeState(true, false, false, false)
        << makeState(true, false, true, false);
    QTest::newRow("active false") << QStringLiteral("active") << false << makeState(true, false, false, false)
                                  << makeState(false, false, false, false);
    QTest::newRow("active true") << QStringLiteral("active") << true << makeState(false, false, false, false)
                                 << makeState(true, false, false, false);
    QTest::newRow("is_fraudulent true")
        << QStringLiteral("is_fraudulent") << true << makeState(true, false, false, false)
        << makeState(true, true, false, false);
    QTest::newRow("is_fraudulent false")
        << QStringLiteral("is_fraudulent") << false << makeState(true, true, false, false)
        << makeState(true, false, false, false);
    QTest::newRow("delete true") << QStringLiteral("delete") << true << makeState(true, false, false, false)
                                 << makeState(true, false, false, true);
}

void TestSmileId::sendsEachFlag()
{
    QFETCH(QString, flag);
    QFETCH(bool, value);
    QFETCH(SmileIdUserState, before);
    QFETCH(SmileIdUserState, after);

    const QString user = freshUser();
    setState(m_server->population(), user, before);
    QCOMPARE(*SmileIdEmulator::stateOf(m_server->population(), user), before);
    m_server->clearRequestLog();

    auto smileId = client(m_profile);
    const ActionRequest request = flagRequest(user, flag, value);
    QCOMPARE(smileId->validate(request), QString());
    const std::optional<HttpResult> result = sendAndWait(*smileId, request);
    QVERIFY(result);
    QTest::qWait(100); // a re-send would show up now

    QCOMPARE(m_server->requestLog().size(), 1);
    const RecordedRequest& entry = m_server->requestLog().constFirst();
    QCOMPARE(entry.provider, QStringLiteral("smileid"));
    QCOMPARE(entry.method, QByteArray("POST"));
    QCOMPARE(entry.path, QStringLiteral("/smileid/api/v2/partner/enrollee"));
    QCOMPARE(entry.header("content-type"), QByteArray("application/json"));
    QCOMPARE(entry.header("accept"), QByteArray("application/json"));
    QCOMPARE(entry.header("user-agent"), QByteArray("IdentityDesk/" IDENTITYDESK_VERSION));
    QVERIFY(QRegularExpression(QStringLiteral("^IdentityDesk/[0-9]+\\.[0-9]+\\.[0-9]+"))
                .match(QString::fromLatin1(entry.header("user-agent")))
                .hasMatch());
    QCOMPARE(entry.status, 200);
    QVERIFY(entry.fault.isEmpty());

    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(entry.body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    const QJsonObject body = document.object();
    QStringList keys = body.keys();
    keys.sort();
    QStringList expectedKeys = {flag,
                                QStringLiteral("email"),
                                QStringLiteral("environment"),
                                QStringLiteral("partner_id"),
                                QStringLiteral("signature"),
                                QStringLiteral("timestamp"),
                                QStringLiteral("user_id")};
    expectedKeys.sort();
    QCOMPARE(keys, expectedKeys);
    QVERIFY(body.value(flag).isBool()); // a JSON boolean, never "true"
    QCOMPARE(body.value(flag).toBool(), value);
    QVERIFY(entry.body.contains('"' + flag.toLatin1() + "\":" + (value ? "true" : "false")));
    QVERIFY(body.value(QStringLiteral("partner_id")).isString());
    QCOMPARE(body.value(QStringLiteral("partner_id")).toString(), QStringLiteral("0085"));
    QVERIFY(entry.body.contains("\"partner_id\":\"0085\""));
    QCOMPARE(body.value(QStringLiteral("user_id")).toString(), user);
    QCOMPARE(body.value(QStringLiteral("email")).toString(), m_server->options().smileIdEmail);
    QCOMPARE(body.value(QStringLiteral("environment")).toString(), QStringLiteral("test"));
    const QString timestamp = body.value(QStringLiteral("timestamp")).toString();
    QVERIFY2(QRegularExpression(kTimestampPattern).match(timestamp).hasMatch(), qPrintable(timestamp));
    // Verified with the sandbox's OpenSSL-based implementation, not the client's own.
    QCOMPARE(
        body.value(QStringLiteral("signature")).toString(),
        SmileIdEmulator::signature(m_server->options().smileIdApiKey, QStringLiteral("0085"), timestamp));

    QVERIFY2(result->ok(), qPrintable(result->error.message()));
    QCOMPARE(result->attempts, 1);
    const ActionOutcome outcome = smileId->interpret(request, *result);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Succeeded);
    QCOMPARE(outcome.httpStatus, 200);
    QCOMPARE(outcome.after, (QJsonObject{{flag, value}}));
    QCOMPARE(*SmileIdEmulator::stateOf(m_server->population(), user), after);
}

void TestSmileId::wrongApiKeyIsRejectedAsNotAuthorised()
{
    ConnectionProfile profile = m_profile;
    profile.section<SmileIdSettings>()->apiKey = QStringLiteral("bm90LXRoZS1rZXk=");
    auto smileId = client(profile);
    const QString user = freshUser();
    m_server->clearRequestLog();
    const ActionRequest request = flagRequest(user, QStringLiteral("active"), false);
    const std::optional<HttpResult> result = sendAndWait(*smileId, request);
    QVERIFY(result);
    QCOMPARE(result->httpStatus, 401);
    QCOMPARE(result->error.kind, ApiError::Kind::Auth);
    QCOMPARE(result->error.providerCode, QStringLiteral("2205"));
    QCOMPARE(result->attempts, 1);

    const ActionOutcome outcome = smileId->interpret(request, *result);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(outcome.providerCode, QStringLiteral("2205"));
    QCOMPARE(outcome.httpStatus, 401);
    QVERIFY2(outcome.message.contains(QStringLiteral("not authorised"), Qt::CaseInsensitive),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(QStringLiteral("Smile ID")), qPrintable(outcome.message));
    QVERIFY(!outcome.message.contains(profile.section<SmileIdSettings>()->apiKey)); // the key never shows
    QCOMPARE(m_server->requestLog().size(), 1);
    QVERIFY(SmileIdEmulator::stateOf(m_server->population(), user)->active); // nothing changed
}

void TestSmileId::strippedPartnerIdIsRejected()
{
    ConnectionProfile profile = m_profile;
    profile.section<SmileIdSettings>()->partnerId = QStringLiteral("85");
    auto smileId = client(profile);
    const QString user = freshUser();
    const ActionRequest request = flagRequest(user, QStringLiteral("is_fraudulent"), true);
    const std::optional<HttpResult> result = sendAndWait(*smileId, request);
    QVERIFY(result);
    const ActionOutcome outcome = smileId->interpret(request, *result);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(outcome.providerCode, QStringLiteral("2205"));
    QVERIFY(!SmileIdEmulator::stateOf(m_server->population(), user)->fraudulent);
}

void TestSmileId::droppedConnectionIsSentOnceAndUnknown()
{
    SandboxServer::Options options;
    options.users = 20;
    options.faults.dropAfterProcessing = 1.0;
    SandboxServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    ConnectionProfile profile;
    QVERIFY(loadProfile(server, m_dir, &profile));
    auto smileId = client(profile);

    const QString user = server.population().user(3).referenceId;
    const ActionRequest request = flagRequest(user, QStringLiteral("is_fraudulent"), true);
    const std::optional<HttpResult> result = sendAndWait(*smileId, request);
    QVERIFY(result);
    QTest::qWait(500); // time for any silent re-send to reach the server

    // Exactly one request reached the sandbox: neither the access manager nor HttpClient sent it again.
    QCOMPARE(server.requestLog().size(), 1);
    QCOMPARE(server.requestLog().constFirst().fault, QStringLiteral("drop-after-processing"));
    QCOMPARE(server.requestLog().constFirst().status, 200);
    // It was processed…
    QVERIFY(SmileIdEmulator::stateOf(server.population(), user)->fraudulent);
    // …but no answer came, so the outcome is unknown.
    QCOMPARE(result->httpStatus, 0);
    QCOMPARE(result->attempts, 1);
    QCOMPARE(result->error.kind, ApiError::Kind::Network);
    QVERIFY(!result->error.provesNotProcessed());
    const ActionOutcome outcome = smileId->interpret(request, *result);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::Unknown);
}

void TestSmileId::deletingADeletedUserIsAlreadyInState()
{
    auto smileId = client(m_profile);
    const QString user = freshUser();
    const ActionRequest request = flagRequest(user, QStringLiteral("delete"), true);
    m_server->clearRequestLog();

    const std::optional<HttpResult> first = sendAndWait(*smileId, request);
    QVERIFY(first);
    QCOMPARE(smileId->interpret(request, *first).kind, ActionOutcome::Kind::Succeeded);
    QVERIFY(SmileIdEmulator::stateOf(m_server->population(), user)->deleted);

    const std::optional<HttpResult> second = sendAndWait(*smileId, request);
    QVERIFY(second);
    QCOMPARE(second->httpStatus, 400);
    QCOMPARE(second->error.providerCode, QStringLiteral("2208"));
    const ActionOutcome outcome = smileId->interpret(request, *second);
    QCOMPARE(outcome.kind, ActionOutcome::Kind::AlreadyInState);
    // The user is where the officer wanted them: the audit log records it as the state afterwards.
    QCOMPARE(outcome.after, QJsonObject({{QStringLiteral("delete"), true}}));
    QCOMPARE(m_server->requestLog().size(), 2);

    // Any other flag on a deleted user stays a rejection.
    const ActionRequest reactivate = flagRequest(user, QStringLiteral("active"), true);
    const std::optional<HttpResult> third = sendAndWait(*smileId, reactivate);
    QVERIFY(third);
    const ActionOutcome refused = smileId->interpret(reactivate, *third);
    QCOMPARE(refused.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(refused.providerCode, QStringLiteral("2208"));
}

void TestSmileId::successFalseUnder200IsARefusal()
{
    auto smileId = client(m_profile);
    const ActionRequest request = flagRequest(freshUser(), QStringLiteral("active"), false);
    HttpResult result;
    result.httpStatus = 200;
    result.error.provider = QStringLiteral("Smile ID");
    result.json = QJsonDocument(QJsonObject{{QStringLiteral("success"), true}});
    QCOMPARE(smileId->interpret(request, result).kind, ActionOutcome::Kind::Succeeded);

    // Any 2xx is success (an assumption of docs/architecture.md) unless the body itself says it was not.
    result.json = QJsonDocument(QJsonObject{{QStringLiteral("success"), false},
                                            {QStringLiteral("code"), QStringLiteral("2207")},
                                            {QStringLiteral("error"), QStringLiteral("User is disabled")}});
    const ActionOutcome refused = smileId->interpret(request, result);
    QCOMPARE(refused.kind, ActionOutcome::Kind::Rejected);
    QCOMPARE(refused.providerCode, QStringLiteral("2207"));
    QVERIFY2(refused.message.contains(QLatin1String("User is disabled")), qPrintable(refused.message));
    QVERIFY(refused.after.isEmpty());

    // An empty 2xx body, or one without "success", stays a success.
    result.json = QJsonDocument();
    QCOMPARE(smileId->interpret(request, result).kind, ActionOutcome::Kind::Succeeded);
}

void TestSmileId::validateRefuses_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QJsonValue>("value");
    const QString flagAction = QStringLiteral("flag");
    const QString user = QStringLiteral("REF-000001");
    QTest::newRow("active without a value")
        << flagAction << user << QStringLiteral("active") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("active as \"false\"")
        << flagAction << user << QStringLiteral("active") << QJsonValue(QStringLiteral("false"));
    QTest::newRow("active as 0") << flagAction << user << QStringLiteral("active") << QJsonValue(0);
    QTest::newRow("active as null") << flagAction << user << QStringLiteral("active")
                                    << QJsonValue(QJsonValue::Null);
    QTest::newRow("delete false") << flagAction << user << QStringLiteral("delete") << QJsonValue(false);
    QTest::newRow("allow_new_enroll false")
        << flagAction << user << QStringLiteral("allow_new_enroll") << QJsonValue(false);
    QTest::newRow("unknown flag") << flagAction << user << QStringLiteral("blocked") << QJsonValue(true);
    QTest::newRow("no flag") << flagAction << user << QString() << QJsonValue(true);
    QTest::newRow("unknown action") << QStringLiteral("unenroll") << user << QStringLiteral("active")
                                    << QJsonValue(false);
    QTest::newRow("no user") << flagAction << QStringLiteral("  ") << QStringLiteral("active")
                             << QJsonValue(false);
    QTest::newRow("user with a line break") << flagAction << QStringLiteral("REF-000001\nREF-000002")
                                            << QStringLiteral("active") << QJsonValue(false);
    QTest::newRow("user with a tab") << flagAction << QStringLiteral("REF\t1") << QStringLiteral("active")
                                     << QJsonValue(false);
    QTest::newRow("user with a trailing space")
        << flagAction << QStringLiteral("REF-000001 ") << QStringLiteral("active") << QJsonValue(false);
    QTest::newRow("user of 101 characters")
        << flagAction << QString(101, u'a') << QStringLiteral("active") << QJsonValue(false);
}

void TestSmileId::validateRefuses()
{
    QFETCH(QString, action);
    QFETCH(QString, userId);
    QFETCH(QString, flag);
    QFETCH(QJsonValue, value);
    auto smileId = client(m_profile);
    ActionRequest request = flagRequest(userId, flag, value);
    request.action = action;
    if (flag.isEmpty())
        request.params.remove(QStringLiteral("flag"));
    QVERIFY(!smileId->validate(request).isEmpty());
}

void TestSmileId::validateAccepts()
{
    auto smileId = client(m_profile);
    const QString user = QStringLiteral("REF-000001");
    for (const auto& [flag, value] : QList<QPair<QString, bool>>{{QStringLiteral("allow_new_enroll"), true},
                                                                 {QStringLiteral("active"), false},
                                                                 {QStringLiteral("active"), true},
                                                                 {QStringLiteral("is_fraudulent"), true},
                                                                 {QStringLiteral("is_fraudulent"), false},
                                                                 {QStringLiteral("delete"), true}})
        QVERIFY2(smileId->validate(flagRequest(user, flag, value)).isEmpty(), qPrintable(flag));
    // A partner's id is its own text: inner spaces, accents, 100 characters are all users.
    for (const QString& other :
         {QStringLiteral("Case 77 / José"), QStringLiteral("0042"), QString(100, u'a')})
        QVERIFY2(smileId->validate(flagRequest(other, QStringLiteral("active"), false)).isEmpty(),
                 qPrintable(other));
}

QTEST_GUILESS_MAIN(TestSmileId)
#include "tst_smileid.moc"
