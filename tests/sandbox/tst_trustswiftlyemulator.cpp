// SPDX-License-Identifier: GPL-3.0-or-later
// Trust Swiftly as emulated by the sandbox (docs/architecture.md section 3), over real TLS.
#include "SandboxRequest.h"
#include "SandboxServer.h"
#include "SandboxTestClient.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace {

const QString kReVerify = QStringLiteral("re_verify_workflow_id");

QByteArray reverifyBody(const QString& userId, const QString& current, const QString& target)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("user_id"), userId},
                                     {QStringLiteral("current_workflow_id"), current},
                                     {QStringLiteral("re_verify_workflow_id"), target}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject validationBody(const QString& field, const QString& message)
{
    return {{QStringLiteral("message"), QStringLiteral("The given data was invalid.")},
            {QStringLiteral("errors"), QJsonObject{{field, QJsonArray{message}}}}};
}

} // namespace

class TestTrustSwiftlyEmulator final : public QObject
{
    Q_OBJECT

private slots:
    /// Lets sockets and connections scheduled for deletion go, so leak checkers see no false leaks.
    void cleanup() { QTest::qWait(20); }
    void initTestCase();

    void listUsersDefaults();
    void listUsersLastPartialPage();
    void listUsersPageBeyondTheEnd();
    void listUsersSearch();
    void listUsersSearchWithPlusAndNoMatch();
    void perPageValidation_data();
    void perPageValidation();
    void perPageOfHundredIsAllowed();
    void unauthenticated_data();
    void unauthenticated();
    void userAgentRequiredOnTheWire();
    void userById();
    void unknownUser_data();
    void unknownUser();
    void templates();
    void reverifySucceedsThenIsAlreadyAssigned();
    void reverifyUnknownUser();
    void reverifyMismatchedCurrentWorkflow();
    void reverifyValidation_data();
    void reverifyValidation();
    void unknownRoutes();
    void requestLogRecordsWhatReachedTheWire();

    void rateLimitFault();
    void latencyFault();
    void serverErrorFault();
    void dropAfterProcessingFault();
    void hangFault();

private:
    QUrl url(const QString& path, const QString& rawQuery = QString()) const;
    static QUrl url(const SandboxServer& server, const QString& path, const QString& rawQuery = QString());
    std::unique_ptr<SandboxTestClient> client(const SandboxServer& server) const;
    /// A user on `workflow` that no test has touched yet (taken from the top, far from ids used directly).
    quint32 freshUserOn(SandboxServer& server, const QString& workflow);
    QByteArray rawExchange(const QByteArray& request);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<SandboxTestClient> m_client;
    quint32 m_nextFreshUser = 0; ///< 0: start from the last user
};

void TestTrustSwiftlyEmulator::initTestCase()
{
    SandboxServer::Options options;
    options.users = 1000;
    options.seed = 42;
    m_server = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_client = client(*m_server);
}

QUrl TestTrustSwiftlyEmulator::url(const SandboxServer& server, const QString& path, const QString& rawQuery)
{
    QUrl result = server.providerUrl(QStringLiteral("trustswiftly"));
    result.setPath(result.path() + path);
    if (!rawQuery.isEmpty())
        result.setQuery(rawQuery);
    return result;
}

QUrl TestTrustSwiftlyEmulator::url(const QString& path, const QString& rawQuery) const
{
    return url(*m_server, path, rawQuery);
}

std::unique_ptr<SandboxTestClient> TestTrustSwiftlyEmulator::client(const SandboxServer& server) const
{
    auto result = std::make_unique<SandboxTestClient>(QList<QSslCertificate>{server.caCertificate()});
    result->setBearer(server.options().trustSwiftlyApiKey.toUtf8());
    return result;
}

quint32 TestTrustSwiftlyEmulator::freshUserOn(SandboxServer& server, const QString& workflow)
{
    if (m_nextFreshUser == 0)
        m_nextFreshUser = server.population().size();
    for (quint32 id = m_nextFreshUser; id >= 1; --id) {
        const PopulationUser user = server.population().user(id);
        if (user.currentWorkflowId == workflow && user.attributes.isEmpty()) {
            m_nextFreshUser = id - 1;
            return id;
        }
    }
    return 0;
}

