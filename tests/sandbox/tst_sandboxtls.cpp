// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox speaks real TLS: trusted through its CA only, and only for the names in its certificate.
#include "SandboxServer.h"
#include "SandboxTestClient.h"

#include <QSslSocket>
#include <QTest>

class TestSandboxTls final : public QObject
{
    Q_OBJECT

private slots:
    /// Lets sockets and connections scheduled for deletion go, so leak checkers see no false leaks.
    void cleanup() { QTest::qWait(20); }
    void trustedCaIsAccepted();
    void hostnameMismatchIsRefused();
    void untrustedCaIsRefused();
    void withoutTheSandboxCaNothingIsTrusted();

private:
    static QUrl templatesUrl(const SandboxServer& server)
    {
        QUrl url = server.providerUrl(QStringLiteral("trustswiftly"));
        url.setPath(url.path() + QStringLiteral("/api/settings/templates/verifications"));
        return url;
    }
};

void TestSandboxTls::trustedCaIsAccepted()
{
    SandboxServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.port() > 0);
    QCOMPARE(server.baseUrl().toString(), QStringLiteral("https://127.0.0.1:%1").arg(server.port()));

    SandboxTestClient client({server.caCertificate()});
    client.setBearer(server.options().trustSwiftlyApiKey.toUtf8());
    const SandboxHttpResult result = client.get(templatesUrl(server));
    QVERIFY2(result.error == QNetworkReply::NoError, qPrintable(result.errorString));
    QVERIFY(result.sslErrors.isEmpty());
    QCOMPARE(result.status, 200);
    QCOMPARE(server.requestLog().size(), 1);
}

void TestSandboxTls::hostnameMismatchIsRefused()
{
    SandboxServer::Options options;
    options.serverNames = {QStringLiteral("wrong.example")};
    SandboxServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QCOMPARE(server.serverCertificate().subjectAlternativeNames().values(QSsl::DnsEntry),
             QStringList{QStringLiteral("wrong.example")});

    SandboxTestClient client({server.caCertificate()});
    client.setBearer(server.options().trustSwiftlyApiKey.toUtf8());
    const SandboxHttpResult result = client.get(templatesUrl(server));
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(result.hasSslError(QSslError::HostNameMismatch));
    QVERIFY(!result.hasSslError(QSslError::CertificateUntrusted));
    QCOMPARE(result.status, 0);
    QVERIFY(server.requestLog().isEmpty()); // nothing was sent
}

void TestSandboxTls::untrustedCaIsRefused()
{
    SandboxServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const std::optional<CertificateFactory> otherCa =
        CertificateFactory::create(QStringLiteral("Another CA"), &error);
    QVERIFY2(otherCa, qPrintable(error));

    SandboxTestClient client({otherCa->caCertificate()});
    client.setBearer(server.options().trustSwiftlyApiKey.toUtf8());
    const SandboxHttpResult result = client.get(templatesUrl(server));
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(result.hasSslError(QSslError::UnableToGetLocalIssuerCertificate) ||
            result.hasSslError(QSslError::CertificateUntrusted));
    QVERIFY(server.requestLog().isEmpty());
}

void TestSandboxTls::withoutTheSandboxCaNothingIsTrusted()
{
    SandboxServer server;
    QVERIFY(server.start());
    SandboxTestClient client({});
    const SandboxHttpResult result = client.get(templatesUrl(server));
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!result.sslErrors.isEmpty());
    QVERIFY(server.requestLog().isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxTls)
#include "tst_sandboxtls.moc"
