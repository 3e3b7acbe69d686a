// SPDX-License-Identifier: GPL-3.0-or-later
// Smile ID's enrollee endpoint as emulated by the sandbox (docs/architecture.md section 3, seed 000), over
// real TLS.
#include "SandboxServer.h"
#include "SandboxTestClient.h"
#include "smileid/SmileIdEmulator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTest>

#include <memory>

namespace {

const QString kEnrollee = QStringLiteral("/api/v2/partner/enrollee");

/// Computed here with Qt's HMAC, apart from the emulator's OpenSSL one: each checks the other.
QString sign(const QString& apiKey, const QString& partnerId, const QString& timestamp)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash((timestamp + partnerId + QStringLiteral("sid_request")).toUtf8(),
                                         apiKey.toUtf8(), QCryptographicHash::Sha256)
            .toBase64());
}

QString timestampOf(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QJsonObject smileError(const char* code, const QString& text)
{
    return {{QStringLiteral("code"), QString::fromLatin1(code)}, {QStringLiteral("error"), text}};
}

} // namespace

class TestSmileIdEmulator final : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { QTest::qWait(20); }
    void initTestCase();

    void profileSection();
    void signatureMatchesAnIndependentHmac();
    void invalidJson_data();
    void invalidJson();
    void missingParameter_data();
    void missingParameter();
    void wrongType_data();
    void wrongType();
    void noFlagIsMissingParameter();
    void severalFlagsAreRefused_data();
    void severalFlagsAreRefused();
    void flagsThatOnlyAcceptTrue_data();
    void flagsThatOnlyAcceptTrue();
    void notAuthorised_data();
    void notAuthorised();
    void timestampWithinFiveMinutesIsAccepted_data();
    void timestampWithinFiveMinutesIsAccepted();
    void unknownUser_data();
    void unknownUser();
    void bodyMustBeDeclaredAsJson_data();
    void bodyMustBeDeclaredAsJson();
    void eachFlagChangesState();
    void settingTheCurrentValueSucceeds();
    void deletedUserRefusesEveryFlag();
    void routes();
    void requestLogNamesTheProvider();

    void serverErrorFaultChangesNothing();
    void dropAfterProcessingAppliesTheChange();

private:
    /// A valid signed request for `userId` with one flag; tests then break one thing in it.
    QJsonObject body(const QString& userId, const QString& flag, const QJsonValue& value,
                     const QDateTime& time = QDateTime::currentDateTimeUtc()) const;
    static QJsonObject body(const SandboxServer& server, const QString& userId, const QString& flag,
                            const QJsonValue& value, const QDateTime& time = QDateTime::currentDateTimeUtc());
    SandboxHttpResult post(const QJsonObject& object);
    SandboxHttpResult postRaw(const QByteArray& bytes);
    static QUrl url(const SandboxServer& server, const QString& path);
    /// A user no test has touched yet.
    QString freshUser();
    SmileIdUserState state(const QString& userId) const;

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<SandboxTestClient> m_client;
    quint32 m_nextUser = 1;
};

void TestSmileIdEmulator::initTestCase()
{
    SandboxServer::Options options;
    options.users = 500;
    options.seed = 7;
    m_server = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_client = std::make_unique<SandboxTestClient>(QList<QSslCertificate>{m_server->caCertificate()});
}

QUrl TestSmileIdEmulator::url(const SandboxServer& server, const QString& path)
{
    QUrl result = server.providerUrl(QStringLiteral("smileid"));
    result.setPath(result.path() + path);
    return result;
}

QJsonObject TestSmileIdEmulator::body(const SandboxServer& server, const QString& userId, const QString& flag,
                                      const QJsonValue& value, const QDateTime& time)
{
    const SandboxOptions& o = server.options();
    const QString timestamp = timestampOf(time);
    return {{flag, value},
            {QStringLiteral("email"), o.smileIdEmail},
            {QStringLiteral("environment"), o.smileIdEnvironment},
            {QStringLiteral("partner_id"), o.smileIdPartnerId},
            {QStringLiteral("signature"), sign(o.smileIdApiKey, o.smileIdPartnerId, timestamp)},
            {QStringLiteral("timestamp"), timestamp},
            {QStringLiteral("user_id"), userId}};
}