void TestTrustSwiftlyEmulator::listUsersDefaults()
{
    const SandboxHttpResult result = m_client->get(url(QStringLiteral("/api/users")));
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QVERIFY(!result.header("x-ratelimit-limit").isEmpty());
    QVERIFY(!result.header("x-ratelimit-remaining").isEmpty());

    const QJsonObject body = result.json();
    const QJsonArray data = body.value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), 15);
    for (int i = 0; i < data.size(); ++i) {
        const QJsonObject user = data.at(i).toObject();
        QVERIFY(user.value(QStringLiteral("id")).isDouble()); // a JSON integer, not a string
        QCOMPARE(user.value(QStringLiteral("id")).toInteger(), i + 1);
        for (const char* key :
             {"reference_id", "first_name", "last_name", "email", "phone", "status", "current_workflow_id"})
            QVERIFY2(user.value(QLatin1String(key)).isString(), key);
    }
    const QJsonObject meta = body.value(QStringLiteral("meta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("current_page")).toInt(), 1);
    QCOMPARE(meta.value(QStringLiteral("per_page")).toInt(), 15);
    QCOMPARE(meta.value(QStringLiteral("total")).toInt(), 1000);
    QCOMPARE(meta.value(QStringLiteral("last_page")).toInt(), 67);
    QCOMPARE(meta.value(QStringLiteral("from")).toInt(), 1);
    QCOMPARE(meta.value(QStringLiteral("to")).toInt(), 15);
    const QJsonObject links = body.value(QStringLiteral("links")).toObject();
    QVERIFY(links.value(QStringLiteral("prev")).isNull());
    const QUrl next(links.value(QStringLiteral("next")).toString());
    QCOMPARE(next.scheme(), QStringLiteral("https"));
    QCOMPARE(next.port(), int(m_server->port()));
    QCOMPARE(next.path(), QStringLiteral("/trustswiftly/api/users"));
    QCOMPARE(QUrlQuery(next).queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
    QCOMPARE(QUrlQuery(QUrl(links.value(QStringLiteral("last")).toString()))
                 .queryItemValue(QStringLiteral("page")),
             QStringLiteral("67"));
    QCOMPARE(QUrlQuery(QUrl(links.value(QStringLiteral("first")).toString()))
                 .queryItemValue(QStringLiteral("page")),
             QStringLiteral("1"));
}

void TestTrustSwiftlyEmulator::listUsersLastPartialPage()
{
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("per_page=30&page=34")));
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    const QJsonArray data = body.value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), 10);
    QCOMPARE(data.first().toObject().value(QStringLiteral("id")).toInt(), 991);
    QCOMPARE(data.last().toObject().value(QStringLiteral("id")).toInt(), 1000);
    const QJsonObject meta = body.value(QStringLiteral("meta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("current_page")).toInt(), 34);
    QCOMPARE(meta.value(QStringLiteral("last_page")).toInt(), 34);
    QCOMPARE(meta.value(QStringLiteral("per_page")).toInt(), 30);
    QCOMPARE(meta.value(QStringLiteral("from")).toInt(), 991);
    QCOMPARE(meta.value(QStringLiteral("to")).toInt(), 1000);
    const QJsonObject links = body.value(QStringLiteral("links")).toObject();
    QVERIFY(links.value(QStringLiteral("next")).isNull());
    const QUrlQuery prev(QUrl(links.value(QStringLiteral("prev")).toString()));
    QCOMPARE(prev.queryItemValue(QStringLiteral("page")), QStringLiteral("33"));
    QCOMPARE(prev.queryItemValue(QStringLiteral("per_page")), QStringLiteral("30")); // the query is kept
}

void TestTrustSwiftlyEmulator::listUsersPageBeyondTheEnd()
{
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("per_page=30&page=35")));
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    QVERIFY(body.value(QStringLiteral("data")).toArray().isEmpty());
    const QJsonObject meta = body.value(QStringLiteral("meta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("current_page")).toInt(), 35);
    QCOMPARE(meta.value(QStringLiteral("last_page")).toInt(), 34);
    QCOMPARE(meta.value(QStringLiteral("total")).toInt(), 1000);
    QVERIFY(meta.value(QStringLiteral("from")).isNull());
    QVERIFY(meta.value(QStringLiteral("to")).isNull());
    QVERIFY(body.value(QStringLiteral("links")).toObject().value(QStringLiteral("next")).isNull());

    // Nonsense page numbers fall back to the first page, as Laravel's paginator does.
    const SandboxHttpResult nonsense =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("page=-3")));
    QCOMPARE(nonsense.status, 200);
    QCOMPARE(nonsense.json()
                 .value(QStringLiteral("meta"))
                 .toObject()
                 .value(QStringLiteral("current_page"))
                 .toInt(),
             1);
}

