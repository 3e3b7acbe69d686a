// SPDX-License-Identifier: GPL-3.0-or-later
// The SmartID Suite emulator (seed 002) request by request: the API key, the capital-U `User`,
// enrollment state, the fault users, and the 701 status line on the wire.
#include "Population.h"
#include "SandboxServer.h"
#include "smartid/SmartIdEmulator.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QJsonDocument>
#include <QtTest>

Q_DECLARE_METATYPE(SmartIdEmulator::Fault)

namespace {
constexpr quint32 kUsers = 150;
const QByteArray kKey = "smartid_sandbox_key";

SandboxRequest post(const QString& path, const QJsonObject& body, const QByteArray& key = kKey)
{
    SandboxRequest r;
    r.method = "POST";
    r.path = path;
    if (!key.isNull())
        r.headers.append(qMakePair(QByteArray("X-Api-Key"), key));
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

QJsonObject json(const SandboxResponse& response)
{
    return QJsonDocument::fromJson(response.body).object();
}
} // namespace

class TestSmartIdEmulator : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void apiKeyIsChecked();
    void routes();
    void userMustBeANonEmptyStringWithCapitalU();
    void unenrollThenNotFound();
    void unknownUserIsNotFound();
    void faultUsers_data();
    void faultUsers();
    void enroll();
    void serviceCallErrorStatusLine();
    void plainTextSuccess();
    void profileSection();

private:
    QString email(quint32 id) const { return m_population->user(id).email; }

    std::unique_ptr<Population> m_population;
    std::unique_ptr<SmartIdEmulator> m_emulator;
};

void TestSmartIdEmulator::init()
{
    m_population = std::make_unique<Population>(kUsers, 9, TrustSwiftlyEmulator::onboardingWorkflowIds());
    m_emulator = std::make_unique<SmartIdEmulator>(*m_population, QString::fromLatin1(kKey));
}

void TestSmartIdEmulator::apiKeyIsChecked()
{
    const QJsonObject body{{QStringLiteral("User"), email(1)}};
    for (const QByteArray& key : {QByteArray(), QByteArray("wrong"), QByteArray("")}) {
        const SandboxResponse r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body, key));
        QCOMPARE(r.status, 401);
        QCOMPARE(json(r).value(QStringLiteral("code")).toInt(), 401);
        QCOMPARE(r.contentType, QByteArray("application/json"));
    }
    QVERIFY(m_emulator->isEnrolled(1));
}

void TestSmartIdEmulator::routes()
{
    SandboxRequest get = post(QStringLiteral("/api/kyc/unenroll"), {});
    get.method = "GET";
    QCOMPARE(m_emulator->handle(get).status, 405);
    QCOMPARE(m_emulator->handle(post(QStringLiteral("/api/kyc/nothing"), {})).status, 404);
    // A trailing slash is the same route.
    QCOMPARE(
        m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll/"), {{QStringLiteral("User"), email(2)}}))
            .status,
        200);
}

void TestSmartIdEmulator::userMustBeANonEmptyStringWithCapitalU()
{
    const QList<QJsonObject> bodies{
        {},
        {{QStringLiteral("User"), QString()}},
        {{QStringLiteral("User"), QStringLiteral("   ")}},
        {{QStringLiteral("User"), 42}},
        {{QStringLiteral("user"), email(3)}}, // lower-case key: not SmartID's
    };
    for (const QJsonObject& body : bodies) {
        const SandboxResponse r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body));
        QCOMPARE(r.status, 403);
        QCOMPARE(json(r).value(QStringLiteral("code")).toInt(), 403);
    }
    QVERIFY(m_emulator->isEnrolled(3));
}

void TestSmartIdEmulator::unenrollThenNotFound()
{
    const QJsonObject body{{QStringLiteral("User"), email(5)}};
    QVERIFY(m_emulator->isEnrolled(5));
    SandboxResponse r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body));
    QCOMPARE(r.status, 200);
    QCOMPARE(json(r).value(QStringLiteral("code")).toInt(), 200);
    QVERIFY(!m_emulator->isEnrolled(5));
    QCOMPARE(m_population->attribute(5, SmartIdEmulator::enrolledAttribute()), QVariant(false));
    r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body));
    QCOMPARE(r.status, 406);
    QCOMPARE(json(r).value(QStringLiteral("code")).toInt(), 406);
}

void TestSmartIdEmulator::unknownUserIsNotFound()
{
    const QString known = email(6);
    const QStringList unknown{QStringLiteral("nobody@example.com"), known.toUpper(),
                              QStringLiteral(" ") + known, QStringLiteral("someone9999@example.com"),
                              QStringLiteral("6")};
    for (const QString& user : unknown) {
        const SandboxResponse r =
            m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), {{QStringLiteral("User"), user}}));
        QVERIFY2(r.status == 406, qPrintable(user));
    }
    QCOMPARE(m_emulator->idForUser(known), std::optional<quint32>(6));
    QVERIFY(m_emulator->isEnrolled(6));
}