QJsonObject TestSmileIdEmulator::body(const QString& userId, const QString& flag, const QJsonValue& value,
                                      const QDateTime& time) const
{
    return body(*m_server, userId, flag, value, time);
}

SandboxHttpResult TestSmileIdEmulator::post(const QJsonObject& object)
{
    return postRaw(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

SandboxHttpResult TestSmileIdEmulator::postRaw(const QByteArray& bytes)
{
    return m_client->post(url(*m_server, kEnrollee), bytes);
}

QString TestSmileIdEmulator::freshUser()
{
    return m_server->population().user(m_nextUser++).referenceId;
}

SmileIdUserState TestSmileIdEmulator::state(const QString& userId) const
{
    return SmileIdEmulator::stateOf(m_server->population(), userId).value_or(SmileIdUserState{});
}

void TestSmileIdEmulator::profileSection()
{
    const QJsonObject section =
        m_server->profile(QStringLiteral("ca.pem")).value(QStringLiteral("smileid")).toObject();
    const QString base = m_server->baseUrl().toString() + QStringLiteral("/smileid");
    const QJsonObject expected{{QStringLiteral("portal_url"), base},
                               {QStringLiteral("api_url"), base},
                               {QStringLiteral("partner_id"), QStringLiteral("0085")},
                               {QStringLiteral("api_key"), m_server->options().smileIdApiKey},
                               {QStringLiteral("email"), QStringLiteral("compliance@example.com")},
                               {QStringLiteral("environment"), QStringLiteral("test")}};
    QCOMPARE(section, expected);
    QVERIFY(section.value(QStringLiteral("partner_id")).isString()); // never the number 85
    QVERIFY(!m_server->options().smileIdApiKey.isEmpty());
    // The Trust Swiftly section is still there.
    QVERIFY(m_server->profile(QStringLiteral("ca.pem")).value(QStringLiteral("trustswiftly")).isObject());
}

void TestSmileIdEmulator::signatureMatchesAnIndependentHmac()
{
    const QString timestamp = QStringLiteral("2026-01-02T03:04:05.678Z");
    QCOMPARE(SmileIdEmulator::signature(QStringLiteral("key"), QStringLiteral("0085"), timestamp),
             sign(QStringLiteral("key"), QStringLiteral("0085"), timestamp));
    // Computed once with: printf '%s' "2026-01-02T03:04:05.678Z0085sid_request" |
    //   openssl dgst -sha256 -hmac "c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==" -binary | base64
    QCOMPARE(SmileIdEmulator::signature(QStringLiteral("c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ=="),
                                        QStringLiteral("0085"), timestamp),
             QStringLiteral("v6XWDsSF5uPVI2vu4VTiO+A1HpyU5i4F8+/nyPJOwmA="));
}

void TestSmileIdEmulator::invalidJson_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("user_id=REF-000001&active=false");
    QTest::newRow("truncated") << QByteArray("{\"active\": false");
    QTest::newRow("array") << QByteArray("[{\"active\": false}]");
    QTest::newRow("string") << QByteArray("\"active\"");
}

void TestSmileIdEmulator::invalidJson()
{
    QFETCH(QByteArray, bytes);
    const SandboxHttpResult result = postRaw(bytes);
    QCOMPARE(result.status, 400);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.json(), smileError("2203", QStringLiteral("Invalid JSON")));
}