void TestTrustSwiftlyEmulator::listUsersSearch()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter[search]"), QStringLiteral("SILVA"));
    query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/users"), query.toString(QUrl::FullyEncoded)));
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    const quint32 expected = m_server->population().search(QStringLiteral("silva"), 0, 0).total;
    QVERIFY(expected > 0);
    QCOMPARE(body.value(QStringLiteral("meta")).toObject().value(QStringLiteral("total")).toInt(),
             int(expected));
    const QJsonArray data = body.value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), int(qMin<quint32>(expected, 100)));
    int previous = 0;
    for (const QJsonValue& value : data) {
        const QJsonObject user = value.toObject();
        const QString haystack = (user.value(QStringLiteral("first_name")).toString() + u' ' +
                                  user.value(QStringLiteral("last_name")).toString() + u' ' +
                                  user.value(QStringLiteral("email")).toString())
                                     .toLower();
        QVERIFY(haystack.contains(QStringLiteral("silva")));
        QVERIFY(user.value(QStringLiteral("id")).toInt() > previous); // ascending ids
        previous = user.value(QStringLiteral("id")).toInt();
    }
    // Links keep the search; PHP-style, the brackets come percent-encoded.
    const QUrl last(body.value(QStringLiteral("links")).toObject().value(QStringLiteral("last")).toString());
    QVERIFY(last.query(QUrl::FullyEncoded).contains(QStringLiteral("filter%5Bsearch%5D=SILVA")));
    const auto items = SandboxRequest::parseQuery(last.query(QUrl::FullyEncoded).toLatin1());
    QVERIFY(items.contains(qMakePair(QStringLiteral("filter[search]"), QStringLiteral("SILVA"))));
}

void TestTrustSwiftlyEmulator::listUsersSearchWithPlusAndNoMatch()
{
    const PopulationUser someone = m_server->population().user(77);
    const QString fullName = someone.firstName + u' ' + someone.lastName;
    const QByteArray encoded = QUrl::toPercentEncoding(fullName).replace("%20", "+");
    const SandboxHttpResult plus = m_client->get(url(
        QStringLiteral("/api/users"), QStringLiteral("filter%5Bsearch%5D=") + QString::fromLatin1(encoded)));
    QCOMPARE(plus.status, 200);
    const QJsonObject meta = plus.json().value(QStringLiteral("meta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("total")).toInt(),
             int(m_server->population().search(fullName, 0, 0).total));
    QVERIFY(meta.value(QStringLiteral("total")).toInt() >= 1);

    const SandboxHttpResult none =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("filter[search]=qqqqq")));
    QCOMPARE(none.status, 200);
    const QJsonObject noneBody = none.json();
    QVERIFY(noneBody.value(QStringLiteral("data")).toArray().isEmpty());
    const QJsonObject noneMeta = noneBody.value(QStringLiteral("meta")).toObject();
    QCOMPARE(noneMeta.value(QStringLiteral("total")).toInt(), 0);
    QCOMPARE(noneMeta.value(QStringLiteral("last_page")).toInt(), 1); // never 0
    QVERIFY(noneMeta.value(QStringLiteral("from")).isNull());
}

void TestTrustSwiftlyEmulator::perPageValidation_data()
{
    QTest::addColumn<QString>("perPage");
    QTest::addColumn<QString>("message");
    QTest::newRow("101") << QStringLiteral("101")
                         << QStringLiteral("The per page must not be greater than 100.");
    QTest::newRow("1000") << QStringLiteral("1000")
                          << QStringLiteral("The per page must not be greater than 100.");
    QTest::newRow("0") << QStringLiteral("0") << QStringLiteral("The per page must be at least 1.");
    QTest::newRow("abc") << QStringLiteral("abc") << QStringLiteral("The per page must be an integer.");
}

