// SPDX-License-Identifier: GPL-3.0-or-later
// Every way a TLS peer can be untrustworthy, each refused by HttpClient before a byte of the request
// reaches the server, with a message that names the problem: a certificate from a CA nobody
// trusts, an expired one, a not-yet-valid one, one for another host name, a self-signed one, and a
// server that speaks only TLS 1.0/1.1. The server is a real QSslServer on 127.0.0.1 with
// certificates made by the sandbox's CertificateFactory (OpenSSL); the client trusts the test CA
// only through HttpClientConfig::extraCaCertificates, as a connection profile's ca_file does.

#include "CertificateFactory.h"
#include "net/HttpClient.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTest>
#include <memory>
#include <optional>

namespace {
/// An HTTPS server that answers 200 {} and counts the requests that reached it.
class TlsServer
{
public:
    explicit TlsServer(const QSslConfiguration& ssl)
    {
        auto* tls = new QSslServer; // bind() makes it a child of the HTTP server
        tls->setSslConfiguration(ssl);
        m_listening = tls->listen(QHostAddress::LocalHost, 0);
        m_port = tls->serverPort();
        QObject::connect(tls, &QSslServer::errorOccurred, tls,
                         [this](QSslSocket*, QAbstractSocket::SocketError) { ++m_serverErrors; });
        m_http.bind(tls);
        m_http.setMissingHandler([this](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            ++m_hits;
            responder.write(QByteArrayLiteral("{}"), "application/json");
        });
    }

    static QSslConfiguration configuration(const IssuedCertificate& certificate)
    {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(certificate.certificate);
        ssl.setPrivateKey(certificate.privateKey);
        return ssl;
    }

    bool isListening() const { return m_listening; }
    quint16 port() const { return m_port; }
    int hits() const { return m_hits; }

private:
    QHttpServer m_http;
    quint16 m_port = 0;
    bool m_listening = false;
    int m_hits = 0;
    int m_serverErrors = 0;
};
} // namespace

class tst_TlsNegatives : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void trustedServerIsAccepted();
    void refused_data();
    void refused();
    void tlsBelow12IsRefused();

private:
    /// Sends one GET to the server and returns the finished result.
    HttpResult fetch(quint16 port);

    std::optional<CertificateFactory> m_ca;
    std::optional<CertificateFactory> m_untrustedCa;
};

void tst_TlsNegatives::initTestCase()
{
    QString error;
    m_ca = CertificateFactory::create(QStringLiteral("tst_tlsnegatives CA"), &error);
    QVERIFY2(m_ca.has_value(), qPrintable(error));
    m_untrustedCa = CertificateFactory::create(QStringLiteral("tst_tlsnegatives untrusted CA"), &error);
    QVERIFY2(m_untrustedCa.has_value(), qPrintable(error));
}

HttpResult tst_TlsNegatives::fetch(quint16 port)
{
    HttpClientConfig config;
    config.provider = QStringLiteral("Hardening");
    config.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
    config.extraCaCertificates = {m_ca->caCertificate()};
    config.timeoutMs = 10000;
    config.maxAttempts = 3; // a TLS refusal must not be retried anyway
    config.backoffBaseMs = 10;
    HttpClient client(config);
    HttpReply* reply =
        client.send(HttpRequest().setPath(QStringLiteral("/probe")).setOperation(QStringLiteral("probe")));
    bool finished = false;
    HttpResult result;
    connect(reply, &HttpReply::finished, this, [&] {
        finished = true;
        result = reply->result();
    });
    if (!QTest::qWaitFor([&] { return finished; }, 15000))
        qWarning("no answer within 15 s");
    return result;
}

void tst_TlsNegatives::trustedServerIsAccepted()
{
    // The control: the same set-up with a good certificate works, so each refusal below is about
    // the one thing that case changes.
    QString error;
    const auto good = m_ca->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY2(good.has_value(), qPrintable(error));
    TlsServer server(TlsServer::configuration(*good));
    QVERIFY(server.isListening());
    const HttpResult result = fetch(server.port());
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(server.hits(), 1);
}

