// SPDX-License-Identifier: GPL-3.0-or-later
// HttpClient against a real HTTPS server inside the test: a QHttpServer bound to a QSslServer whose
// certificate comes from an ephemeral CA (sandbox's CertificateFactory). The client trusts that CA
// only through HttpClientConfig::extraCaCertificates; verification is never relaxed.

#include "CertificateFactory.h"
#include "IdentityDeskVersion.h"
#include "net/HttpClient.h"
#include "providers/trustswiftly/TrustSwiftlyWire.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace {
/// One request as the server saw it.
struct Hit
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    QByteArray rawQuery; ///< exactly as it arrived, still percent-encoded
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qint64 atMs = 0; ///< since the server started

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return QByteArray();
    }
};

void respond(QHttpServerResponder& responder, int status, const QByteArray& body,
             const QList<QPair<QByteArray, QByteArray>>& headers = {})
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    for (const auto& h : headers)
        responder.writeHeader(h.first, h.second);
    responder.writeBody(body);
}

/// How Laravel (PHP) reads a query value: '+' is a space, then percent-decoding.
QString phpDecodedQueryValue(const QByteArray& rawQuery, const QByteArray& rawKey)
{
    for (const QByteArray& pair : rawQuery.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        QByteArray key = pair.left(eq);
        key.replace('+', ' ');
        if (QByteArray::fromPercentEncoding(key) != rawKey)
            continue;
        QByteArray value = pair.mid(eq + 1);
        value.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(value));
    }
    return QString();
}

/// An HTTPS server on 127.0.0.1 that records every request and answers through a handler.
class TlsHttpServer
{
public:
    /// Returns false to leave the request unanswered (the connection then hangs).
    using Handler = std::function<bool(const Hit& hit, int hitNumber, QHttpServerResponder& responder)>;

    explicit TlsHttpServer(const IssuedCertificate& certificate)
    {
        m_clock.start();
        auto* tls = new QSslServer; // bind() makes it a child of the HTTP server
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(certificate.certificate);
        ssl.setPrivateKey(certificate.privateKey);
        tls->setSslConfiguration(ssl);
        m_listening = tls->listen(QHostAddress::LocalHost, 0);
        m_port = tls->serverPort();
        m_http.bind(tls);
        m_http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            Hit hit;
            hit.method = request.method();
            hit.path = request.url().path();
            hit.rawQuery = request.url().query(QUrl::FullyEncoded).toUtf8();
            hit.headers = request.headers();
            hit.body = request.body();
            hit.atMs = m_clock.elapsed();
            m_hits.append(hit);
            const bool answered = m_handler ? m_handler(hit, int(m_hits.size()), responder) : false;
            if (!answered)
                m_hanging.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
        });
    }

    bool isListening() const { return m_listening; }
    quint16 port() const { return m_port; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Hit>& hits() const { return m_hits; }
    void clearHits() { m_hits.clear(); }

private:
    QHttpServer m_http;
    Handler m_handler;
    QList<Hit> m_hits;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_hanging;
    QElapsedTimer m_clock;
    quint16 m_port = 0;
    bool m_listening = false;
};

/// What a reply reported, collected from its signals.
struct Outcome
{
    int finishedCount = 0;
    HttpResult result;
    QList<QPair<int, int>> retries; ///< (attempt, delayMs)
};

const char kProvider[] = "Test Provider";
} // namespace