void TestTrustSwiftlyEmulator::perPageValidation()
{
    QFETCH(QString, perPage);
    QFETCH(QString, message);
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("per_page=") + perPage));
    QCOMPARE(result.status, 422);
    QCOMPARE(result.json(), validationBody(QStringLiteral("per_page"), message));
}

void TestTrustSwiftlyEmulator::perPageOfHundredIsAllowed()
{
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/users"), QStringLiteral("per_page=100&page=10")));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().value(QStringLiteral("data")).toArray().size(), 100);
    QCOMPARE(
        result.json().value(QStringLiteral("meta")).toObject().value(QStringLiteral("last_page")).toInt(),
        10);
}

void TestTrustSwiftlyEmulator::unauthenticated_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("missing") << QByteArray();
    QTest::newRow("wrong key") << QByteArray("Bearer not-the-key");
    QTest::newRow("basic scheme") << QByteArray("Basic dHNfc2FuZGJveF9rZXk6");
    QTest::newRow("bare key") << QByteArray("ts_sandbox_key");
}

void TestTrustSwiftlyEmulator::unauthenticated()
{
    QFETCH(QByteArray, authorization);
    const QByteArray request =
        "GET /trustswiftly/api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: raw-test\r\n" +
        (authorization.isEmpty() ? QByteArray() : "Authorization: " + authorization + "\r\n") + "\r\n";
    const QByteArray response = rawExchange(request);
    QVERIFY2(response.startsWith("HTTP/1.1 401 Unauthorized\r\n"), response.constData());
    QVERIFY(response.endsWith("\r\n\r\n{\"message\":\"Unauthenticated.\"}"));

    SandboxTestClient noKey({m_server->caCertificate()});
    const SandboxHttpResult result = noKey.get(url(QStringLiteral("/api/users")));
    QCOMPARE(result.status, 401);
    QCOMPARE(result.json(), (QJsonObject{{QStringLiteral("message"), QStringLiteral("Unauthenticated.")}}));
}

void TestTrustSwiftlyEmulator::userAgentRequiredOnTheWire()
{
    const QByteArray key = m_server->options().trustSwiftlyApiKey.toUtf8();
    for (const QByteArray& agentLine : {QByteArray(), QByteArray("User-Agent: \r\n")}) {
        const QByteArray response =
            rawExchange("GET /trustswiftly/api/users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Authorization: Bearer " +
                        key + "\r\n" + agentLine + "\r\n");
        QVERIFY2(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response.constData());
        QVERIFY(response.contains("\r\nContent-Type: application/json\r\n"));
        QVERIFY(response.contains("\r\nConnection: keep-alive\r\n"));
        const QByteArray body("{\"message\":\"A User-Agent header is required.\"}");
        QVERIFY(response.contains("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"));
        QVERIFY(response.endsWith("\r\n\r\n" + body));
    }
}

void TestTrustSwiftlyEmulator::userById()
{
    const PopulationUser expected = m_server->population().user(7);
    const SandboxHttpResult result = m_client->get(url(QStringLiteral("/api/users/7")));
    QCOMPARE(result.status, 200);
    const QJsonObject user = result.json().value(QStringLiteral("data")).toObject();
    QVERIFY(user.value(QStringLiteral("id")).isDouble());
    QCOMPARE(user.value(QStringLiteral("id")).toInt(), 7);
    QCOMPARE(user.value(QStringLiteral("reference_id")).toString(), expected.referenceId);
    QCOMPARE(user.value(QStringLiteral("first_name")).toString(), expected.firstName);
    QCOMPARE(user.value(QStringLiteral("last_name")).toString(), expected.lastName);
    QCOMPARE(user.value(QStringLiteral("email")).toString(), expected.email);
    QCOMPARE(user.value(QStringLiteral("phone")).toString(), expected.phone);
    QCOMPARE(user.value(QStringLiteral("status")).toString(), expected.status);
    QCOMPARE(user.value(QStringLiteral("current_workflow_id")).toString(), expected.currentWorkflowId);
    QVERIFY(!user.contains(kReVerify));
}

