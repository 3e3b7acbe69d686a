// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include "SandboxServer.h"
#include "domain/ConnectionProfile.h"
#include "net/PublicKeyPin.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/smartid/SmartIdSettings.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"
#include "services/ConnectionTester.h"
#include "services/InMemorySecretStore.h"
#include "services/KeychainSecretStore.h"
#include "services/ProfileExchange.h"
#include "services/ProfileRepository.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>

/// Connection profiles in the core: Test connection against the sandbox over real TLS, secrets
/// kept out of the settings file, export / import without secrets, the 0600 CLI profile.
class TestProfilesCore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void testConnectionSucceeds();
    void wrongKeyIsAnAuthError();
    void sdkFinanceWrongPasswordIsAnAuthError();
    void untrustedCaIsATlsErrorWithTheReason();
    void pinnedKeyMismatchIsATlsError();
    void correctPinIsAccepted();
    void smartIdIsOnlyCheckedForReachability();
    void smileIdKeyIsVerifiedOnlyBySmileId();
    void noSecretInTheSettingsFile();
    void exportHoldsNoSecret();
    void importStripsSecretsWithAWarning();
    void cliProfileIsPrivate();
    void keychainRoundTrip();

private:
    ConnectionTestResult runTest(const ConnectionProfile& profile, const QString& provider);
    ConnectionProfile sandboxProfile() const;

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profilePath;
};

void TestProfilesCore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // QSettings in the temporary folder, as an INI file we can read back.
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityDeskTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_profiles_core"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));
    SandboxServer::Options options;
    options.users = 50;
    options.seed = 9;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profilePath = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profilePath, &error), qPrintable(error));
}

ConnectionProfile TestProfilesCore::sandboxProfile() const
{
    QString error;
    ConnectionProfile::LoadOptions options;
    options.secretsFromEnvironment = false;
    const auto profile = ConnectionProfile::load(m_profilePath, options, &error);
    if (!profile)
        qFatal("cannot load the sandbox profile: %s", qPrintable(error));
    return *profile;
}

ConnectionTestResult TestProfilesCore::runTest(const ConnectionProfile& profile, const QString& provider)
{
    ConnectionTester tester;
    tester.setTimeoutMs(10000);
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.test(profile, provider);
    if (!finished.wait(30000))
        qFatal("Test connection of %s did not finish", qPrintable(provider));
    return finished.first().first().value<ConnectionTestResult>();
}

void TestProfilesCore::testConnectionSucceeds()
{
    const ConnectionProfile profile = sandboxProfile();
    QVERIFY(profile.section<TrustSwiftlySettings>() && profile.section<SdkFinanceSettings>());
    const ConnectionTestResult ts = runTest(profile, QStringLiteral("trustswiftly"));
    QVERIFY2(ts.ok, qPrintable(ts.message));
    QVERIFY(ts.keyVerified);
    QVERIFY(ts.message.contains(QStringLiteral("Trust Swiftly")));
    const ConnectionTestResult sdk = runTest(profile, QStringLiteral("sdkfinance"));
    QVERIFY2(sdk.ok, qPrintable(sdk.message));
    // The harmless calls reached the sandbox.
    bool sawTemplates = false, sawLogin = false;
    for (const RecordedRequest& r : m_sandbox->requestLog()) {
        sawTemplates |= r.path.endsWith(QLatin1String("/api/settings/templates/verifications"));
        sawLogin |= r.path.endsWith(QLatin1String("/authorization"));
    }
    QVERIFY(sawTemplates);
    QVERIFY(sawLogin);
}