class tst_HttpClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void getSucceedsWithHeadersAndParser();
    void postSendsJsonBody();
    void basePathPrefixKept_data();
    void basePathPrefixKept();
    void queryValuesSurviveLaravelDecoding();
    void malformedJsonIsDecode();
    void parserRejectingShapeIsDecode();
    void timeoutRetriesIdempotentGet();
    void timeoutOnPostIsNotRetried();
    void rateLimitHonoursRetryAfter();
    void retryAfterAsAnHttpDate();
    void noneRemainingHoldsTheNextRequest();
    void rateLimitedPostIsRetried();
    void rateLimitOutlastingRetries();
    void rateLimitTooLongIsReportedNotWaited();
    void serverErrorOnPostIsNotRetried();
    void serviceUnavailableOnGetIsRetried();
    void statusMapsToKind_data();
    void statusMapsToKind();
    void laravelValidationErrors();
    void alreadyAssignedIsConflict_data();
    void alreadyAssignedIsConflict();
    void untrustedCertificateIsTls();
    void caFromProfileIsWhatMakesItTrusted();
    void hostnameMismatchIsTls();
    void cancelHangingRequest();
    void cancelBeforeSending();
    void connectionRefusedIsNetwork();
    void messageNamesProviderAndOperation();

private:
    HttpClientConfig config(quint16 port, const QString& prefix = QString()) const;
    std::shared_ptr<Outcome> watch(HttpReply* reply);

    std::optional<CertificateFactory> m_ca;
    std::optional<CertificateFactory> m_otherCa;
    std::optional<IssuedCertificate> m_serverCert;
    std::unique_ptr<TlsHttpServer> m_server;
};

void tst_HttpClient::initTestCase()
{
    QString error;
    m_ca = CertificateFactory::create(QStringLiteral("tst_httpclient CA"), &error);
    QVERIFY2(m_ca.has_value(), qPrintable(error));
    m_otherCa = CertificateFactory::create(QStringLiteral("tst_httpclient untrusted CA"), &error);
    QVERIFY2(m_otherCa.has_value(), qPrintable(error));
    m_serverCert = m_ca->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY2(m_serverCert.has_value(), qPrintable(error));
}

void tst_HttpClient::init()
{
    m_server = std::make_unique<TlsHttpServer>(*m_serverCert);
    QVERIFY(m_server->isListening());
}

void tst_HttpClient::cleanup()
{
    m_server.reset();
}

HttpClientConfig tst_HttpClient::config(quint16 port, const QString& prefix) const
{
    HttpClientConfig c;
    c.provider = QString::fromLatin1(kProvider);
    c.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(port).arg(prefix));
    c.extraCaCertificates = {m_ca->caCertificate()};
    c.defaultHeaders = {{"Authorization", "Bearer secret-token"}};
    c.timeoutMs = 5000;
    c.maxAttempts = 3;
    c.backoffBaseMs = 20;
    return c;
}

std::shared_ptr<Outcome> tst_HttpClient::watch(HttpReply* reply)
{
    auto outcome = std::make_shared<Outcome>();
    connect(reply, &HttpReply::finished, this, [outcome, reply] {
        ++outcome->finishedCount;
        outcome->result = reply->result();
    });
    connect(reply, &HttpReply::retrying, this, [outcome](int attempt, int delayMs, const ApiError&) {
        outcome->retries.append({attempt, delayMs});
    });
    return outcome;
}

void tst_HttpClient::getSucceedsWithHeadersAndParser()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, R"({"data": {"id": 647, "name": "Ada"}})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page"), QStringLiteral("2"));
    auto outcome = watch(client.send(HttpRequest()
                                         .setPath(QStringLiteral("/api/widgets/647"))
                                         .setQuery(query)
                                         .addHeader("X-Request-Tag", "abc")
                                         .setOperation(QStringLiteral("look up widget"))
                                         .setParser([](const QJsonDocument& json, QVariant* value, QString*) {
                                             *value = json.object()
                                                          .value(QLatin1String("data"))
                                                          .toObject()
                                                          .value(QLatin1String("name"))
                                                          .toString();
                                             return true;
                                         })));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const HttpResult& r = outcome->result;
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.attempts, 1);
    QCOMPARE(r.value.toString(), QStringLiteral("Ada"));
    QCOMPARE(r.json.object().value(QLatin1String("data")).toObject().value(QLatin1String("id")).toInt(), 647);

    QCOMPARE(m_server->hits().size(), 1);
    const Hit& hit = m_server->hits().first();
    QCOMPARE(hit.method, QHttpServerRequest::Method::Get);
    QCOMPARE(hit.path, QStringLiteral("/api/widgets/647"));
    QCOMPARE(hit.rawQuery, QByteArray("page=2"));
    // Trust Swiftly answers 403 without a User-Agent (seed 004).
    QCOMPARE(hit.header("User-Agent"), QByteArray("IdentityDesk/" IDENTITYDESK_VERSION));
    QVERIFY(QRegularExpression(QStringLiteral("^IdentityDesk/\\d+\\.\\d+\\.\\d+"))
                .match(QString::fromLatin1(hit.header("User-Agent")))
                .hasMatch());
    QCOMPARE(hit.header("Accept"), QByteArray("application/json"));
    QCOMPARE(hit.header("Authorization"), QByteArray("Bearer secret-token"));
    QCOMPARE(hit.header("X-Request-Tag"), QByteArray("abc"));
}