void TestTrustSwiftlyEmulator::unknownUser_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("beyond") << QStringLiteral("1001");
    QTest::newRow("huge") << QStringLiteral("99999999999");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("letters") << QStringLiteral("abc");
    QTest::newRow("padded") << QStringLiteral("007");
}

void TestTrustSwiftlyEmulator::unknownUser()
{
    QFETCH(QString, id);
    const SandboxHttpResult result = m_client->get(url(QStringLiteral("/api/users/") + id));
    QCOMPARE(result.status, 404);
    QCOMPARE(result.json(), (QJsonObject{{QStringLiteral("message"), QStringLiteral("User not found.")}}));
}

void TestTrustSwiftlyEmulator::templates()
{
    const SandboxHttpResult result =
        m_client->get(url(QStringLiteral("/api/settings/templates/verifications")));
    QCOMPARE(result.status, 200);
    const QJsonArray data = result.json().value(QStringLiteral("data")).toArray();
    QVERIFY(data.size() >= 4 && data.size() <= 6);
    QCOMPARE(data.at(0).toObject(),
             (QJsonObject{{QStringLiteral("id"), QStringLiteral("flow_MzA")},
                          {QStringLiteral("name"), QStringLiteral("ID Document & Selfie")},
                          {QStringLiteral("types"),
                           QJsonArray{QStringLiteral("document"), QStringLiteral("selfie")}}}));
    QCOMPARE(data.at(1).toObject(),
             (QJsonObject{{QStringLiteral("id"), QStringLiteral("flow_Mjk")},
                          {QStringLiteral("name"), QStringLiteral("Selfie Only")},
                          {QStringLiteral("types"), QJsonArray{QStringLiteral("selfie")}}}));
    QSet<QString> ids;
    for (const QJsonValue& value : data) {
        const QString id = value.toObject().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("flow_")));
        bool ok = false;
        const int number = QByteArray::fromBase64(id.mid(5).toLatin1()).toInt(&ok);
        QVERIFY2(ok, qPrintable(id));
        QCOMPARE(TrustSwiftlyEmulator::workflowId(number), id);
        ids.insert(id);
    }
    QCOMPARE(ids.size(), data.size());
}

void TestTrustSwiftlyEmulator::reverifySucceedsThenIsAlreadyAssigned()
{
    const quint32 id = freshUserOn(*m_server, QStringLiteral("flow_MzA"));
    QVERIFY(id > 0);
    const QString userId = QString::number(id);
    const QUrl endpoint = url(QStringLiteral("/api/user/document/reverify"));

    SandboxHttpResult result = m_client->post(
        endpoint, reverifyBody(userId, QStringLiteral("flow_MzA"), QStringLiteral("flow_Mjk")));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json(), (QJsonObject{{QStringLiteral("success"), true}}));

    result = m_client->get(url(QStringLiteral("/api/users/") + userId));
    QJsonObject user = result.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(user.value(QStringLiteral("current_workflow_id")).toString(),
             QStringLiteral("flow_MzA")); // kept
    QCOMPARE(user.value(kReVerify).toString(), QStringLiteral("flow_Mjk"));

    result = m_client->post(endpoint,
                            reverifyBody(userId, QStringLiteral("flow_MzA"), QStringLiteral("flow_Mjk")));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json(),
             (QJsonObject{{QStringLiteral("Error_type"), QStringLiteral("already_assigned")},
                          {QStringLiteral("error_message"), QStringLiteral("Already assigned")}}));

    // Another target is a change again.
    result = m_client->post(endpoint,
                            reverifyBody(userId, QStringLiteral("flow_MzA"), QStringLiteral("flow_MzM")));
    QCOMPARE(result.status, 200);
    result = m_client->get(url(QStringLiteral("/api/users/") + userId));
    user = result.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(user.value(kReVerify).toString(), QStringLiteral("flow_MzM"));
}

void TestTrustSwiftlyEmulator::reverifyUnknownUser()
{
    const SandboxHttpResult result = m_client->post(
        url(QStringLiteral("/api/user/document/reverify")),
        reverifyBody(QStringLiteral("5000"), QStringLiteral("flow_MzA"), QStringLiteral("flow_Mjk")));
    QCOMPARE(result.status, 404);
    QCOMPARE(result.json(), (QJsonObject{{QStringLiteral("message"), QStringLiteral("User not found.")}}));
}

