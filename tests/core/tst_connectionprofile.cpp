// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionProfile: the file an operator (or the sandbox) writes to say where each provider is.
// Every rejection must name the file and the field, so the operator knows what to fix.

#include "domain/ConnectionProfile.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/smartid/SmartIdSettings.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {
// A self-signed CA certificate; only its parsing matters here, not its validity period.
const char kCaPem[] = "-----BEGIN CERTIFICATE-----\n"
                      "MIIBlDCCATugAwIBAgIUXufpmqS2ZLeyoXQPl1ja1bBQMK4wCgYIKoZIzj0EAwIw\n"
                      "HzEdMBsGA1UEAwwUSWRlbnRpdHlEZXNrIFRlc3QgQ0EwIBcNMjYxMTIzMTc1NTQ4\n"
                      "WhgPMjEyNjEwMzAxNzU1NDhaMB8xHTAbBgNVBAMMFElkZW50aXR5RGVzayBUZXN0\n"
                      "IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcJdXaJfdWl77R9WWbYQhpyah\n"
                      "Bs7/S8qY4Icg7sv7xmyeKUeRYhYzuhKABMVHGSGzFuOHmHkhH+QaTh2UVzmsMqNT\n"
                      "MFEwHQYDVR0OBBYEFBXu/qHI0aeeuFZCGnbGaSO13XG2MB8GA1UdIwQYMBaAFBXu\n"
                      "/qHI0aeeuFZCGnbGaSO13XG2MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID\n"
                      "RwAwRAIgKvrN70e6nJUC4Z0gIGecfN2/N1le4ZeEFhsw0wHLZG0CICteFHqCUXfl\n"
                      "/49+eDnp/p0gQYnUYFARIiXLXxYinveD\n"
                      "-----END CERTIFICATE-----\n";

const char kApiKeyEnv[] = "IDENTITYDESK_TRUSTSWIFTLY_API_KEY";

QJsonObject validProfile()
{
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("sandbox")},
        {QStringLiteral("ca_file"), QStringLiteral("certs/ca.pem")},
        {QStringLiteral("smileid"),
         QJsonObject{{QStringLiteral("portal_url"), QStringLiteral("https://127.0.0.1:8443/smileid-portal")},
                     {QStringLiteral("api_url"), QStringLiteral("https://127.0.0.1:8443/smileid-api")},
                     {QStringLiteral("partner_id"), QStringLiteral("007")},
                     {QStringLiteral("api_key"), QStringLiteral("smile-key")},
                     {QStringLiteral("email"), QStringLiteral("ops@example.com")},
                     {QStringLiteral("environment"), QStringLiteral("test")}}},
        {QStringLiteral("trustswiftly"),
         QJsonObject{{QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:8443/trustswiftly")},
                     {QStringLiteral("api_key"), QStringLiteral("ts-key")}}},
    };
}
} // namespace

class tst_ConnectionProfile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void validProfileLoads();
    void relativeCaFileIgnoresWorkingDirectory();
    void sdkFinanceBaseUrlDefaultsToItsPublicApi();
    void smileIdUrlsDefaultToItsHostsForTheEnvironment();
    void rejectsWithFileAndField_data();
    void rejectsWithFileAndField();
    void privateFileRequired();
    void groupReadableAcceptedWhenNotRequired();
    void apiKeyFromEnvironment();
    void apiKeyInFileWinsOverEnvironment();
    void environmentIgnoredWhenDisabled();

private:
    QString writeProfile(const QByteArray& contents,
                         QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner);
    QString writeProfile(const QJsonObject& profile) { return writeProfile(QJsonDocument(profile).toJson()); }
    /// Loads a profile named "p" that holds one provider section.
    std::optional<ConnectionProfile> loadWithSection(const QString& name, const QJsonObject& section,
                                                     QString* error)
    {
        return ConnectionProfile::load(
            writeProfile(QJsonObject{{QStringLiteral("name"), QStringLiteral("p")}, {name, section}}), error);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_savedEnv;
    bool m_hadEnv = false;
};

void tst_ConnectionProfile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("certs")));
    QFile ca(m_dir->filePath(QStringLiteral("certs/ca.pem")));
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write(kCaPem);
    ca.close();
    // The environment must not leak a key into tests that expect it missing.
    m_hadEnv = qEnvironmentVariableIsSet(kApiKeyEnv);
    m_savedEnv = qgetenv(kApiKeyEnv);
    qunsetenv(kApiKeyEnv);
}

void tst_ConnectionProfile::cleanup()
{
    if (m_hadEnv)
        qputenv(kApiKeyEnv, m_savedEnv);
    else
        qunsetenv(kApiKeyEnv);
    m_dir.reset();
}