void TestSmileIdEmulator::missingParameter_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("asNull");
    for (const char* field : {"partner_id", "signature", "timestamp", "user_id", "environment", "email"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestSmileIdEmulator::missingParameter()
{
    QFETCH(QString, field);
    QFETCH(bool, asNull);
    const QString user = freshUser();
    QJsonObject request = body(user, QStringLiteral("active"), false);
    if (asNull)
        request.insert(field, QJsonValue::Null);
    else
        request.remove(field);
    const SandboxHttpResult result = post(request);
    QCOMPARE(result.status, 400);
    const QJsonObject answer = result.json();
    QCOMPARE(answer.value(QStringLiteral("code")), QJsonValue(QStringLiteral("2213")));
    QVERIFY2(answer.value(QStringLiteral("error")).toString().contains(field), result.body.constData());
    QCOMPARE(answer.size(), 2);
    QVERIFY(state(user).active); // nothing changed
}

void TestSmileIdEmulator::wrongType_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    const QString active = QStringLiteral("active");
    QTest::newRow("partner_id as number 85") << active << QStringLiteral("partner_id") << QJsonValue(85);
    QTest::newRow("signature as number") << active << QStringLiteral("signature") << QJsonValue(1);
    QTest::newRow("timestamp as epoch number")
        << active << QStringLiteral("timestamp") << QJsonValue(1767323045678.0);
    QTest::newRow("user_id as object") << active << QStringLiteral("user_id") << QJsonValue(QJsonObject());
    QTest::newRow("email as array") << active << QStringLiteral("email") << QJsonValue(QJsonArray());
    QTest::newRow("environment as bool") << active << QStringLiteral("environment") << QJsonValue(true);
    QTest::newRow("active as \"false\"") << active << active << QJsonValue(QStringLiteral("false"));
    QTest::newRow("active as 0") << active << active << QJsonValue(0);
    QTest::newRow("active as null") << active << active << QJsonValue(QJsonValue::Null);
    QTest::newRow("is_fraudulent as \"true\"")
        << QStringLiteral("is_fraudulent") << QStringLiteral("is_fraudulent")
        << QJsonValue(QStringLiteral("true"));
    QTest::newRow("allow_new_enroll as 1")
        << QStringLiteral("allow_new_enroll") << QStringLiteral("allow_new_enroll") << QJsonValue(1);
    QTest::newRow("delete as \"true\"")
        << QStringLiteral("delete") << QStringLiteral("delete") << QJsonValue(QStringLiteral("true"));
}

void TestSmileIdEmulator::wrongType()
{
    QFETCH(QString, flag);
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    const QString user = freshUser();
    QJsonObject request = body(user, flag, true);
    request.insert(field, value);
    const SandboxHttpResult result = post(request);
    QCOMPARE(result.status, 400);
    const QJsonObject answer = result.json();
    QCOMPARE(answer.value(QStringLiteral("code")), QJsonValue(QStringLiteral("2204")));
    QVERIFY2(answer.value(QStringLiteral("error")).toString().contains(field), result.body.constData());
    QCOMPARE(state(user), SmileIdUserState{});
}

void TestSmileIdEmulator::noFlagIsMissingParameter()
{
    const QString user = freshUser();
    QJsonObject request = body(user, QStringLiteral("active"), false);
    request.remove(QStringLiteral("active"));
    const SandboxHttpResult result = post(request);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("code")), QJsonValue(QStringLiteral("2213")));
    for (const QString& flag : SmileIdEmulator::flags())
        QVERIFY(result.json().value(QStringLiteral("error")).toString().contains(flag));
}

void TestSmileIdEmulator::severalFlagsAreRefused_data()
{
    QTest::addColumn<QJsonObject>("extra");
    QTest::newRow("active + is_fraudulent") << QJsonObject{{QStringLiteral("is_fraudulent"), true}};
    QTest::newRow("active + delete") << QJsonObject{{QStringLiteral("delete"), true}};
    QTest::newRow("all four") << QJsonObject{{QStringLiteral("is_fraudulent"), false},
                                             {QStringLiteral("delete"), true},
                                             {QStringLiteral("allow_new_enroll"), true}};
}