void TestTrustSwiftlyEmulator::reverifyMismatchedCurrentWorkflow()
{
    const quint32 id = freshUserOn(*m_server, QStringLiteral("flow_MzA"));
    QVERIFY(id > 0);
    const SandboxHttpResult result = m_client->post(
        url(QStringLiteral("/api/user/document/reverify")),
        reverifyBody(QString::number(id), QStringLiteral("flow_MzE"), QStringLiteral("flow_Mjk")));
    QCOMPARE(result.status, 422);
    QCOMPARE(result.json(),
             validationBody(
                 QStringLiteral("current_workflow_id"),
                 QStringLiteral("The selected current workflow id is invalid or does not match the user's "
                                "workflow.")));
    QVERIFY(m_server->population().user(id).attributes.isEmpty()); // nothing changed
}

void TestTrustSwiftlyEmulator::reverifyValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QJsonObject>("errors");
    const QJsonArray userIdString{QStringLiteral("The user id must be a string.")};
    const QJsonObject allRequired{
        {QStringLiteral("user_id"), QJsonArray{QStringLiteral("The user id field is required.")}},
        {QStringLiteral("current_workflow_id"),
         QJsonArray{QStringLiteral("The current workflow id field is required.")}},
        {QStringLiteral("re_verify_workflow_id"),
         QJsonArray{QStringLiteral("The re verify workflow id field is required.")}},
    };
    QTest::newRow("numeric user_id")
        << QByteArray(R"({"user_id":5,"current_workflow_id":"flow_MzA","re_verify_workflow_id":"flow_Mjk"})")
        << QByteArray("application/json") << QJsonObject{{QStringLiteral("user_id"), userIdString}};
    QTest::newRow("numeric workflows")
        << QByteArray(R"({"user_id":"5","current_workflow_id":30,"re_verify_workflow_id":29})")
        << QByteArray("application/json")
        << QJsonObject{{QStringLiteral("current_workflow_id"),
                        QJsonArray{QStringLiteral("The current workflow id must be a string.")}},
                       {QStringLiteral("re_verify_workflow_id"),
                        QJsonArray{QStringLiteral("The re verify workflow id must be a string.")}}};
    QTest::newRow("null and empty")
        << QByteArray(R"({"user_id":"","current_workflow_id":null,"re_verify_workflow_id":"flow_Mjk"})")
        << QByteArray("application/json")
        << QJsonObject{
               {QStringLiteral("user_id"), QJsonArray{QStringLiteral("The user id field is required.")}},
               {QStringLiteral("current_workflow_id"),
                QJsonArray{QStringLiteral("The current workflow id field is required.")}}};
    QTest::newRow("empty object") << QByteArray("{}") << QByteArray("application/json") << allRequired;
    QTest::newRow("malformed JSON") << QByteArray("{\"user_id\":") << QByteArray("application/json")
                                    << allRequired;
    QTest::newRow("not declared as JSON")
        << QByteArray(
               R"({"user_id":"5","current_workflow_id":"flow_MzA","re_verify_workflow_id":"flow_Mjk"})")
        << QByteArray("text/plain") << allRequired;
    QTest::newRow("unknown target")
        << QByteArray(
               R"({"user_id":"5","current_workflow_id":"flow_MzA","re_verify_workflow_id":"flow_OTk5"})")
        << QByteArray("application/json")
        << QJsonObject{{QStringLiteral("re_verify_workflow_id"),
                        QJsonArray{QStringLiteral("The selected re verify workflow id is invalid.")}}};
}

void TestTrustSwiftlyEmulator::reverifyValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QJsonObject, errors);
    const SandboxHttpResult result =
        m_client->post(url(QStringLiteral("/api/user/document/reverify")), body, contentType);
    QCOMPARE(result.status, 422);
    QCOMPARE(result.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("The given data was invalid."));
    QCOMPARE(result.json().value(QStringLiteral("errors")).toObject(), errors);
    QVERIFY(!m_server->population().attribute(5, TrustSwiftlyEmulator::reVerifyAttribute()).isValid());
}