void tst_HttpClient::postSendsJsonBody()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, R"({"success": true})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    const QJsonObject body = TrustSwiftlyWire::reverifyBody(QStringLiteral("647"), QStringLiteral("flow_MzA"),
                                                            QStringLiteral("flow_Mjk"));
    auto outcome = watch(client.send(HttpRequest()
                                         .setMethod("POST")
                                         .setPath(TrustSwiftlyWire::reverifyPath())
                                         .setBody(QJsonDocument(body))
                                         .setOperation(QStringLiteral("reverify"))));
    QTRY_COMPARE(outcome->finishedCount, 1);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(outcome->result.json.object().value(QLatin1String("success")).toBool(), true);

    QCOMPARE(m_server->hits().size(), 1);
    const Hit& hit = m_server->hits().first();
    QCOMPARE(hit.method, QHttpServerRequest::Method::Post);
    QCOMPARE(hit.path, QStringLiteral("/api/user/document/reverify"));
    QCOMPARE(hit.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(hit.header("User-Agent"), QByteArray("IdentityDesk/" IDENTITYDESK_VERSION));
    QCOMPARE(hit.header("Authorization"), QByteArray("Bearer secret-token"));
    QCOMPARE(QJsonDocument::fromJson(hit.body).object(), body);
}

void tst_HttpClient::basePathPrefixKept_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("seen");
    QTest::newRow("prefix") << QStringLiteral("/prefix") << QStringLiteral("/api/x")
                            << QStringLiteral("/prefix/api/x");
    QTest::newRow("prefix with slash")
        << QStringLiteral("/prefix/") << QStringLiteral("/api/x") << QStringLiteral("/prefix/api/x");
    QTest::newRow("path without slash")
        << QStringLiteral("/prefix") << QStringLiteral("api/x") << QStringLiteral("/prefix/api/x");
    QTest::newRow("deep prefix") << QStringLiteral("/a/b") << QStringLiteral("/api/users/647")
                                 << QStringLiteral("/a/b/api/users/647");
    QTest::newRow("no prefix") << QString() << QStringLiteral("/api/x") << QStringLiteral("/api/x");
    QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("/api/x") << QStringLiteral("/api/x");
}

void tst_HttpClient::basePathPrefixKept()
{
    QFETCH(QString, prefix);
    QFETCH(QString, path);
    QFETCH(QString, seen);
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClient client(config(m_server->port(), prefix));
    auto outcome = watch(client.send(HttpRequest().setPath(path).setOperation(QStringLiteral("prefix"))));
    QTRY_COMPARE(outcome->finishedCount, 1);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(m_server->hits().size(), 1);
    QCOMPARE(m_server->hits().first().path, seen);
}