void TestSmileIdEmulator::severalFlagsAreRefused()
{
    QFETCH(QJsonObject, extra);
    const QString user = freshUser();
    QJsonObject request = body(user, QStringLiteral("active"), false);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        request.insert(it.key(), it.value());
    const SandboxHttpResult result = post(request);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("code")), QJsonValue(QStringLiteral("2204")));
    QCOMPARE(state(user), SmileIdUserState{});
}

void TestSmileIdEmulator::flagsThatOnlyAcceptTrue_data()
{
    QTest::addColumn<QString>("flag");
    QTest::newRow("allow_new_enroll") << QStringLiteral("allow_new_enroll");
    QTest::newRow("delete") << QStringLiteral("delete");
}

void TestSmileIdEmulator::flagsThatOnlyAcceptTrue()
{
    QFETCH(QString, flag);
    const QString user = freshUser();
    const SandboxHttpResult result = post(body(user, flag, false));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(QStringLiteral("code")), QJsonValue(QStringLiteral("2204")));
    QVERIFY(result.json().value(QStringLiteral("error")).toString().contains(flag));
    QCOMPARE(state(user), SmileIdUserState{});
}

void TestSmileIdEmulator::notAuthorised_data()
{
    QTest::addColumn<QJsonObject>("changes");
    QTest::addColumn<QString>("why"); ///< a word the error must hold
    const SandboxOptions& o = m_server->options();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString ts = timestampOf(now);
    const auto signedAs = [&](const QString& partner, const QString& timestamp, const QString& key) {
        return QJsonObject{{QStringLiteral("partner_id"), partner},
                           {QStringLiteral("timestamp"), timestamp},
                           {QStringLiteral("signature"), sign(key, partner, timestamp)}};
    };
    // Signed correctly for "85": only the partner id itself is wrong.
    QTest::newRow("leading zero stripped")
        << signedAs(QStringLiteral("85"), ts, o.smileIdApiKey) << QStringLiteral("partner_id");
    QTest::newRow("other partner") << signedAs(QStringLiteral("0086"), ts, o.smileIdApiKey)
                                   << QStringLiteral("partner_id");
    QTest::newRow("padded partner") << signedAs(QStringLiteral(" 0085"), ts, o.smileIdApiKey)
                                    << QStringLiteral("partner_id");
    QTest::newRow("wrong api key") << signedAs(o.smileIdPartnerId, ts, QStringLiteral("not-the-key"))
                                   << QStringLiteral("signature");
    QTest::newRow("signature of another timestamp")
        << QJsonObject{{QStringLiteral("signature"),
                        sign(o.smileIdApiKey, o.smileIdPartnerId, timestampOf(now.addMSecs(1)))}}
        << QStringLiteral("signature");
    QTest::newRow("signature of \"85\"")
        << QJsonObject{{QStringLiteral("signature"), sign(o.smileIdApiKey, QStringLiteral("85"), ts)}}
        << QStringLiteral("signature");
    QTest::newRow("empty signature") << QJsonObject{{QStringLiteral("signature"), QString()}}
                                     << QStringLiteral("signature");
    // Signed correctly over a badly formatted timestamp: only the format is wrong.
    const QStringList badFormats = {
        now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")),          // no milliseconds
        now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")),       // no zone
        now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+00:00")), // offset instead of Z
        now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzzZ")),      // space instead of T
        QString::number(now.toMSecsSinceEpoch()),                      // epoch
        QStringLiteral("2026-13-45T25:61:61.000Z"),                    // the right shape, no date
    };
    for (const QString& bad : badFormats)
        QTest::addRow("timestamp %s", qPrintable(bad))
            << signedAs(o.smileIdPartnerId, bad, o.smileIdApiKey) << QStringLiteral("ISO-8601");
    QTest::newRow("stale timestamp (6 min)")
        << signedAs(o.smileIdPartnerId, timestampOf(now.addSecs(-6 * 60)), o.smileIdApiKey)
        << QStringLiteral("5 minutes");
    QTest::newRow("stale timestamp (1 day)")
        << signedAs(o.smileIdPartnerId, timestampOf(now.addDays(-1)), o.smileIdApiKey)
        << QStringLiteral("5 minutes");
    QTest::newRow("future timestamp (6 min)")
        << signedAs(o.smileIdPartnerId, timestampOf(now.addSecs(6 * 60)), o.smileIdApiKey)
        << QStringLiteral("5 minutes");
    QTest::newRow("production environment")
        << QJsonObject{{QStringLiteral("environment"), QStringLiteral("production")}}
        << QStringLiteral("environment");
    QTest::newRow("environment in capitals")
        << QJsonObject{{QStringLiteral("environment"), QStringLiteral("TEST")}}
        << QStringLiteral("environment");
}