void tst_TlsNegatives::refused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("problem"); // a regular expression the message must match

    QTest::newRow("untrusted CA") << "untrusted-ca"
                                  << "issuer certificate|root certificate|untrusted";
    QTest::newRow("expired") << "expired"
                             << "expired";
    QTest::newRow("not yet valid") << "not-yet-valid"
                                   << "not yet valid";
    QTest::newRow("wrong host name") << "wrong-host"
                                     << "host name did not match";
    QTest::newRow("self-signed") << "self-signed"
                                 << "self-signed";
}

void tst_TlsNegatives::refused()
{
    QFETCH(QString, kind);
    QFETCH(QString, problem);
    const QStringList names = CertificateFactory::defaultServerNames();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString error;
    std::optional<IssuedCertificate> certificate;
    if (kind == QLatin1String("untrusted-ca"))
        certificate = m_untrustedCa->issueServerCertificate(names, &error);
    else if (kind == QLatin1String("expired"))
        certificate = m_ca->issueServerCertificate(names, now.addDays(-30), now.addDays(-1), &error);
    else if (kind == QLatin1String("not-yet-valid"))
        certificate = m_ca->issueServerCertificate(names, now.addDays(1), now.addDays(30), &error);
    else if (kind == QLatin1String("wrong-host"))
        certificate = m_ca->issueServerCertificate({QStringLiteral("elsewhere.example")}, &error);
    else if (kind == QLatin1String("self-signed"))
        certificate = CertificateFactory::issueSelfSignedServerCertificate(names, &error);
    QVERIFY2(certificate.has_value(), qPrintable(error));

    TlsServer server(TlsServer::configuration(*certificate));
    QVERIFY(server.isListening());
    const HttpResult result = fetch(server.port());
    const ApiError& e = result.error;
    QCOMPARE(e.kind, ApiError::Kind::Tls);
    const QString message = e.message();
    QVERIFY2(message.contains(QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption)),
             qPrintable(message));
    qInfo().noquote() << kind << "->" << message;
    QVERIFY2(message.contains(QStringLiteral("TLS error")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Hardening")), qPrintable(message)); // names the provider
    QVERIFY(e.surelyNotProcessed);
    QCOMPARE(result.attempts, 1); // a certificate problem does not go away by asking again
    QCOMPARE(server.hits(), 0);   // not one request reached the server
}

void tst_TlsNegatives::tlsBelow12IsRefused()
{
    // The server is made as permissive as OpenSSL allows: only TLS 1.0 and 1.1, every cipher, security
    // level 0 (Debian's default openssl.cnf asks for TLS 1.2 at SECLEVEL 2, which the server side
    // overrides here through Qt's OpenSSL configuration commands). Whether the old protocol is refused
    // by the client's own minimum (HttpClient sets TlsV1_2OrLater) or by the system's policy, the
    // client must refuse the handshake and say it is about the protocol/handshake — never fall back.
    QString error;
    const auto good = m_ca->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY2(good.has_value(), qPrintable(error));
    QSslConfiguration ssl = TlsServer::configuration(*good);
    ssl.setProtocol(QSsl::AnyProtocol);
    ssl.setBackendConfigurationOption(QByteArrayLiteral("MinProtocol"), QByteArrayLiteral("TLSv1"));
    ssl.setBackendConfigurationOption(QByteArrayLiteral("MaxProtocol"), QByteArrayLiteral("TLSv1.1"));
    ssl.setBackendConfigurationOption(QByteArrayLiteral("CipherString"),
                                      QByteArrayLiteral("ALL:@SECLEVEL=0"));
    TlsServer server(ssl);
    QVERIFY(server.isListening());
    const HttpResult result = fetch(server.port());
    const ApiError& e = result.error;
    QCOMPARE(e.kind, ApiError::Kind::Tls);
    const QString message = e.message();
    qInfo().noquote() << "TLS 1.0/1.1 only ->" << message;
    QVERIFY2(message.contains(QRegularExpression(QStringLiteral("protocol|handshake"),
                                                 QRegularExpression::CaseInsensitiveOption)),
             qPrintable(message));
    QCOMPARE(result.attempts, 1);
    QCOMPARE(server.hits(), 0);
}

QTEST_GUILESS_MAIN(tst_TlsNegatives)
#include "tst_tlsnegatives.moc"