void tst_HttpClient::queryValuesSurviveLaravelDecoding()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClient client(config(m_server->port()));
    // A phone number search: '+' must not turn into a space at a PHP server, '&' and '#' must not
    // cut the value short.
    const QString text = QStringLiteral("+44 20 & Smith #1 ü");
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter[search]"), text);
    query.addQueryItem(QStringLiteral("page"), QStringLiteral("1"));
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users")).setQuery(query)));
    QTRY_COMPARE(outcome->finishedCount, 1);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(m_server->hits().size(), 1);
    const QByteArray raw = m_server->hits().first().rawQuery;
    QCOMPARE(phpDecodedQueryValue(raw, "filter[search]"), text);
    QCOMPARE(phpDecodedQueryValue(raw, "page"), QStringLiteral("1"));
}

void tst_HttpClient::malformedJsonIsDecode()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, R"({"data": [ {"id": 1}, )");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Decode);
    QCOMPARE(e.httpStatus, 200);
    QVERIFY2(e.detail.contains(QStringLiteral("offset")), qPrintable(e.detail));
    QCOMPARE(m_server->hits().size(), 1); // a bad answer is not asked for again
}

void tst_HttpClient::parserRejectingShapeIsDecode()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, R"({"items": []})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome =
        watch(client.send(HttpRequest()
                              .setPath(QStringLiteral("/api/users"))
                              .setOperation(QStringLiteral("search users"))
                              .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                  UserPage page;
                                  if (!TrustSwiftlyWire::parseUserPage(json, &page, error))
                                      return false;
                                  *value = QVariant::fromValue(page);
                                  return true;
                              })));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Decode);
    QVERIFY2(e.detail.contains(QStringLiteral("data")), qPrintable(e.detail));
    QVERIFY(!outcome->result.value.isValid());
    QCOMPARE(m_server->hits().size(), 1);
}

void tst_HttpClient::timeoutRetriesIdempotentGet()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder&) { return false; }); // never answers
    HttpClientConfig c = config(m_server->port());
    c.timeoutMs = 250;
    c.maxAttempts = 3;
    HttpClient client(c);
    QElapsedTimer clock;
    clock.start();
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/slow"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Timeout);
    QCOMPARE(outcome->result.attempts, 3);
    QCOMPARE(m_server->hits().size(), 3);
    QCOMPARE(outcome->retries.size(), 2);
    QCOMPARE(outcome->retries.at(0).first, 2);
    QCOMPARE(outcome->retries.at(1).first, 3);
    QVERIFY2(clock.elapsed() >= 3 * 250, qPrintable(QString::number(clock.elapsed())));
}