void TestProfilesCore::wrongKeyIsAnAuthError()
{
    ConnectionProfile profile = sandboxProfile();
    profile.section<TrustSwiftlySettings>()->apiKey = QStringLiteral("not-the-key");
    const ConnectionTestResult r = runTest(profile, QStringLiteral("trustswiftly"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QCOMPARE(r.error.httpStatus, 401);
    QVERIFY2(r.message.contains(QStringLiteral("not authorised")), qPrintable(r.message));
}

void TestProfilesCore::sdkFinanceWrongPasswordIsAnAuthError()
{
    ConnectionProfile profile = sandboxProfile();
    profile.section<SdkFinanceSettings>()->password = QStringLiteral("wrong-password");
    const ConnectionTestResult r = runTest(profile, QStringLiteral("sdkfinance"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
}

void TestProfilesCore::untrustedCaIsATlsErrorWithTheReason()
{
    ConnectionProfile profile = sandboxProfile();
    profile.caCertificates.clear(); // the sandbox's CA is not trusted
    const ConnectionTestResult r = runTest(profile, QStringLiteral("trustswiftly"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::Tls);
    QVERIFY2(r.error.detail.contains(QStringLiteral("issuer"), Qt::CaseInsensitive) ||
                 r.error.detail.contains(QStringLiteral("self signed"), Qt::CaseInsensitive) ||
                 r.error.detail.contains(QStringLiteral("not trusted"), Qt::CaseInsensitive),
             qPrintable(r.error.detail));
    QVERIFY(r.message.contains(QStringLiteral("TLS")));
}

void TestProfilesCore::pinnedKeyMismatchIsATlsError()
{
    ConnectionProfile profile = sandboxProfile();
    const QString wrongPin = QString::fromLatin1(QByteArray(32, 'x').toBase64());
    profile.section<TrustSwiftlySettings>()->pinSha256 = wrongPin;
    m_sandbox->clearRequestLog();
    const ConnectionTestResult r = runTest(profile, QStringLiteral("trustswiftly"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::Tls);
    QVERIFY2(r.error.detail.contains(QStringLiteral("pinned key mismatch")), qPrintable(r.error.detail));
    QVERIFY(r.error.detail.contains(wrongPin));
    QVERIFY(r.error.detail.contains(PublicKeyPin::of(m_sandbox->serverCertificate())));
    // Aborted after the handshake, before the request was written.
    QVERIFY(m_sandbox->requestLog().isEmpty());
}

void TestProfilesCore::correctPinIsAccepted()
{
    // The expected pin computed independently, by the openssl command line.
    const QString certPath = m_dir.filePath(QStringLiteral("server.pem"));
    QFile cert(certPath);
    QVERIFY(cert.open(QIODevice::WriteOnly));
    cert.write(m_sandbox->serverCertificate().toPem());
    cert.close();
    QProcess openssl;
    openssl.start(QStringLiteral("sh"),
                  {QStringLiteral("-c"),
                   QStringLiteral("openssl x509 -in '%1' -pubkey -noout | openssl pkey -pubin -outform der | "
                                  "openssl dgst -sha256 -binary | openssl base64 -A")
                       .arg(certPath)});
    QVERIFY(openssl.waitForFinished(20000));
    const QString pin = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
    QCOMPARE(pin.size(), 44);
    QCOMPARE(PublicKeyPin::of(m_sandbox->serverCertificate()), pin);
    QVERIFY(PublicKeyPin::isWellFormed(pin));

    ConnectionProfile profile = sandboxProfile();
    profile.section<TrustSwiftlySettings>()->pinSha256 = pin;
    const ConnectionTestResult r = runTest(profile, QStringLiteral("trustswiftly"));
    QVERIFY2(r.ok, qPrintable(r.message));
}

void TestProfilesCore::smartIdIsOnlyCheckedForReachability()
{
    const ConnectionProfile profile = sandboxProfile();
    if (!profile.section<SmartIdSettings>())
        QSKIP("the sandbox has no SmartID emulator");
    const ConnectionTestResult r = runTest(profile, QStringLiteral("smartid"));
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY(!r.keyVerified);
    QVERIFY(r.message.contains(QStringLiteral("cannot be verified without a state change")));

    ConnectionProfile untrusted = profile;
    untrusted.caCertificates.clear();
    const ConnectionTestResult bad = runTest(untrusted, QStringLiteral("smartid"));
    QVERIFY(!bad.ok);
    QCOMPARE(bad.error.kind, ApiError::Kind::Tls);
}

void TestProfilesCore::smileIdKeyIsVerifiedOnlyBySmileId()
{
    ConnectionProfile profile = sandboxProfile();
    QVERIFY(profile.section<SmileIdSettings>());
    // The sandbox's Smile ID answers the signed status request of an unknown job with its own code.
    const ConnectionTestResult good = runTest(profile, QStringLiteral("smileid"));
    QVERIFY2(good.ok, qPrintable(good.message));
    QVERIFY(good.keyVerified);
    // A wrong key: Smile ID refuses the signature.
    ConnectionProfile wrongKey = profile;
    wrongKey.section<SmileIdSettings>()->apiKey = QStringLiteral("not-the-key");
    const ConnectionTestResult refused = runTest(wrongKey, QStringLiteral("smileid"));
    QVERIFY(!refused.ok);
    QCOMPARE(refused.error.kind, ApiError::Kind::Auth);
    // An api_url that is not Smile ID's: the 404 there proves nothing about the key.
    ConnectionProfile wrongUrl = profile;
    QUrl elsewhere = profile.section<SmileIdSettings>()->apiUrl;
    elsewhere.setPath(QStringLiteral("/not-smile-id"));
    wrongUrl.section<SmileIdSettings>()->apiUrl = elsewhere;
    const ConnectionTestResult nowhere = runTest(wrongUrl, QStringLiteral("smileid"));
    QVERIFY2(!nowhere.ok, qPrintable(nowhere.message));
    QVERIFY(!nowhere.keyVerified);
    QCOMPARE(nowhere.error.httpStatus, 404);
    QVERIFY2(nowhere.message.contains(QLatin1String("without a Smile ID answer")) &&
                 nowhere.message.contains(QLatin1String("API URL")),
             qPrintable(nowhere.message));
}

void TestProfilesCore::noSecretInTheSettingsFile()
{
    InMemorySecretStore secrets;
    ProfileRepository repository(&secrets);
    ConnectionProfile profile = sandboxProfile();
    profile.name = QStringLiteral("Acme production");
    profile.declaredEnvironment = QStringLiteral("production");
    profile.setSection<SmileIdSettings>(SmileIdSettings{
        QUrl(QStringLiteral("https://portal.example")), QUrl(QStringLiteral("https://api.example")),
        QStringLiteral("0042"), QStringLiteral("smile-secret-KEY-123"), QStringLiteral("ops@example.com"),
        QStringLiteral("production"), QString()});
    profile.setSection<SmartIdSettings>(SmartIdSettings{QUrl(QStringLiteral("https://smartid.example")),
                                                        QStringLiteral("smartid-secret-KEY-456"), QString()});
    const QStringList secretValues = {
        profile.section<SmileIdSettings>()->apiKey, profile.section<SdkFinanceSettings>()->password,
        profile.section<TrustSwiftlySettings>()->apiKey, profile.section<SmartIdSettings>()->apiKey};
    QSignalSpy unused(&repository, &ProfileRepository::profilesChanged);
    bool saved = false;
    QString saveError;
    const QString id = repository.save(profile, [&](const QString& error) {
        saved = true;
        saveError = error;
    });
    QTRY_VERIFY(saved);
    QVERIFY2(saveError.isEmpty(), qPrintable(saveError));
    QCOMPARE(secrets.count(), 4);

    const QString settingsPath = QSettings().fileName();
    QVERIFY2(settingsPath.startsWith(m_dir.path()), qPrintable(settingsPath));
    QFile file(settingsPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("Acme production"));
    QVERIFY(bytes.contains("0042")); // the partner id, verbatim
    for (const QString& secret : secretValues) {
        QVERIFY(!secret.isEmpty());
        QVERIFY2(!bytes.contains(secret.toUtf8()),
                 qPrintable(QStringLiteral("secret in %1").arg(settingsPath)));
    }

    // Read back: the secrets come from the secret store.
    std::optional<ConnectionProfile> resolved;
    bool done = false;
    repository.resolve(id, [&](const std::optional<ConnectionProfile>& p, const QString&) {
        resolved = p;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(resolved);
    QCOMPARE(resolved->section<SmileIdSettings>()->partnerId, QStringLiteral("0042"));
    QCOMPARE(resolved->section<SmileIdSettings>()->apiKey, profile.section<SmileIdSettings>()->apiKey);
    QCOMPARE(resolved->section<SdkFinanceSettings>()->password,
             profile.section<SdkFinanceSettings>()->password);
    QVERIFY(resolved->isProduction());
    QVERIFY(!resolved->caCertificates.isEmpty());
}

void TestProfilesCore::exportHoldsNoSecret()
{
    const ConnectionProfile profile = sandboxProfile();
    const QByteArray json = ProfileExchange::exportProfiles({profile});
    QVERIFY(json.contains("trustswiftly"));
    QVERIFY(!json.contains(profile.section<TrustSwiftlySettings>()->apiKey.toUtf8()));
    QVERIFY(!json.contains(profile.section<SdkFinanceSettings>()->password.toUtf8()));
    QVERIFY(!json.contains("api_key"));
    QVERIFY(!json.contains("password"));
}

void TestProfilesCore::importStripsSecretsWithAWarning()
{
    // The sandbox's own profile file holds secrets.
    QFile file(m_profilePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList warnings;
    QString error;
    const auto imported = ProfileExchange::importProfiles(file.readAll(), &warnings, &error);
    QVERIFY2(imported, qPrintable(error));
    QCOMPARE(imported->size(), 1);
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(QStringLiteral("trustswiftly.api_key")));
    QVERIFY(warnings.first().contains(QStringLiteral("sdkfinance.password")));
    QVERIFY(warnings.first().contains(QStringLiteral("NOT imported")));
    QVERIFY(imported->first().section<TrustSwiftlySettings>()->apiKey.isEmpty());
    QVERIFY(imported->first().section<SdkFinanceSettings>()->password.isEmpty());
    QCOMPARE(imported->first().section<SdkFinanceSettings>()->login,
             sandboxProfile().section<SdkFinanceSettings>()->login);

    // An export (no secrets) imports without a warning; a malformed URL is refused.
    warnings.clear();
    QVERIFY(ProfileExchange::importProfiles(ProfileExchange::exportProfiles({sandboxProfile()}), &warnings,
                                            &error));
    QVERIFY(warnings.isEmpty());
    const QByteArray bad = R"({"name":"x","trustswiftly":{"base_url":"http://plain.example"}})";
    QVERIFY(!ProfileExchange::importProfiles(bad, &warnings, &error));
    QVERIFY2(error.contains(QStringLiteral("https://")), qPrintable(error));
}

void TestProfilesCore::cliProfileIsPrivate()
{
    const QString path = m_dir.filePath(QStringLiteral("cli-profile.json"));
    QString error;
    ConnectionProfile profile = sandboxProfile();
    profile.caFile = QFileInfo(profile.caFile).absoluteFilePath();
    QVERIFY2(ProfileExchange::writeCliProfile(path, profile, &error), qPrintable(error));
    QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // identitydesk-cli's loader accepts it as a private file with its secrets.
    ConnectionProfile::LoadOptions options;
    options.requirePrivateFile = true;
    options.secretsFromEnvironment = false;
    const auto loaded = ConnectionProfile::load(path, options, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->section<TrustSwiftlySettings>()->apiKey,
             profile.section<TrustSwiftlySettings>()->apiKey);
}

void TestProfilesCore::keychainRoundTrip()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() ||
        !bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets"))) {
        // Under tools/with-secret-service (as ctest runs it) a missing keychain is a failure.
        if (qEnvironmentVariableIsSet("IDENTITYDESK_REQUIRE_SECRET_SERVICE"))
            QFAIL("No Secret Service (org.freedesktop.secrets) on the D-Bus session bus.");
        QSKIP(
            "No Secret Service (org.freedesktop.secrets) on the D-Bus session bus: the keychain test needs a "
            "desktop session with gnome-keyring or KeePassXC's Secret Service; skipped.");
    }
    KeychainSecretStore store(QStringLiteral("IdentityDesk-tests"));
    const QString key = QStringLiteral("tst_profiles_core/%1").arg(QCoreApplication::applicationPid());
    SecretStore::Result written, read, removed;
    bool w = false, r = false, d = false;
    store.write(key, QStringLiteral("s3cret"), this, [&](const SecretStore::Result& x) {
        written = x;
        w = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(w, 30000);
    QVERIFY2(written.ok(), qPrintable(written.error));
    store.read(key, this, [&](const SecretStore::Result& x) {
        read = x;
        r = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(r, 30000);
    QCOMPARE(read.value, QStringLiteral("s3cret"));
    store.remove(key, this, [&](const SecretStore::Result& x) {
        removed = x;
        d = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(d, 30000);
    QVERIFY(removed.ok());
}

QTEST_GUILESS_MAIN(TestProfilesCore)
#include "tst_profiles_core.moc"