void TestSmileIdEmulator::notAuthorised()
{
    QFETCH(QJsonObject, changes);
    QFETCH(QString, why);
    const QString user = freshUser();
    QJsonObject request = body(user, QStringLiteral("is_fraudulent"), true);
    for (auto it = changes.begin(); it != changes.end(); ++it)
        request.insert(it.key(), it.value());
    const SandboxHttpResult result = post(request);
    QCOMPARE(result.status, 401);
    const QJsonObject answer = result.json();
    QCOMPARE(answer.size(), 2);
    QCOMPARE(answer.value(QStringLiteral("code")), QJsonValue(QStringLiteral("2205")));
    QVERIFY2(answer.value(QStringLiteral("error")).toString().contains(why), result.body.constData());
    QVERIFY(!state(user).fraudulent);
}

void TestSmileIdEmulator::timestampWithinFiveMinutesIsAccepted_data()
{
    QTest::addColumn<int>("offsetSeconds");
    QTest::newRow("4 min old") << -4 * 60;
    QTest::newRow("4 min ahead") << 4 * 60;
}

void TestSmileIdEmulator::timestampWithinFiveMinutesIsAccepted()
{
    QFETCH(int, offsetSeconds);
    const QString user = freshUser();
    const SandboxHttpResult result = post(
        body(user, QStringLiteral("active"), false, QDateTime::currentDateTimeUtc().addSecs(offsetSeconds)));
    QCOMPARE(result.status, 200);
    QVERIFY(!state(user).active);
}

void TestSmileIdEmulator::unknownUser_data()
{
    QTest::addColumn<QString>("userId");
    QTest::newRow("beyond the population") << QStringLiteral("REF-000501");
    QTest::newRow("REF-000000") << QStringLiteral("REF-000000");
    QTest::newRow("not padded") << QStringLiteral("REF-1");
    QTest::newRow("over-padded") << QStringLiteral("REF-0000001");
    QTest::newRow("lower case") << QStringLiteral("ref-000001");
    QTest::newRow("bare number") << QStringLiteral("1");
    QTest::newRow("empty") << QString();
}

void TestSmileIdEmulator::unknownUser()
{
    QFETCH(QString, userId);
    const SandboxHttpResult result = post(body(userId, QStringLiteral("active"), false));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json(), smileError("2210", QStringLiteral("No enrolled user found for this user_id")));
}

void TestSmileIdEmulator::bodyMustBeDeclaredAsJson_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("application/json") << QByteArray("application/json") << true;
    QTest::newRow("with a charset, any case") << QByteArray("Application/JSON; charset=utf-8") << true;
    QTest::newRow("a +json type") << QByteArray("application/vnd.api+json") << true;
    QTest::newRow("json, but not the media type") << QByteArray("text/plain; note=json") << false;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << false;
    QTest::newRow("text") << QByteArray("text/plain") << false;
}

void TestSmileIdEmulator::bodyMustBeDeclaredAsJson()
{
    // A well-formed signed body sent without the JSON media type is not read, and changes nothing.
    QFETCH(QByteArray, contentType);
    QFETCH(bool, accepted);
    const QString user = freshUser();
    const QByteArray bytes =
        QJsonDocument(body(user, QStringLiteral("active"), false)).toJson(QJsonDocument::Compact);
    const SandboxHttpResult result = m_client->post(url(*m_server, kEnrollee), bytes, contentType);
    SmileIdUserState expected;
    if (accepted) {
        QCOMPARE(result.status, 200);
        expected.active = false;
    } else {
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json().value(QStringLiteral("code")).toString(), QStringLiteral("2203"));
    }
    QCOMPARE(state(user), expected);
}