void tst_HttpClient::timeoutOnPostIsNotRetried()
{
    // The server may have applied the change: sending it again could apply it twice.
    m_server->setHandler([](const Hit&, int, QHttpServerResponder&) { return false; });
    HttpClientConfig c = config(m_server->port());
    c.timeoutMs = 250;
    HttpClient client(c);
    auto outcome = watch(client.send(HttpRequest()
                                         .setMethod("POST")
                                         .setPath(QStringLiteral("/api/change"))
                                         .setBody(QJsonDocument(QJsonObject{{QStringLiteral("x"), 1}}))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QCOMPARE(outcome->result.error.kind, ApiError::Kind::Timeout);
    QVERIFY(!outcome->result.error.provesNotProcessed());
    QCOMPARE(outcome->result.attempts, 1);
    QVERIFY(outcome->retries.isEmpty());
    QCOMPARE(m_server->hits().size(), 1);
}

void tst_HttpClient::rateLimitHonoursRetryAfter()
{
    m_server->setHandler([](const Hit&, int n, QHttpServerResponder& r) {
        if (n == 1)
            respond(r, 429, R"({"message": "Too Many Attempts."})",
                    {{"Retry-After", "1"}, {"x-ratelimit-remaining", "0"}});
        else
            respond(r, 200, R"({"data": []})");
        return true;
    });
    HttpClientConfig c = config(m_server->port());
    c.backoffBaseMs = 300;
    HttpClient client(c);
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(outcome->result.attempts, 2);
    QCOMPARE(outcome->retries.size(), 1);
    QCOMPARE(outcome->retries.first().first, 2);
    const int delay = outcome->retries.first().second;
    QVERIFY2(delay >= 1000 && delay <= 1000 + c.backoffBaseMs, qPrintable(QString::number(delay)));
    QCOMPARE(m_server->hits().size(), 2);
    const qint64 gap = m_server->hits().at(1).atMs - m_server->hits().at(0).atMs;
    QVERIFY2(gap >= 950, qPrintable(QStringLiteral("second attempt after %1 ms").arg(gap)));
}

void tst_HttpClient::retryAfterAsAnHttpDate()
{
    // RFC 9110 allows either form; a server that sends a date must not be retried at once.
    const QDateTime now(QDate(2026, 10, 21), QTime(7, 27, 0), QTimeZone::utc());
    QCOMPARE(HttpClient::retryAfterSeconds("120", now), 120);
    QCOMPARE(HttpClient::retryAfterSeconds(" 7 ", now), 7);
    QCOMPARE(HttpClient::retryAfterSeconds("-1", now), -1);
    QCOMPARE(HttpClient::retryAfterSeconds("soon", now), -1);
    QCOMPARE(HttpClient::retryAfterSeconds("", now), -1);
    QCOMPARE(HttpClient::retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", now), 60);
    QCOMPARE(HttpClient::retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", now.addMSecs(500)), 60);
    QCOMPARE(HttpClient::retryAfterSeconds("Wed, 21 Oct 2026 07:00:00 GMT", now), 0); // already past
    QCOMPARE(HttpClient::retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 PST", now), -1);
    QCOMPARE(HttpClient::retryAfterSeconds("Wed, 21 Oct 2026 25:28:00 GMT", now), -1);

    const QByteArray inTwoSeconds = QLocale::c()
                                        .toString(QDateTime::currentDateTimeUtc().addSecs(2),
                                                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                                        .toLatin1();
    m_server->setHandler([inTwoSeconds](const Hit&, int n, QHttpServerResponder& r) {
        if (n == 1)
            respond(r, 429, R"({"message": "Too Many Attempts."})", {{"Retry-After", inTwoSeconds}});
        else
            respond(r, 200, R"({"data": []})");
        return true;
    });
    HttpClientConfig c = config(m_server->port());
    c.backoffBaseMs = 50;
    HttpClient client(c);
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(outcome->retries.size(), 1);
    const int delay = outcome->retries.first().second;
    QVERIFY2(delay >= 1000 && delay <= 2000 + c.backoffBaseMs, qPrintable(QString::number(delay)));
}

void tst_HttpClient::noneRemainingHoldsTheNextRequest()
{
    // "x-ratelimit-remaining: 0" on a success says the window is used up elsewhere (another console
    // on the same key): the next request waits for a slot instead of drawing a 429.
    for (const bool toldNoneRemain : {false, true}) {
        m_server->setHandler([toldNoneRemain](const Hit&, int, QHttpServerResponder& r) {
            respond(r, 200, R"({"data": []})",
                    {{"x-ratelimit-remaining", toldNoneRemain ? QByteArray("0") : QByteArray("4")}});
            return true;
        });
        m_server->clearHits();
        HttpClient client(config(m_server->port()));
        client.setRateLimit(5, 2000);
        auto first = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
        QTRY_COMPARE_WITH_TIMEOUT(first->finishedCount, 1, 10000);
        auto second = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
        QTRY_COMPARE_WITH_TIMEOUT(second->finishedCount, 1, 10000);
        QVERIFY(second->result.ok());
        QCOMPARE(m_server->hits().size(), 2);
        const qint64 gap = m_server->hits().at(1).atMs - m_server->hits().at(0).atMs;
        if (toldNoneRemain)
            QVERIFY2(gap >= 300, qPrintable(QStringLiteral("second request after %1 ms").arg(gap)));
        else
            QVERIFY2(gap < 300, qPrintable(QStringLiteral("second request after %1 ms").arg(gap)));
    }
}

void tst_HttpClient::rateLimitedPostIsRetried()
{
    // A 429 proves the request was not processed, so even a state change may be sent again.
    m_server->setHandler([](const Hit&, int n, QHttpServerResponder& r) {
        if (n == 1)
            respond(r, 429, R"({"message": "Too Many Attempts."})", {{"Retry-After", "0"}});
        else
            respond(r, 200, R"({"success": true})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome =
        watch(client.send(HttpRequest()
                              .setMethod("POST")
                              .setPath(TrustSwiftlyWire::reverifyPath())
                              .setBody(QJsonDocument(TrustSwiftlyWire::reverifyBody(
                                  QStringLiteral("1"), QStringLiteral("a"), QStringLiteral("b"))))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(outcome->result.attempts, 2);
    QCOMPARE(m_server->hits().size(), 2);
    QCOMPARE(m_server->hits().at(1).body, m_server->hits().at(0).body);
}

void tst_HttpClient::rateLimitOutlastingRetries()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 429, R"({"message": "Too Many Attempts."})", {{"Retry-After", "0"}});
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest().setMethod("POST").setPath(QStringLiteral("/api/change"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::RateLimited);
    QCOMPARE(e.httpStatus, 429);
    QCOMPARE(e.retryAfterSeconds, 0);
    QVERIFY(e.provesNotProcessed());
    QCOMPARE(outcome->result.attempts, 3);
    QCOMPARE(m_server->hits().size(), 3);
}

void tst_HttpClient::rateLimitTooLongIsReportedNotWaited()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 429, R"({"message": "Too Many Attempts."})", {{"Retry-After", "3600"}});
        return true;
    });
    HttpClient client(config(m_server->port()));
    QElapsedTimer clock;
    clock.start();
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QVERIFY(clock.elapsed() < 3000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::RateLimited);
    QCOMPARE(e.retryAfterSeconds, 3600);
    QVERIFY(e.provesNotProcessed());
    QVERIFY2(e.message().contains(QStringLiteral("3600")), qPrintable(e.message())); // tells how long to wait
    QCOMPARE(m_server->hits().size(), 1);
}

void tst_HttpClient::serverErrorOnPostIsNotRetried()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 500, R"({"message": "Server Error"})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(
        HttpRequest()
            .setMethod("POST")
            .setPath(TrustSwiftlyWire::reverifyPath())
            .setBody(QJsonDocument(QJsonObject{{QStringLiteral("user_id"), QStringLiteral("1")}}))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Server);
    QCOMPARE(e.httpStatus, 500);
    QVERIFY(!e.provesNotProcessed());
    QCOMPARE(outcome->result.attempts, 1);
    QVERIFY(outcome->retries.isEmpty());
    QTest::qWait(100); // and nothing is sent later behind the caller's back
    QCOMPARE(m_server->hits().size(), 1);
}

void tst_HttpClient::serviceUnavailableOnGetIsRetried()
{
    m_server->setHandler([](const Hit&, int n, QHttpServerResponder& r) {
        if (n < 3)
            respond(r, 503, R"({"message": "Service Unavailable"})");
        else
            respond(r, 200, R"({"data": []})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QVERIFY2(outcome->result.ok(), qPrintable(outcome->result.error.message()));
    QCOMPARE(outcome->result.attempts, 3);
    QCOMPARE(outcome->retries.size(), 2);
    QCOMPARE(m_server->hits().size(), 3);
}

void tst_HttpClient::statusMapsToKind_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("detail");
    QTest::newRow("401") << 401 << QByteArray(R"({"message": "Unauthenticated."})") << ApiError::Kind::Auth
                         << QStringLiteral("Unauthenticated.");
    QTest::newRow("403") << 403 << QByteArray(R"({"message": "Forbidden"})") << ApiError::Kind::Auth
                         << QStringLiteral("Forbidden");
    QTest::newRow("404") << 404 << QByteArray(R"({"message": "User not found."})") << ApiError::Kind::NotFound
                         << QStringLiteral("User not found.");
    QTest::newRow("400") << 400 << QByteArray(R"({"message": "Bad input"})") << ApiError::Kind::Provider
                         << QStringLiteral("Bad input");
    QTest::newRow("404 HTML from a proxy")
        << 404 << QByteArray("<html>nope</html>") << ApiError::Kind::NotFound << QString();
}

void tst_HttpClient::statusMapsToKind()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, detail);
    m_server->setHandler([status, body](const Hit&, int, QHttpServerResponder& r) {
        respond(r, status, body);
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest()
                                         .setPath(QStringLiteral("/api/users/647"))
                                         .setErrorDecoder(&TrustSwiftlyWire::decodeError)));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.detail, detail);
    QCOMPARE(m_server->hits().size(), 1); // client errors are never retried
}

void tst_HttpClient::laravelValidationErrors()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 422, R"({"message": "The given data was invalid.",
            "errors": {"current_workflow_id": ["The selected current workflow id is invalid or does not match the user's workflow."]}})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest()
                                         .setMethod("POST")
                                         .setPath(TrustSwiftlyWire::reverifyPath())
                                         .setOperation(QStringLiteral("reverify user 647"))
                                         .setErrorDecoder(&TrustSwiftlyWire::decodeError)));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Validation);
    QCOMPARE(e.httpStatus, 422);
    QCOMPARE(e.fieldErrors.keys(), QStringList{QStringLiteral("current_workflow_id")});
    QCOMPARE(e.fieldErrors.value(QStringLiteral("current_workflow_id")).size(), 1);
    QVERIFY(e.fieldErrors.value(QStringLiteral("current_workflow_id"))
                .first()
                .contains(QStringLiteral("invalid")));
    QVERIFY2(e.message().contains(QStringLiteral("current_workflow_id")), qPrintable(e.message()));
    QCOMPARE(m_server->hits().size(), 1);
}

