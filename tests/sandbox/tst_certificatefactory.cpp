// SPDX-License-Identifier: GPL-3.0-or-later
// CertificateFactory: an ephemeral CA and the server certificates it signs.
#include "CertificateFactory.h"

#include <QHostAddress>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QTest>

namespace {

QVariant extensionValue(const QSslCertificate& certificate, const QString& name)
{
    for (const QSslCertificateExtension& extension : certificate.extensions()) {
        if (extension.name() == name)
            return extension.value();
    }
    return {};
}

bool extensionIsCritical(const QSslCertificate& certificate, const QString& name)
{
    for (const QSslCertificateExtension& extension : certificate.extensions()) {
        if (extension.name() == name)
            return extension.isCritical();
    }
    return false;
}

} // namespace

class TestCertificateFactory final : public QObject
{
    Q_OBJECT

private slots:
    void authorityIsASelfSignedCa();
    void serverCertificateHasLoopbackNames();
    void serverCertificateForArbitraryNames();
    void explicitValidityWindow();
    void independentAuthoritiesDiffer();
    void rejectsNoNames();
};

void TestCertificateFactory::authorityIsASelfSignedCa()
{
    QString error;
    const std::optional<CertificateFactory> factory =
        CertificateFactory::create(QStringLiteral("Test CA"), &error);
    QVERIFY2(factory, qPrintable(error));
    const QSslCertificate ca = factory->caCertificate();
    QVERIFY(!ca.isNull());
    QVERIFY(ca.isSelfSigned());
    QCOMPARE(ca.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("Test CA")});
    QCOMPARE(ca.issuerDisplayName(), ca.subjectDisplayName());

    const QVariantMap constraints = extensionValue(ca, QStringLiteral("basicConstraints")).toMap();
    QCOMPARE(constraints.value(QStringLiteral("ca")).toBool(), true);
    QVERIFY(extensionIsCritical(ca, QStringLiteral("basicConstraints")));
    const QStringList usage = extensionValue(ca, QStringLiteral("keyUsage")).toStringList();
    QVERIFY2(usage.contains(QStringLiteral("Certificate Sign")), qPrintable(usage.join(u',')));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(ca.effectiveDate() <= now.addSecs(-3500));
    QVERIFY(ca.expiryDate() >= now.addDays(29));
    QVERIFY(factory->caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
    QVERIFY(factory->authority().privateKeyPem.contains("PRIVATE KEY"));
    QCOMPARE(factory->authority().privateKey.algorithm(), QSsl::Ec);
}

void TestCertificateFactory::serverCertificateHasLoopbackNames()
{
    QString error;
    const std::optional<CertificateFactory> factory =
        CertificateFactory::create(QStringLiteral("Test CA"), &error);
    QVERIFY2(factory, qPrintable(error));
    const std::optional<IssuedCertificate> server =
        factory->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY2(server, qPrintable(error));

    const QSslCertificate certificate = server->certificate;
    QVERIFY(!certificate.isSelfSigned());
    QCOMPARE(certificate.issuerDisplayName(), factory->caCertificate().subjectDisplayName());
    const auto names = certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("localhost")});
    QStringList ips = names.values(QSsl::IpAddressEntry);
    for (QString& ip : ips)
        ip = QHostAddress(ip).toString();
    ips.sort();
    QCOMPARE(ips, (QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("::1")}));

    QCOMPARE(extensionValue(certificate, QStringLiteral("basicConstraints"))
                 .toMap()
                 .value(QStringLiteral("ca"))
                 .toBool(),
             false);
    QVERIFY(!server->privateKey.isNull());
    QCOMPARE(server->privateKey.algorithm(), QSsl::Ec);
    QCOMPARE(server->privateKey.toPem(), QSslKey(server->privateKeyPem, QSsl::Ec).toPem());
    QCOMPARE(QSslCertificate(server->certificatePem).digest(), certificate.digest());

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(certificate.effectiveDate() <= now.addSecs(-3500));
    QVERIFY(certificate.effectiveDate() >= now.addSecs(-3700));
    QVERIFY(certificate.expiryDate() >= now.addDays(29));
    QVERIFY(certificate.expiryDate() <= now.addDays(31));

    // Serial numbers are random: two certificates never share one.
    const std::optional<IssuedCertificate> another =
        factory->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
    QVERIFY(another);
    QVERIFY(another->certificate.serialNumber() != certificate.serialNumber());
    QVERIFY(another->privateKeyPem != server->privateKeyPem);
}

void TestCertificateFactory::serverCertificateForArbitraryNames()
{
    const std::optional<CertificateFactory> factory = CertificateFactory::create(QStringLiteral("Test CA"));
    QVERIFY(factory);
    const std::optional<IssuedCertificate> server =
        factory->issueServerCertificate({QStringLiteral("wrong.example"), QStringLiteral("10.1.2.3")});
    QVERIFY(server);
    const auto names = server->certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("wrong.example")});
    QCOMPARE(names.values(QSsl::IpAddressEntry), QStringList{QStringLiteral("10.1.2.3")});
    QCOMPARE(server->certificate.subjectInfo(QSslCertificate::CommonName),
             QStringList{QStringLiteral("wrong.example")});
}

void TestCertificateFactory::explicitValidityWindow()
{
    const std::optional<CertificateFactory> factory = CertificateFactory::create(QStringLiteral("Test CA"));
    QVERIFY(factory);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const std::optional<IssuedCertificate> expired = factory->issueServerCertificate(
        CertificateFactory::defaultServerNames(), now.addDays(-10), now.addDays(-1));
    QVERIFY(expired);
    QVERIFY(expired->certificate.expiryDate() < now);
}

void TestCertificateFactory::independentAuthoritiesDiffer()
{
    const std::optional<CertificateFactory> a = CertificateFactory::create(QStringLiteral("Same name"));
    const std::optional<CertificateFactory> b = CertificateFactory::create(QStringLiteral("Same name"));
    QVERIFY(a && b);
    QVERIFY(a->caCertificate() != b->caCertificate());
    QVERIFY(a->authority().privateKeyPem != b->authority().privateKeyPem);
}

void TestCertificateFactory::rejectsNoNames()
{
    const std::optional<CertificateFactory> factory = CertificateFactory::create(QStringLiteral("Test CA"));
    QVERIFY(factory);
    QString error;
    QVERIFY(!factory->issueServerCertificate({}, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestCertificateFactory)
#include "tst_certificatefactory.moc"