QString tst_ConnectionProfile::writeProfile(const QByteArray& contents, QFile::Permissions permissions)
{
    const QString path = m_dir->filePath(QStringLiteral("profile.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write(contents);
    file.close();
    if (!file.setPermissions(permissions))
        return QString();
    return path;
}

void tst_ConnectionProfile::validProfileLoads()
{
    const QString path = writeProfile(validProfile());
    QVERIFY(!path.isEmpty());
    QString error;
    const auto profile = ConnectionProfile::load(path, &error);
    QVERIFY2(profile.has_value(), qPrintable(error));

    QCOMPARE(profile->name, QStringLiteral("sandbox"));
    QCOMPARE(profile->filePath, QFileInfo(path).absoluteFilePath());
    // ca_file is relative to the profile's folder, and the PEM behind it is loaded.
    QCOMPARE(profile->caFile, QFileInfo(m_dir->filePath(QStringLiteral("certs/ca.pem"))).absoluteFilePath());
    QCOMPARE(profile->caCertificates.size(), 1);
    QCOMPARE(profile->caCertificates.first(), QSslCertificate(QByteArray(kCaPem), QSsl::Pem));

    QVERIFY(profile->has<SmileIdSettings>());
    QCOMPARE(profile->section<SmileIdSettings>()->partnerId,
             QStringLiteral("007")); // leading zeros are significant
    QCOMPARE(profile->section<SmileIdSettings>()->portalUrl,
             QUrl(QStringLiteral("https://127.0.0.1:8443/smileid-portal")));
    QCOMPARE(profile->section<SmileIdSettings>()->environment, QStringLiteral("test"));
    QVERIFY(!profile->isProduction());

    QVERIFY(profile->has<TrustSwiftlySettings>());
    QCOMPARE(profile->section<TrustSwiftlySettings>()->baseUrl,
             QUrl(QStringLiteral("https://127.0.0.1:8443/trustswiftly")));
    QCOMPARE(profile->section<TrustSwiftlySettings>()->apiKey, QStringLiteral("ts-key"));
    QVERIFY(!profile->has<SdkFinanceSettings>());
    QVERIFY(!profile->has<SmartIdSettings>());
}

void tst_ConnectionProfile::sdkFinanceBaseUrlDefaultsToItsPublicApi()
{
    // docs/architecture.md section 3: "Base: https://sdkfinance.app/api/v1 (overridable)".
    const auto load = [this](const QJsonObject& sdk, QString* error) {
        return loadWithSection(QStringLiteral("sdkfinance"), sdk, error);
    };
    QJsonObject sdk{{QStringLiteral("login"), QStringLiteral("officer")},
                    {QStringLiteral("password"), QStringLiteral("secret")}};
    QString error;
    auto profile = load(sdk, &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->section<SdkFinanceSettings>()->baseUrl,
             QUrl(QStringLiteral("https://sdkfinance.app/api/v1")));

    sdk.insert(QStringLiteral("base_url"), QStringLiteral("https://sdk.example.com/prefix/api/v1"));
    profile = load(sdk, &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->section<SdkFinanceSettings>()->baseUrl,
             QUrl(QStringLiteral("https://sdk.example.com/prefix/api/v1")));

    // Given but unusable is still an error, never silently the default.
    for (const QString& bad : {QString(), QStringLiteral("http://sdk.example.com")}) {
        sdk.insert(QStringLiteral("base_url"), bad);
        QVERIFY(!load(sdk, &error));
        QVERIFY2(error.contains(QLatin1String("sdkfinance.base_url")), qPrintable(error));
    }
}

void tst_ConnectionProfile::smileIdUrlsDefaultToItsHostsForTheEnvironment()
{
    // docs/architecture.md section 3: portal.smileidentity.com (test) / prod.smileidentity.com (production)
    // for the enrollee endpoint, testapi / api.smileidentity.com for job status, overridable per profile.
    const auto load = [this](const QJsonObject& smile, QString* error) {
        return loadWithSection(QStringLiteral("smileid"), smile, error);
    };
    QJsonObject smile{{QStringLiteral("partner_id"), QStringLiteral("0042")},
                      {QStringLiteral("api_key"), QStringLiteral("k")},
                      {QStringLiteral("email"), QStringLiteral("ops@example.com")},
                      {QStringLiteral("environment"), QStringLiteral("test")}};
    QString error;
    auto profile = load(smile, &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->section<SmileIdSettings>()->portalUrl,
             QUrl(QStringLiteral("https://portal.smileidentity.com")));
    QCOMPARE(profile->section<SmileIdSettings>()->apiUrl,
             QUrl(QStringLiteral("https://testapi.smileidentity.com")));

    smile.insert(QStringLiteral("environment"), QStringLiteral("production"));
    profile = load(smile, &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->section<SmileIdSettings>()->portalUrl,
             QUrl(QStringLiteral("https://prod.smileidentity.com")));
    QCOMPARE(profile->section<SmileIdSettings>()->apiUrl,
             QUrl(QStringLiteral("https://api.smileidentity.com")));

    // One given, the other defaulted.
    smile.insert(QStringLiteral("api_url"), QStringLiteral("https://gateway.example.com/smile"));
    profile = load(smile, &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->section<SmileIdSettings>()->portalUrl,
             QUrl(QStringLiteral("https://prod.smileidentity.com")));
    QCOMPARE(profile->section<SmileIdSettings>()->apiUrl,
             QUrl(QStringLiteral("https://gateway.example.com/smile")));

    // No default for an environment that is not test or production, and a bad URL stays an error.
    smile.remove(QStringLiteral("api_url"));
    smile.insert(QStringLiteral("environment"), QStringLiteral("staging"));
    QVERIFY(!load(smile, &error));
    QVERIFY2(error.contains(QLatin1String("smileid.environment")), qPrintable(error));
    smile.insert(QStringLiteral("environment"), QStringLiteral("test"));
    smile.insert(QStringLiteral("portal_url"), QStringLiteral("http://portal.smileidentity.com"));
    QVERIFY(!load(smile, &error));
    QVERIFY2(error.contains(QLatin1String("smileid.portal_url")), qPrintable(error));
}

void tst_ConnectionProfile::relativeCaFileIgnoresWorkingDirectory()
{
    const QString path = writeProfile(validProfile());
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    const QString saved = QDir::currentPath();
    QVERIFY(QDir::setCurrent(elsewhere.path()));
    QString error;
    const auto profile = ConnectionProfile::load(path, &error);
    QVERIFY(QDir::setCurrent(saved));
    QVERIFY2(profile.has_value(), qPrintable(error));
    QCOMPARE(profile->caCertificates.size(), 1);
}

void tst_ConnectionProfile::rejectsWithFileAndField_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QStringList>("mentions");

    auto doc = [](const QJsonObject& o) {
        return QJsonDocument(o).toJson();
    };
    auto withTrustSwiftly = [](const QJsonObject& ts) {
        QJsonObject p = validProfile();
        p.insert(QStringLiteral("trustswiftly"), ts);
        return p;
    };

    QTest::newRow("malformed JSON") << QByteArray("{\"name\": \"sandbox\", \"trustswiftly\": {")
                                    << QStringList{QStringLiteral("JSON")};
    QTest::newRow("top level not an object") << QByteArray("[1, 2]") << QStringList{QStringLiteral("object")};

    QTest::newRow("missing api_key")
        << doc(withTrustSwiftly({{QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:1/")}}))
        << QStringList{QStringLiteral("trustswiftly.api_key"), QStringLiteral("missing"),
                       QString::fromLatin1(kApiKeyEnv)};
    QTest::newRow("missing base_url")
        << doc(withTrustSwiftly({{QStringLiteral("api_key"), QStringLiteral("k")}}))
        << QStringList{QStringLiteral("trustswiftly.base_url"), QStringLiteral("missing")};
    QTest::newRow("api_key not a string")
        << doc(withTrustSwiftly({{QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:1/")},
                                 {QStringLiteral("api_key"), 42}}))
        << QStringList{QStringLiteral("trustswiftly.api_key"), QStringLiteral("string")};
    {
        QJsonObject p = validProfile();
        p.insert(QStringLiteral("trustswiftly"), QStringLiteral("https://127.0.0.1:1/"));
        QTest::newRow("section not an object")
            << doc(p) << QStringList{QStringLiteral("trustswiftly"), QStringLiteral("object")};
    }
    {
        QJsonObject p = validProfile();
        QJsonObject smile = p.value(QStringLiteral("smileid")).toObject();
        smile.insert(QStringLiteral("partner_id"), 7); // a number would lose the leading zeros
        p.insert(QStringLiteral("smileid"), smile);
        QTest::newRow("partner_id a number")
            << doc(p) << QStringList{QStringLiteral("smileid.partner_id"), QStringLiteral("string")};
    }
    QTest::newRow("http URL")
        << doc(withTrustSwiftly({{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:8080/ts")},
                                 {QStringLiteral("api_key"), QStringLiteral("k")}}))
        << QStringList{QStringLiteral("trustswiftly.base_url"), QStringLiteral("https://"),
                       QStringLiteral("http://127.0.0.1:8080/ts")};
    QTest::newRow("URL without host")
        << doc(withTrustSwiftly({{QStringLiteral("base_url"), QStringLiteral("https:///api")},
                                 {QStringLiteral("api_key"), QStringLiteral("k")}}))
        << QStringList{QStringLiteral("trustswiftly.base_url")};
    {
        QJsonObject p = validProfile();
        p.insert(QStringLiteral("ca_file"), QStringLiteral("missing-ca.pem"));
        QTest::newRow("missing ca file")
            << doc(p) << QStringList{QStringLiteral("ca_file"), QStringLiteral("missing-ca.pem")};
    }
    {
        QJsonObject p = validProfile();
        p.insert(QStringLiteral("ca_file"), QStringLiteral("profile.json")); // exists, holds no PEM
        QTest::newRow("ca file without a certificate")
            << doc(p) << QStringList{QStringLiteral("ca_file"), QStringLiteral("PEM")};
    }
    {
        QJsonObject p = validProfile();
        p.remove(QStringLiteral("smileid"));
        p.remove(QStringLiteral("trustswiftly"));
        QTest::newRow("no provider") << doc(p) << QStringList{QStringLiteral("trustswiftly")};
    }
}

void tst_ConnectionProfile::rejectsWithFileAndField()
{
    QFETCH(QByteArray, contents);
    QFETCH(QStringList, mentions);

    const QString path = writeProfile(contents);
    QVERIFY(!path.isEmpty());
    QString error;
    const auto profile = ConnectionProfile::load(path, &error);
    QVERIFY(!profile.has_value());
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    for (const QString& mention : mentions)
        QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' not in: %2").arg(mention, error)));
}

void tst_ConnectionProfile::privateFileRequired()
{
    ConnectionProfile::LoadOptions options;
    options.requirePrivateFile = true;
    const QByteArray contents = QJsonDocument(validProfile()).toJson();

    const QString open = writeProfile(contents, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                                    QFile::ReadOther); // 0644
    QVERIFY(!open.isEmpty());
    QString error;
    QVERIFY(!ConnectionProfile::load(open, options, &error).has_value());
    QVERIFY2(error.contains(open), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("chmod 600")), qPrintable(error));

    const QString groupWritable =
        writeProfile(contents, QFile::ReadOwner | QFile::WriteOwner | QFile::WriteGroup); // 0620
    error.clear();
    QVERIFY(!ConnectionProfile::load(groupWritable, options, &error).has_value());
    QVERIFY2(error.contains(QStringLiteral("chmod 600")), qPrintable(error));

    const QString closed = writeProfile(contents, QFile::ReadOwner | QFile::WriteOwner); // 0600
    error.clear();
    const auto profile = ConnectionProfile::load(closed, options, &error);
    QVERIFY2(profile.has_value(), qPrintable(error));
    QCOMPARE(profile->section<TrustSwiftlySettings>()->apiKey, QStringLiteral("ts-key"));
}

void tst_ConnectionProfile::groupReadableAcceptedWhenNotRequired()
{
    // The GUI keeps secrets in the keychain, so it may read a shared profile.
    const QString path =
        writeProfile(QJsonDocument(validProfile()).toJson(),
                     QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QString error;
    QVERIFY2(ConnectionProfile::load(path, &error).has_value(), qPrintable(error));
}

void tst_ConnectionProfile::apiKeyFromEnvironment()
{
    QJsonObject p = validProfile();
    p.insert(QStringLiteral("trustswiftly"),
             QJsonObject{{QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:8443/ts")}});
    const QString path = writeProfile(p);

    QString error;
    QVERIFY(!ConnectionProfile::load(path, &error).has_value()); // no key anywhere yet

    qputenv(kApiKeyEnv, "key-from-environment");
    error.clear();
    const auto profile = ConnectionProfile::load(path, &error);
    QVERIFY2(profile.has_value(), qPrintable(error));
    QCOMPARE(profile->section<TrustSwiftlySettings>()->apiKey, QStringLiteral("key-from-environment"));
}

void tst_ConnectionProfile::apiKeyInFileWinsOverEnvironment()
{
    qputenv(kApiKeyEnv, "key-from-environment");
    const QString path = writeProfile(validProfile());
    QString error;
    const auto profile = ConnectionProfile::load(path, &error);
    QVERIFY2(profile.has_value(), qPrintable(error));
    QCOMPARE(profile->section<TrustSwiftlySettings>()->apiKey, QStringLiteral("ts-key"));
}

void tst_ConnectionProfile::environmentIgnoredWhenDisabled()
{
    qputenv(kApiKeyEnv, "key-from-environment");
    QJsonObject p = validProfile();
    p.insert(QStringLiteral("trustswiftly"),
             QJsonObject{{QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:8443/ts")}});
    const QString path = writeProfile(p);
    ConnectionProfile::LoadOptions options;
    options.secretsFromEnvironment = false;
    QString error;
    QVERIFY(!ConnectionProfile::load(path, options, &error).has_value());
    QVERIFY2(error.contains(QStringLiteral("trustswiftly.api_key")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_ConnectionProfile)
#include "tst_connectionprofile.moc"