void tst_HttpClient::alreadyAssignedIsConflict_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const QByteArray seed = R"({"Error_type": "already_assigned", "error_message": "Already assigned"})";
    const QByteArray lower = R"({"error_type": "already_assigned", "error_message": "Already assigned"})";
    for (int status : {400, 409, 422}) {
        QTest::addRow("Error_type %d", status) << status << seed;
        QTest::addRow("error_type %d", status) << status << lower;
    }
}

void tst_HttpClient::alreadyAssignedIsConflict()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    m_server->setHandler([status, body](const Hit&, int, QHttpServerResponder& r) {
        respond(r, status, body);
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest()
                                         .setMethod("POST")
                                         .setPath(TrustSwiftlyWire::reverifyPath())
                                         .setErrorDecoder(&TrustSwiftlyWire::decodeError)));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Conflict);
    QCOMPARE(e.providerCode, QStringLiteral("already_assigned"));
    QCOMPARE(e.detail, QStringLiteral("Already assigned"));
}

void tst_HttpClient::untrustedCertificateIsTls()
{
    QString error;
    const auto foreign = m_otherCa->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY2(foreign.has_value(), qPrintable(error));
    TlsHttpServer server(*foreign);
    QVERIFY(server.isListening());
    server.setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClient client(config(server.port()));
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Tls);
    QVERIFY2(e.detail.contains(QStringLiteral("certificate"), Qt::CaseInsensitive), qPrintable(e.detail));
    QVERIFY(e.surelyNotProcessed);
    QVERIFY(e.provesNotProcessed());
    QCOMPARE(outcome->result.attempts, 1); // a trust problem does not go away by asking again
    QVERIFY(server.hits().isEmpty());      // nothing reached the untrusted server
}