void TestTrustSwiftlyEmulator::unknownRoutes()
{
    SandboxHttpResult result = m_client->get(url(QStringLiteral("/api/nothing")));
    QCOMPARE(result.status, 404);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.json().value(QStringLiteral("message")).toString(),
             QStringLiteral("The route api/nothing could not be found."));

    QUrl elsewhere = m_server->baseUrl();
    elsewhere.setPath(QStringLiteral("/nothing/api/users"));
    result = m_client->get(elsewhere);
    QCOMPARE(result.status, 404);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QVERIFY(result.json().contains(QStringLiteral("message")));

    result = m_client->get(url(QStringLiteral("/api/user/document/reverify")));
    QCOMPARE(result.status, 405);
    QVERIFY(result.json()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("Supported methods: POST")));
}

void TestTrustSwiftlyEmulator::requestLogRecordsWhatReachedTheWire()
{
    QSignalSpy spy(m_server.get(), &SandboxServer::requestReceived);
    const qsizetype before = m_server->requestLog().size();
    const QByteArray body =
        reverifyBody(QStringLiteral("4242"), QStringLiteral("flow_MzA"), QStringLiteral("flow_Mjk"));
    const SandboxHttpResult result = m_client->post(url(QStringLiteral("/api/user/document/reverify")), body);
    QCOMPARE(result.status, 404);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(m_server->requestLog().size(), before + 1);

    const RecordedRequest& entry = m_server->requestLog().last();
    QCOMPARE(entry.provider, QStringLiteral("trustswiftly"));
    QCOMPARE(entry.method, QByteArray("POST"));
    QCOMPARE(entry.path, QStringLiteral("/trustswiftly/api/user/document/reverify"));
    QCOMPARE(entry.body, body);
    QCOMPARE(entry.header("authorization"), "Bearer " + m_server->options().trustSwiftlyApiKey.toUtf8());
    QCOMPARE(entry.header("content-type"), QByteArray("application/json"));
    QCOMPARE(entry.header("user-agent"), QByteArray("IdentityDesk-tests/1.0"));
    QCOMPARE(entry.status, 404);
    QVERIFY(entry.fault.isEmpty());
    QCOMPARE(spy.first().first().value<RecordedRequest>().body, body);
}

void TestTrustSwiftlyEmulator::rateLimitFault()
{
    SandboxServer::Options options;
    options.users = 50;
    options.faults.rateLimitPerMinute = 3;
    SandboxServer server(options);
    QVERIFY(server.start());
    auto limited = client(server);
    const QUrl endpoint = url(server, QStringLiteral("/api/settings/templates/verifications"));
    for (int remaining = 2; remaining >= 0; --remaining) {
        const SandboxHttpResult result = limited->get(endpoint);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("x-ratelimit-limit"), QByteArray("3"));
        QCOMPARE(result.header("x-ratelimit-remaining"), QByteArray::number(remaining));
    }
    const SandboxHttpResult refused = limited->get(endpoint);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.json(),
             (QJsonObject{{QStringLiteral("message"), QStringLiteral("Too Many Attempts.")}}));
    const int retryAfter = refused.header("Retry-After").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 60, refused.header("Retry-After").constData());
    QCOMPARE(refused.header("x-ratelimit-remaining"), QByteArray("0"));
}

void TestTrustSwiftlyEmulator::latencyFault()
{
    SandboxServer::Options options;
    options.users = 50;
    options.faults.latencyMs = 300;
    SandboxServer server(options);
    QVERIFY(server.start());
    auto slow = client(server);
    const SandboxHttpResult result = slow->get(url(server, QStringLiteral("/api/users/1")));
    QCOMPARE(result.status, 200);
    QVERIFY2(result.elapsedMs >= 280, qPrintable(QString::number(result.elapsedMs)));
}

void TestTrustSwiftlyEmulator::serverErrorFault()
{
    SandboxServer::Options options;
    options.users = 50;
    options.faults.errorRate = 1.0;
    SandboxServer server(options);
    QVERIFY(server.start());
    const quint32 id = 1;
    const QString current = server.population().user(id).currentWorkflowId;
    auto failing = client(server);
    const SandboxHttpResult result =
        failing->post(url(server, QStringLiteral("/api/user/document/reverify")),
                      reverifyBody(QString::number(id), current, QStringLiteral("flow_Mjk")));
    QCOMPARE(result.status, 500);
    QVERIFY(!server.population()
                 .attribute(id, TrustSwiftlyEmulator::reVerifyAttribute())
                 .isValid()); // not processed
    QCOMPARE(server.requestLog().last().fault, QStringLiteral("server-error"));
}