void TestSmileIdEmulator::eachFlagChangesState()
{
    const QString user = freshUser();
    QCOMPARE(state(user), SmileIdUserState{});
    const auto set = [&](const char* flag, bool value) {
        const SandboxHttpResult result = post(body(user, QString::fromLatin1(flag), value));
        if (result.status != 200 || result.json() != QJsonObject{{QStringLiteral("success"), true}})
            qWarning("%s=%d answered %d %s", flag, value, result.status, result.body.constData());
        return result.status == 200 && result.json() == QJsonObject{{QStringLiteral("success"), true}};
    };
    SmileIdUserState expected;
    QVERIFY(set("active", false));
    expected.active = false;
    QCOMPARE(state(user), expected);
    QVERIFY(set("is_fraudulent", true));
    expected.fraudulent = true;
    QCOMPARE(state(user), expected);
    QVERIFY(set("allow_new_enroll", true));
    expected.allowNewEnroll = true;
    QCOMPARE(state(user), expected);
    QVERIFY(set("active", true));
    expected.active = true;
    QCOMPARE(state(user), expected);
    QVERIFY(set("is_fraudulent", false));
    expected.fraudulent = false;
    QCOMPARE(state(user), expected);
    QVERIFY(set("delete", true));
    expected.deleted = true;
    QCOMPARE(state(user), expected);

    // The state lives in the population's overlay, under documented keys.
    const quint32 id = SmileIdEmulator::populationId(m_server->population(), user);
    QVERIFY(id != 0);
    QCOMPARE(m_server->population().attribute(id, SmileIdEmulator::deletedAttribute()), QVariant(true));
    QCOMPARE(m_server->population().attribute(id, SmileIdEmulator::allowNewEnrollAttribute()),
             QVariant(true));
    QCOMPARE(m_server->population().attribute(id, SmileIdEmulator::activeAttribute()), QVariant(true));
    QCOMPARE(m_server->population().attribute(id, SmileIdEmulator::fraudulentAttribute()), QVariant(false));
}

void TestSmileIdEmulator::settingTheCurrentValueSucceeds()
{
    const QString user = freshUser();
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(post(body(user, QStringLiteral("active"), true)).status, 200);
        QCOMPARE(post(body(user, QStringLiteral("is_fraudulent"), false)).status, 200);
        QCOMPARE(post(body(user, QStringLiteral("allow_new_enroll"), true)).status, 200);
    }
    SmileIdUserState expected;
    expected.allowNewEnroll = true;
    QCOMPARE(state(user), expected);
}

void TestSmileIdEmulator::deletedUserRefusesEveryFlag()
{
    const QString user = freshUser();
    QCOMPARE(post(body(user, QStringLiteral("is_fraudulent"), true)).status, 200);
    QCOMPARE(post(body(user, QStringLiteral("delete"), true)).status, 200);
    SmileIdUserState expected;
    expected.fraudulent = true;
    expected.deleted = true;
    QCOMPARE(state(user), expected);

    const QList<QPair<QString, bool>> attempts = {
        {QStringLiteral("active"), false},        {QStringLiteral("active"), true},
        {QStringLiteral("is_fraudulent"), false}, {QStringLiteral("allow_new_enroll"), true},
        {QStringLiteral("delete"), true},
    };
    for (const auto& [flag, value] : attempts) {
        const SandboxHttpResult result = post(body(user, flag, value));
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json(), smileError("2208", QStringLiteral("User has been deleted")));
    }
    QCOMPARE(state(user), expected);
}