void tst_HttpClient::caFromProfileIsWhatMakesItTrusted()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClientConfig c = config(m_server->port());
    c.extraCaCertificates.clear();
    HttpClient client(c);
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    QCOMPARE(outcome->result.error.kind, ApiError::Kind::Tls);
    QVERIFY(m_server->hits().isEmpty());
}

void tst_HttpClient::hostnameMismatchIsTls()
{
    QString error;
    const auto wrongName = m_ca->issueServerCertificate({QStringLiteral("wrong.example")}, &error);
    QVERIFY2(wrongName.has_value(), qPrintable(error));
    TlsHttpServer server(*wrongName);
    QVERIFY(server.isListening());
    server.setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClient client(config(server.port()));
    auto outcome = watch(client.send(HttpRequest().setPath(QStringLiteral("/api/users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Tls);
    QVERIFY2(e.detail.contains(QStringLiteral("host name"), Qt::CaseInsensitive), qPrintable(e.detail));
    QVERIFY(e.surelyNotProcessed);
    QVERIFY(server.hits().isEmpty());
}

void tst_HttpClient::cancelHangingRequest()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder&) { return false; });
    HttpClientConfig c = config(m_server->port());
    c.timeoutMs = 20000;
    HttpClient client(c);
    HttpReply* reply = client.send(HttpRequest().setPath(QStringLiteral("/api/slow")));
    QPointer<HttpReply> guard(reply);
    auto outcome = watch(reply);
    QTRY_COMPARE(m_server->hits().size(), 1); // the request is at the server, which never answers

    QElapsedTimer clock;
    clock.start();
    reply->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 2000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(outcome->result.error.kind, ApiError::Kind::Cancelled);
    QTest::qWait(200);
    QCOMPARE(outcome->finishedCount, 1);  // exactly once
    QCOMPARE(m_server->hits().size(), 1); // and not sent again
    QTRY_VERIFY(guard.isNull());          // the reply cleans itself up
}

void tst_HttpClient::cancelBeforeSending()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 200, "{}");
        return true;
    });
    HttpClient client(config(m_server->port()));
    HttpReply* reply = client.send(HttpRequest().setMethod("POST").setPath(QStringLiteral("/api/change")));
    auto outcome = watch(reply);
    reply->cancel();
    QTRY_COMPARE(outcome->finishedCount, 1);
    QCOMPARE(outcome->result.error.kind, ApiError::Kind::Cancelled);
    QTest::qWait(200);
    QCOMPARE(outcome->finishedCount, 1);
    QVERIFY(m_server->hits().isEmpty());
}