void TestSmartIdEmulator::faultUsers_data()
{
    QTest::addColumn<SmartIdEmulator::Fault>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QJsonValue>("code");
    using F = SmartIdEmulator::Fault;
    QTest::newRow("500 without a body code")
        << F::InternalErrorStatusOnly << 500 << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("410") << F::ChannelNotFound << 410 << QJsonValue(410);
    QTest::newRow("200 carrying 500") << F::InternalErrorInBody << 200 << QJsonValue(500);
    QTest::newRow("701") << F::ServiceCallErrorStatusLine << 701 << QJsonValue(701);
    QTest::newRow("200 carrying \"410\"")
        << F::ChannelNotFoundStringCode << 200 << QJsonValue(QStringLiteral("410"));
}

void TestSmartIdEmulator::faultUsers()
{
    QFETCH(SmartIdEmulator::Fault, fault);
    QFETCH(int, status);
    QFETCH(QJsonValue, code);
    for (int nth = 0; nth < 2; ++nth) {
        const quint32 id = SmartIdEmulator::userWithFault(kUsers, fault, nth);
        QVERIFY(id > 0);
        QCOMPARE(SmartIdEmulator::faultFor(id), fault);
        for (const char* path : {"/api/kyc/unenroll", "/api/kyc/enroll"}) {
            const SandboxResponse r = m_emulator->handle(
                post(QString::fromLatin1(path), {{QStringLiteral("User"), email(id)},
                                                 {QStringLiteral("Template"), QStringLiteral("t")}}));
            QCOMPARE(r.status, status);
            QCOMPARE(json(r).value(QStringLiteral("code")), code);
        }
        QVERIFY(m_emulator->isEnrolled(id)); // a fault changes nothing
    }
    QCOMPARE(SmartIdEmulator::userWithFault(kUsers, fault, 5), 0u);
}

void TestSmartIdEmulator::enroll()
{
    const QString user = email(8);
    auto enroll = [this, &user](const QJsonObject& extra) {
        QJsonObject body{{QStringLiteral("User"), user},
                         {QStringLiteral("Template"), QStringLiteral("<template>")},
                         {QStringLiteral("PayLoad"), QStringLiteral("<payload>")}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        return m_emulator->handle(post(QStringLiteral("/api/kyc/enroll"), body)).status;
    };
    QCOMPARE(enroll({}), 408);                                    // already enrolled
    QCOMPARE(enroll({{QStringLiteral("OverWrite"), true}}), 408); // a boolean is not "true"
    QCOMPARE(enroll({{QStringLiteral("OverWrite"), QStringLiteral("true")}}), 200);
    QCOMPARE(enroll({{QStringLiteral("Template"), QString()}}), 407);
    QCOMPARE(m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), {{QStringLiteral("User"), user}}))
                 .status,
             200);
    QCOMPARE(enroll({}), 200); // un-enrolled users enroll again
    QVERIFY(m_emulator->isEnrolled(8));
}

void TestSmartIdEmulator::plainTextSuccess()
{
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::PlainTextSuccess);
    QCOMPARE(id, 29u);
    const QJsonObject body{{QStringLiteral("User"), email(id)}};
    SandboxResponse r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("Un-enroll successful"));
    QVERIFY(r.contentType.startsWith("text/plain"));
    QVERIFY(!m_emulator->isEnrolled(id)); // not a fault: it went through
    r = m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), body));
    QCOMPARE(r.status, 406);
}

void TestSmartIdEmulator::serviceCallErrorStatusLine()
{
    const quint32 id =
        SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::ServiceCallErrorStatusLine);
    const SandboxResponse r =
        m_emulator->handle(post(QStringLiteral("/api/kyc/unenroll"), {{QStringLiteral("User"), email(id)}}));
    const QByteArray wire = r.serialize(true);
    QVERIFY2(wire.startsWith("HTTP/1.1 701 Service Call Error\r\n"), wire.constData());
    QVERIFY(wire.endsWith(R"({"code":701,"message":"Service call error"})"));
}

void TestSmartIdEmulator::profileSection()
{
    SandboxServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QJsonObject section =
        server.profile(QStringLiteral("ca.pem")).value(QStringLiteral("smartid")).toObject();
    QCOMPARE(section.value(QStringLiteral("base_url")).toString(),
             server.providerUrl(QStringLiteral("smartid")).toString());
    QCOMPARE(section.value(QStringLiteral("api_key")).toString(), server.options().smartIdApiKey);
}

QTEST_GUILESS_MAIN(TestSmartIdEmulator)
#include "tst_smartidemulator.moc"