void TestSmileIdEmulator::routes()
{
    const SandboxHttpResult get = m_client->get(url(*m_server, kEnrollee));
    QCOMPARE(get.status, 405);
    QCOMPARE(get.header("Allow"), QByteArray("POST"));
    QCOMPARE(get.json().value(QStringLiteral("code")), QJsonValue(QStringLiteral("405")));

    const SandboxHttpResult unknown =
        m_client->post(url(*m_server, QStringLiteral("/api/v2/partner/enrollees")), "{}");
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.json().value(QStringLiteral("error")).isString());

    // Job status is not emulated yet.
    QCOMPARE(m_client->post(url(*m_server, QStringLiteral("/v1/job_status")), "{}").status,
             400); // emulated since issue 7

    // A trailing slash is the same endpoint.
    const QString user = freshUser();
    const SandboxHttpResult slash = m_client->post(
        url(*m_server, kEnrollee + u'/'),
        QJsonDocument(body(user, QStringLiteral("active"), false)).toJson(QJsonDocument::Compact));
    QCOMPARE(slash.status, 200);
}

void TestSmileIdEmulator::requestLogNamesTheProvider()
{
    m_server->clearRequestLog();
    const QString user = freshUser();
    const QByteArray bytes =
        QJsonDocument(body(user, QStringLiteral("active"), false)).toJson(QJsonDocument::Compact);
    QCOMPARE(postRaw(bytes).status, 200);
    QCOMPARE(m_server->requestLog().size(), 1);
    const RecordedRequest& entry = m_server->requestLog().constFirst();
    QCOMPARE(entry.provider, QStringLiteral("smileid"));
    QCOMPARE(entry.method, QByteArray("POST"));
    QCOMPARE(entry.path, QStringLiteral("/smileid") + kEnrollee);
    QCOMPARE(entry.body, bytes);
    QCOMPARE(entry.status, 200);
    QVERIFY(entry.fault.isEmpty());
}

void TestSmileIdEmulator::serverErrorFaultChangesNothing()
{
    SandboxServer::Options options;
    options.users = 20;
    options.faults.errorRate = 1.0;
    SandboxServer server(options);
    QVERIFY(server.start());
    SandboxTestClient client({server.caCertificate()});
    const QString user = server.population().user(1).referenceId;
    const SandboxHttpResult result = client.post(
        url(server, kEnrollee),
        QJsonDocument(body(server, user, QStringLiteral("active"), false)).toJson(QJsonDocument::Compact));
    QCOMPARE(result.status, 500);
    QVERIFY(result.json().value(QStringLiteral("code")).isString());
    QVERIFY(result.json().value(QStringLiteral("error")).isString());
    QVERIFY(SmileIdEmulator::stateOf(server.population(), user)->active);
    QCOMPARE(server.requestLog().last().fault, QStringLiteral("server-error"));
}

void TestSmileIdEmulator::dropAfterProcessingAppliesTheChange()
{
    SandboxServer::Options options;
    options.users = 20;
    options.faults.dropAfterProcessing = 1.0;
    SandboxServer server(options);
    QVERIFY(server.start());
    SandboxTestClient client({server.caCertificate()});
    const QString user = server.population().user(2).referenceId;
    const SandboxHttpResult result = client.post(
        url(server, kEnrollee), QJsonDocument(body(server, user, QStringLiteral("is_fraudulent"), true))
                                    .toJson(QJsonDocument::Compact));
    QCOMPARE(result.status, 0); // no answer at all
    QVERIFY(result.error != QNetworkReply::NoError);
    QVERIFY(SmileIdEmulator::stateOf(server.population(), user)->fraudulent); // but the change was made
    // This plain client lets the access manager re-send; every attempt was processed and dropped.
    QVERIFY(!server.requestLog().isEmpty());
    for (const RecordedRequest& entry : server.requestLog()) {
        QCOMPARE(entry.provider, QStringLiteral("smileid"));
        QCOMPARE(entry.fault, QStringLiteral("drop-after-processing"));
        QCOMPARE(entry.status, 200);
    }
}

QTEST_GUILESS_MAIN(TestSmileIdEmulator)
#include "tst_smileidemulator.moc"