void tst_HttpClient::connectionRefusedIsNetwork()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = probe.serverPort();
    probe.close();

    HttpClient client(config(closedPort));
    auto outcome = watch(client.send(
        HttpRequest().setPath(QStringLiteral("/api/users")).setOperation(QStringLiteral("search users"))));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, 10000);
    const ApiError& e = outcome->result.error;
    QCOMPARE(e.kind, ApiError::Kind::Network);
    QCOMPARE(e.httpStatus, 0);
    QVERIFY(e.surelyNotProcessed);
    QVERIFY(!e.detail.isEmpty());
    QCOMPARE(outcome->result.attempts, 3); // a read is retried: the network may come back
}

void tst_HttpClient::messageNamesProviderAndOperation()
{
    m_server->setHandler([](const Hit&, int, QHttpServerResponder& r) {
        respond(r, 404, R"({"message": "User not found."})");
        return true;
    });
    HttpClient client(config(m_server->port()));
    auto outcome = watch(client.send(HttpRequest()
                                         .setPath(QStringLiteral("/api/users/999"))
                                         .setOperation(QStringLiteral("look up user 999"))
                                         .setErrorDecoder(&TrustSwiftlyWire::decodeError)));
    QTRY_COMPARE(outcome->finishedCount, 1);
    const QString message = outcome->result.error.message();
    QVERIFY2(message.contains(QString::fromLatin1(kProvider)), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("look up user 999")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("404")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("User not found.")), qPrintable(message));
    QVERIFY2(message.contains(outcome->result.error.advice()), qPrintable(message)); // what to do next
    QVERIFY(!outcome->result.error.advice().isEmpty());
}

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_httpclient.moc"