void TestTrustSwiftlyEmulator::dropAfterProcessingFault()
{
    SandboxServer::Options options;
    options.users = 50;
    options.faults.dropAfterProcessing = 1.0;
    SandboxServer server(options);
    QVERIFY(server.start());
    const quint32 id = 2;
    const QString current = server.population().user(id).currentWorkflowId;
    auto dropped = client(server);
    const SandboxHttpResult result =
        dropped->post(url(server, QStringLiteral("/api/user/document/reverify")),
                      reverifyBody(QString::number(id), current, QStringLiteral("flow_Mjk")));
    QVERIFY2(result.error != QNetworkReply::NoError, qPrintable(result.errorString));
    QCOMPARE(result.status, 0); // no answer at all
    QCOMPARE(server.population().attribute(id, TrustSwiftlyEmulator::reVerifyAttribute()).toString(),
             QStringLiteral("flow_Mjk")); // but the change was made
    // Qt 6.4's QNetworkAccessManager itself resends a request (even a POST) whose connection closed
    // before any answer; the log shows every attempt that reached the wire, each one processed.
    QVERIFY(!server.requestLog().isEmpty());
    for (const RecordedRequest& entry : server.requestLog())
        QCOMPARE(entry.fault, QStringLiteral("drop-after-processing"));
}

void TestTrustSwiftlyEmulator::hangFault()
{
    SandboxServer::Options options;
    options.users = 50;
    options.faults.hang = 1.0;
    SandboxServer server(options);
    QVERIFY(server.start());
    const quint32 id = 3;
    const QString current = server.population().user(id).currentWorkflowId;
    auto waiting = client(server);
    waiting->setTimeoutMs(500);
    const SandboxHttpResult result =
        waiting->post(url(server, QStringLiteral("/api/user/document/reverify")),
                      reverifyBody(QString::number(id), current, QStringLiteral("flow_Mjk")));
    QVERIFY(result.timedOut);
    QCOMPARE(result.status, 0);
    QVERIFY(!server.population().attribute(id, TrustSwiftlyEmulator::reVerifyAttribute()).isValid());
    QCOMPARE(server.requestLog().size(), 1);
    QCOMPARE(server.requestLog().first().fault, QStringLiteral("hang"));
}

QByteArray TestTrustSwiftlyEmulator::rawExchange(const QByteArray& request)
{
    // The server runs in this thread: wait in an event loop, never in the socket's blocking calls.
    QSslSocket socket;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates({m_server->caCertificate()});
    socket.setSslConfiguration(configuration);
    QByteArray response;
    QEventLoop loop;
    const auto complete = [&response] {
        const qsizetype headerEnd = response.indexOf("\r\n\r\n");
        const qsizetype lengthAt = response.indexOf("Content-Length: ");
        if (headerEnd < 0 || lengthAt < 0 || lengthAt > headerEnd)
            return false;
        const qsizetype lengthEnd = response.indexOf("\r\n", lengthAt);
        const int length = response.mid(lengthAt + 16, lengthEnd - lengthAt - 16).toInt();
        return response.size() >= headerEnd + 4 + length;
    };
    connect(&socket, &QSslSocket::encrypted, &loop, [&socket, &request] { socket.write(request); });
    connect(&socket, &QSslSocket::readyRead, &loop, [&] {
        response += socket.readAll();
        if (complete())
            loop.quit();
    });
    connect(&socket, &QSslSocket::errorOccurred, &loop,
            [&loop, &response, &socket](QAbstractSocket::SocketError) {
                response += "socket error: " + socket.errorString().toUtf8();
                loop.quit();
            });
    QTimer::singleShot(5000, &loop, [&loop, &response] {
        response += "timed out";
        loop.quit();
    });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->port());
    loop.exec();
    return response;
}

QTEST_GUILESS_MAIN(TestTrustSwiftlyEmulator)
#include "tst_trustswiftlyemulator.moc"
