// SPDX-License-Identifier: GPL-3.0-or-later
// Connection profiles in the GUI: the editor validates as you type, Test connection reports the
// sandbox's answer, an import with secrets warns, a production profile is unmistakable (banner,
// title, confirmation before an action), the first-run wizard.
#include "UiTestFixture.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/smartid/SmartIdSettings.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include "SandboxServer.h"
#include "bulk/BulkJobDialog.h"
#include "dialogs/ActionDialog.h"
#include "i18n/Translations.h"
#include "main/MainWindow.h"
#include "providers/smileid/SmileIdClient.h"
#include "services/ActionService.h"
#include "services/InMemorySecretStore.h"
#include "services/KeychainSecretStore.h"
#include "services/ProfileRepository.h"
#include "services/ProxySettings.h"
#include "services/Session.h"
#include "settings/FirstRunWizard.h"
#include "settings/NetworkSettingsDialog.h"
#include "settings/ProfileForm.h"
#include "settings/ProfilesController.h"
#include "settings/ProfilesDialog.h"
#include "widgets/MessageBanner.h"
#include <QMenu>

#include <QAction>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkProxy>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

class TestProfilesGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validatesAsYouType();
    void testConnectionReportsSuccessAndAuthFailure();
    void savingKeepsSecretsOutOfTheSettingsFile();
    void importWithSecretsWarns();
    void productionBannerAndTitleMarker();
    void confirmationBeforeAnActionOnProduction();
    void firstRunWizard();
    void manualProxyKeepsItsPasswordOutOfSettings();
    void withoutKeychainSecretsNeedTheUsersOptIn();
    void withAKeychainSecretsOutliveTheConsole();
    void demoNeverListsOrOpensAProductionProfile();
    void menusAsDesktopUsersExpect();

private:
    void fillFromSandbox(ProfileForm* form);
    ConnectionProfile sandboxProfile() const;
    /// Reads a secret and waits for the answer (at most 30 s).
    SecretStore::Result readSecret(SecretStore* store, const QString& key);

    UiTestFixture m_fixture;
    QTemporaryDir m_settingsDir;
    InMemorySecretStore m_secrets;
    std::unique_ptr<ProfileRepository> m_repository;
};

void TestProfilesGui::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityDeskTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_profiles_gui"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    QVERIFY2(m_fixture.startSandbox(200, &error), qPrintable(error));
    m_repository = std::make_unique<ProfileRepository>(&m_secrets);
}

ConnectionProfile TestProfilesGui::sandboxProfile() const
{
    QString error;
    ConnectionProfile::LoadOptions options;
    options.secretsFromEnvironment = false;
    const auto p = ConnectionProfile::load(m_fixture.profilePath(), options, &error);
    if (!p)
        qFatal("%s", qPrintable(error));
    return *p;
}

void TestProfilesGui::fillFromSandbox(ProfileForm* form)
{
    ConnectionProfile p = sandboxProfile();
    p.name = QStringLiteral("Sandbox");
    form->setProfile(p);
}

void TestProfilesGui::validatesAsYouType()
{
    ProfilesDialog dialog(m_repository.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ProfileForm* form = dialog.form();
    auto* save = dialog.findChild<QPushButton*>(QStringLiteral("saveProfile"));

    // A new profile uses no provider yet: it cannot be saved.
    QVERIFY(!save->isEnabled());
    auto* name = form->field(QStringLiteral("name"));
    name->clear();
    QCOMPARE(form->fieldProblem(QStringLiteral("name")), QStringLiteral("Required."));
    QTest::keyClicks(name, QStringLiteral("Acme test"));
    QVERIFY(form->fieldProblem(QStringLiteral("name")).isEmpty());

    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(3);
    form->findChild<QGroupBox*>(QStringLiteral("trustswiftly.enabled"))->setChecked(true);
    auto* url = form->field(QStringLiteral("trustswiftly.base_url"));
    QVERIFY(
        form->fieldProblem(QStringLiteral("trustswiftly.base_url")).startsWith(QStringLiteral("Required")));
    QTest::keyClicks(url, QStringLiteral("http://acme.trustswiftly.com"));
    QCOMPARE(form->fieldProblem(QStringLiteral("trustswiftly.base_url")),
             QStringLiteral("Must start with https:// (TLS is always on)."));
    auto* problemLabel = form->findChild<QLabel*>(QStringLiteral("trustswiftly.base_url.problem"));
    QVERIFY(problemLabel->isVisible());
    url->clear();
    QTest::keyClicks(url, QStringLiteral("https://acme.trustswiftly.com?x=1"));
    QVERIFY(form->fieldProblem(QStringLiteral("trustswiftly.base_url")).contains(QStringLiteral("query")));
    url->clear();
    QTest::keyClicks(url, QStringLiteral("https://acme.trustswiftly.com"));
    QVERIFY(form->fieldProblem(QStringLiteral("trustswiftly.base_url")).isEmpty());
    QVERIFY(!problemLabel->isVisible());
    QVERIFY(!save->isEnabled()); // the API key is still missing
    QTest::keyClicks(form->field(QStringLiteral("trustswiftly.api_key")), QStringLiteral("k"));
    auto* pin = form->field(QStringLiteral("trustswiftly.pin_sha256"));
    QTest::keyClicks(pin, QStringLiteral("not-a-pin"));
    QVERIFY(
        form->fieldProblem(QStringLiteral("trustswiftly.pin_sha256")).contains(QStringLiteral("SHA-256")));
    QVERIFY(!save->isEnabled());
    pin->clear();
    QVERIFY(save->isEnabled());

    // Smile ID: the partner id is kept verbatim (leading zeros) and spaces are refused, not trimmed.
    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(1);
    form->findChild<QGroupBox*>(QStringLiteral("smileid.enabled"))->setChecked(true);
    auto* partner = form->field(QStringLiteral("smileid.partner_id"));
    QTest::keyClicks(partner, QStringLiteral(" 0042"));
    QVERIFY(form->fieldProblem(QStringLiteral("smileid.partner_id")).contains(QStringLiteral("spaces")));
    partner->clear();
    QTest::keyClicks(partner, QStringLiteral("0042"));
    QVERIFY(form->fieldProblem(QStringLiteral("smileid.partner_id")).isEmpty());
    QCOMPARE(form->profile().section<SmileIdSettings>()->partnerId, QStringLiteral("0042"));
    QVERIFY(form->field(QStringLiteral("smileid.portal_url"))
                ->placeholderText()
                .contains(QLatin1String("portal.smileidentity.com")));
    // A new profile starts from Smile ID's test hosts; they follow the environment chosen, until the
    // user types a URL of their own.
    auto* portal = form->field(QStringLiteral("smileid.portal_url"));
    auto* api = form->field(QStringLiteral("smileid.api_url"));
    QCOMPARE(portal->text(), QStringLiteral("https://portal.smileidentity.com"));
    QCOMPARE(api->text(), QStringLiteral("https://testapi.smileidentity.com"));
    auto* smileEnvironment = form->findChild<QComboBox*>(QStringLiteral("smileid.environment"));
    QVERIFY(smileEnvironment);
    smileEnvironment->setFocus();
    QTest::keyClick(smileEnvironment, Qt::Key_Down);
    QCOMPARE(smileEnvironment->currentData().toString(), QStringLiteral("production"));
    QCOMPARE(portal->text(), QStringLiteral("https://prod.smileidentity.com"));
    QCOMPARE(api->text(), QStringLiteral("https://api.smileidentity.com"));
    QCOMPARE(form->profile().section<SmileIdSettings>()->apiUrl,
             QUrl(QStringLiteral("https://api.smileidentity.com")));
    api->clear();
    QTest::keyClicks(api, QStringLiteral("https://gateway.example.com/smile"));
    QTest::keyClick(smileEnvironment, Qt::Key_Up);
    QCOMPARE(smileEnvironment->currentData().toString(), QStringLiteral("test"));
    QCOMPARE(portal->text(), QStringLiteral("https://portal.smileidentity.com"));
    QCOMPARE(api->text(), QStringLiteral("https://gateway.example.com/smile"));
    QVERIFY(form->fieldProblem(QStringLiteral("smileid.portal_url")).isEmpty());
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("profiles-validation")));

    // SDK.Finance starts from its public API (docs/architecture.md section 3), which a tenant may override.
    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(2);
    form->findChild<QGroupBox*>(QStringLiteral("sdkfinance.enabled"))->setChecked(true);
    QCOMPARE(form->field(QStringLiteral("sdkfinance.base_url"))->text(),
             QStringLiteral("https://sdkfinance.app/api/v1"));
    QVERIFY(form->fieldProblem(QStringLiteral("sdkfinance.base_url")).isEmpty());
    QVERIFY(form->fieldProblem(QStringLiteral("sdkfinance.login")).startsWith(QStringLiteral("Required")));
    QCOMPARE(form->profile().section<SdkFinanceSettings>()->baseUrl,
             QUrl(QStringLiteral("https://sdkfinance.app/api/v1")));
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("profiles-sdkfinance-default")));
}

void TestProfilesGui::testConnectionReportsSuccessAndAuthFailure()
{
    ProfilesDialog dialog(m_repository.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ProfileForm* form = dialog.form();
    fillFromSandbox(form);
    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(3);
    auto* test = form->findChild<QPushButton*>(QStringLiteral("trustswiftly.test"));
    auto* result = form->findChild<QLabel*>(QStringLiteral("trustswiftly.testResult"));
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("accepted")), 20000);
    QVERIFY(test->isEnabled());

    auto* key = form->field(QStringLiteral("trustswiftly.api_key"));
    key->clear();
    QTest::keyClicks(key, QStringLiteral("wrong-key"));
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("not authorised")), 20000);
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("profiles-test-connection")));

    // The CA file removed: the TLS problem is named.
    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(0);
    form->field(QStringLiteral("ca_file"))->clear();
    form->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(3);
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("TLS")), 20000);
}

void TestProfilesGui::savingKeepsSecretsOutOfTheSettingsFile()
{
    ProfilesDialog dialog(m_repository.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillFromSandbox(dialog.form());
    QSignalSpy saved(&dialog, &ProfilesDialog::profileSaved);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("saveProfile")), Qt::LeftButton);
    QVERIFY(saved.wait(5000));
    QVERIFY(dialog.statusText().contains(QStringLiteral("Saved")));
    const ConnectionProfile p = sandboxProfile();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("Sandbox"));
    QVERIFY(!bytes.contains(p.section<TrustSwiftlySettings>()->apiKey.toUtf8()));
    QVERIFY(!bytes.contains(p.section<SdkFinanceSettings>()->password.toUtf8()));
    if (p.section<SmartIdSettings>())
        QVERIFY(!bytes.contains(p.section<SmartIdSettings>()->apiKey.toUtf8()));

    // Opening it again fills the secrets from the secret store.
    ProfilesDialog again(m_repository.get());
    again.selectProfile(saved.first().first().toString());
    QTRY_COMPARE(again.form()->field(QStringLiteral("trustswiftly.api_key"))->text(),
                 p.section<TrustSwiftlySettings>()->apiKey);
}

void TestProfilesGui::importWithSecretsWarns()
{
    ProfilesDialog dialog(m_repository.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const int before = dialog.findChild<QListWidget*>(QStringLiteral("profileList"))->count();
    dialog.importFile(m_fixture.profilePath()); // the sandbox's CLI profile: it holds API keys
    QVERIFY(dialog.statusText().contains(QStringLiteral("NOT imported")));
    QVERIFY(dialog.statusText().contains(QStringLiteral("trustswiftly.api_key")));
    QCOMPARE(dialog.findChild<QListWidget*>(QStringLiteral("profileList"))->count(), before + 1);
    QTRY_VERIFY(dialog.form()->field(QStringLiteral("name"))->text() == QStringLiteral("sandbox"));
    QVERIFY(dialog.form()->field(QStringLiteral("trustswiftly.api_key"))->text().isEmpty());
    // The relative ca_file is resolved against the imported file's folder.
    QCOMPARE(dialog.form()->field(QStringLiteral("ca_file"))->text(), sandboxProfile().caFile);
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("profiles-import-warning")));
}

void TestProfilesGui::productionBannerAndTitleMarker()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionProfile profile = sandboxProfile();
    profile.name = QStringLiteral("Acme production");
    profile.declaredEnvironment = QStringLiteral("production");
    QVERIFY(window.openConnection(profile));
    auto* banner = window.findChild<QLabel*>(QStringLiteral("productionBanner"));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("PRODUCTION")));
    QVERIFY(banner->text().contains(QStringLiteral("Acme production")));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("[PRODUCTION]")));
    QVERIFY(UiTestFixture::screenshot(&window, QStringLiteral("profiles-production-window")));
    // A bulk job opened on this profile says so too (and asks once more at Submit: tst_bulk_gui).
    window.findChild<QAction*>(QStringLiteral("newBulkJobAction"))->trigger();
    BulkJobDialog* bulk = nullptr;
    QTRY_VERIFY((bulk = window.findChild<BulkJobDialog*>()) && bulk->isVisible());
    auto* bulkProduction = bulk->findChild<QLabel*>(QStringLiteral("bulkProduction"));
    QVERIFY(bulkProduction && bulkProduction->isVisible());
    QVERIFY(bulkProduction->text().contains(QStringLiteral("Acme production")));
    bulk->close(); // deletes itself
    QTRY_VERIFY(!window.findChild<BulkJobDialog*>());

    profile.name = QStringLiteral("Acme test");
    profile.declaredEnvironment = QStringLiteral("test");
    QVERIFY(window.openConnection(profile));
    QVERIFY(!banner->isVisible());
    QVERIFY(!window.windowTitle().contains(QStringLiteral("PRODUCTION")));
    window.findChild<QAction*>(QStringLiteral("newBulkJobAction"))->trigger();
    QTRY_VERIFY((bulk = window.findChild<BulkJobDialog*>()) && bulk->isVisible());
    QVERIFY(!bulk->findChild<QLabel*>(QStringLiteral("bulkProduction"))->isVisible());
    bulk->close();
}

void TestProfilesGui::confirmationBeforeAnActionOnProduction()
{
    SmileIdSettings settings;
    settings.portalUrl = QUrl(QStringLiteral("https://portal.example.invalid"));
    settings.apiUrl = settings.portalUrl;
    settings.partnerId = QStringLiteral("0042");
    settings.apiKey = QStringLiteral("k");
    settings.email = QStringLiteral("ops@example.com");
    settings.environment = QStringLiteral("production");
    SmileIdClient client(settings, {});
    ActionService service(m_fixture.store());
    service.setOperator(m_fixture.signIn(QStringLiteral("officer")));
    service.registerExecutor(&client);
    ActionRequest request;
    request.provider = QStringLiteral("smileid");
    request.action = QStringLiteral("flag");
    request.userId = QStringLiteral("REF-000042");
    request.params = {{QStringLiteral("flag"), QStringLiteral("active")}, {QStringLiteral("value"), false}};

    ActionDialog dialog(&service, request);
    dialog.setProductionEnvironment(QStringLiteral("Acme production"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("actionReason")), QStringLiteral("Case 7"));
    auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(ok->isEnabled());

    // First click: the question, naming the environment and the profile; cancelling keeps the dialog open.
    QTest::mouseClick(ok, Qt::LeftButton);
    auto* box = dialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("PRODUCTION")));
    QVERIFY(box->text().contains(QStringLiteral("Acme production")));
    QVERIFY(box->informativeText().contains(QStringLiteral("REF-000042")));
    QCOMPARE(accepted.count(), 0);
    QVERIFY(UiTestFixture::screenshot(box, QStringLiteral("profiles-production-confirmation")));
    QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("productionCancel")), Qt::LeftButton);
    QTest::qWait(50);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());

    // Second time confirmed: the dialog accepts (the caller submits).
    QTest::mouseClick(ok, Qt::LeftButton);
    QMessageBox* second = nullptr;
    QTRY_VERIFY((second = dialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation"))) &&
                second->isVisible());
    QTest::mouseClick(second->findChild<QPushButton*>(QStringLiteral("productionConfirm")), Qt::LeftButton);
    QTRY_COMPARE(accepted.count(), 1);

    // A test profile: no question.
    ActionDialog testDialog(&service, request);
    testDialog.show();
    QSignalSpy testAccepted(&testDialog, &QDialog::accepted);
    QTest::keyClicks(testDialog.findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 8"));
    QTest::mouseClick(testDialog.findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QCOMPARE(testAccepted.count(), 1);
    QVERIFY(!testDialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation")));
}

void TestProfilesGui::firstRunWizard()
{
    FirstRunWizard wizard;
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.choice(), FirstRunWizard::Choice::Demo);
    QVERIFY(UiTestFixture::screenshot(&wizard, QStringLiteral("profiles-first-run-wizard")));
    auto* connect = wizard.findChild<QRadioButton*>(QStringLiteral("choiceConnect"));
    QTest::mouseClick(connect, Qt::LeftButton, {}, QPoint(8, connect->height() / 2)); // on the indicator
    QCOMPARE(wizard.choice(), FirstRunWizard::Choice::Connect);
}

void TestProfilesGui::manualProxyKeepsItsPasswordOutOfSettings()
{
    NetworkSettingsDialog dialog(&m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* mode = dialog.findChild<QComboBox*>(QStringLiteral("proxyMode"));
    QCOMPARE(mode->currentIndex(), 0); // the system's proxy by default
    mode->setCurrentIndex(1);
    auto* save = dialog.findChild<QPushButton*>(QStringLiteral("saveNetwork"));
    QVERIFY(!save->isEnabled());
    QVERIFY(
        dialog.findChild<QLabel*>(QStringLiteral("proxyProblem"))->text().contains(QStringLiteral("host")));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("proxyHost")),
                     QStringLiteral("proxy.acme.test"));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("proxyUser")), QStringLiteral("ops"));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("proxyPassword")),
                     QStringLiteral("proxy-PASS-789"));
    QVERIFY(save->isEnabled());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(accepted.count(), 1);
    QCOMPARE(QNetworkProxy::applicationProxy().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(QNetworkProxy::applicationProxy().hostName(), QStringLiteral("proxy.acme.test"));
    QCOMPARE(QNetworkProxy::applicationProxy().password(), QStringLiteral("proxy-PASS-789"));
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("proxy.acme.test"));
    QVERIFY(!bytes.contains("proxy-PASS-789"));
    // Back to the default for the tests that follow.
    ProxySettings().save();
    QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
}

namespace {
bool secretServiceRunning()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface() &&
           bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets"));
}
} // namespace

void TestProfilesGui::withoutKeychainSecretsNeedTheUsersOptIn()
{
    if (secretServiceRunning())
        QSKIP("A Secret Service is running: the no-keychain fallback cannot be shown.");
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ProfilesController controller;
    controller.attach(&window, false, true); // "Connect to my providers": the editor is wanted

    // No keychain: a clear message, and nothing is kept until the user opts in.
    QMessageBox* question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (question = window.findChild<QMessageBox*>(QStringLiteral("noKeychainQuestion"))) &&
            question->isVisible(),
        30000);
    QVERIFY(question->text().contains(QStringLiteral("keychain")));
    QVERIFY(!window.findChild<ProfilesDialog*>());
    QVERIFY(UiTestFixture::screenshot(question, QStringLiteral("profiles-no-keychain")));
    QAbstractButton* sessionOnly = nullptr;
    for (QAbstractButton* b : question->buttons())
        if (b->text().contains(QStringLiteral("only for this session")))
            sessionOnly = b;
    QVERIFY(sessionOnly);
    QTest::mouseClick(sessionOnly, Qt::LeftButton);

    ProfilesDialog* editor = nullptr;
    QTRY_VERIFY((editor = window.findChild<ProfilesDialog*>()) && editor->isVisible());
    QVERIFY(editor->findChild<QLabel*>(QStringLiteral("secretsNote"))
                ->text()
                .contains(QStringLiteral("session only")));

    // Saved there, the profile opens in the window from the session's secrets.
    fillFromSandbox(editor->form());
    editor->form()->field(QStringLiteral("name"))->setText(QStringLiteral("Acme test"));
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("saveProfile")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.session() != nullptr, 10000);
    QCOMPARE(window.session()->profile().name, QStringLiteral("Acme test"));
    QVERIFY(!window.session()->profile().section<TrustSwiftlySettings>()->apiKey.isEmpty());
    editor->close();
}

void TestProfilesGui::withAKeychainSecretsOutliveTheConsole()
{
    // ctest runs this under tools/with-secret-service (a private D-Bus session with gnome-keyring),
    // which sets IDENTITYDESK_REQUIRE_SECRET_SERVICE; elsewhere it would write to the desktop's own
    // keychain (the console's service name), so it does not run.
    if (!qEnvironmentVariableIsSet("IDENTITYDESK_REQUIRE_SECRET_SERVICE"))
        QSKIP("Runs under tools/with-secret-service only (ctest: tst_profiles_gui_keychain).");
    if (!secretServiceRunning())
        QFAIL("No Secret Service (org.freedesktop.secrets) on the D-Bus session bus.");
    const ConnectionProfile sandbox = sandboxProfile();
    {
        MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ProfilesController controller;
        controller.attach(&window, false, true);

        // The keychain answers: no question, the editor opens and says where secrets go.
        ProfilesDialog* editor = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((editor = window.findChild<ProfilesDialog*>()) && editor->isVisible(),
                                 30000);
        QVERIFY(!window.findChild<QMessageBox*>(QStringLiteral("noKeychainQuestion")));
        QCOMPARE(editor->findChild<QLabel*>(QStringLiteral("secretsNote"))->text(),
                 QStringLiteral("Secrets are kept in the system keychain."));
        fillFromSandbox(editor->form());
        editor->form()->field(QStringLiteral("name"))->setText(QStringLiteral("Acme keychain"));
        QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("saveProfile")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.session() != nullptr, 30000);
        QVERIFY(editor->statusText().contains(QStringLiteral("the system keychain")));
        QVERIFY(UiTestFixture::screenshot(editor, QStringLiteral("profiles-keychain")));
        editor->close();
    }

    // Not in the settings file...
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray settings = file.readAll();
    QVERIFY(settings.contains("Acme keychain"));
    QVERIFY(!settings.contains(sandbox.section<TrustSwiftlySettings>()->apiKey.toUtf8()));
    QVERIFY(!settings.contains(sandbox.section<SdkFinanceSettings>()->password.toUtf8()));

    // ...but in the keychain, under the profile's key.
    InMemorySecretStore unused;
    const QString id = ProfileRepository(&unused).currentProfileId();
    QVERIFY(!id.isEmpty());
    KeychainSecretStore keychain(QStringLiteral("IdentityDesk"));
    const QString key =
        ProfileRepository::secretKey(id, QStringLiteral("trustswiftly"), QStringLiteral("api_key"));
    const SecretStore::Result stored = readSecret(&keychain, key);
    QVERIFY2(stored.ok(), qPrintable(stored.error));
    QCOMPARE(stored.value, sandbox.section<TrustSwiftlySettings>()->apiKey);

    // The console starts again: the current profile opens with its secrets read from the keychain.
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ProfilesController controller;
    controller.attach(&window, true, false);
    QTRY_VERIFY_WITH_TIMEOUT(window.session() != nullptr, 30000);
    QCOMPARE(window.session()->profile().name, QStringLiteral("Acme keychain"));
    QCOMPARE(window.session()->profile().section<TrustSwiftlySettings>()->apiKey,
             sandbox.section<TrustSwiftlySettings>()->apiKey);
    QCOMPARE(window.session()->profile().section<SdkFinanceSettings>()->password,
             sandbox.section<SdkFinanceSettings>()->password);

    // Removing the profile removes its secrets from the keychain.
    ProfileRepository(&keychain).remove(id);
    QDeadlineTimer deadline(10000);
    while (readSecret(&keychain, key).status != SecretStore::Result::Status::NotFound &&
           !deadline.hasExpired())
        QTest::qWait(100);
    QCOMPARE(readSecret(&keychain, key).status, SecretStore::Result::Status::NotFound);
}

void TestProfilesGui::menusAsDesktopUsersExpect()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ProfilesController controller;
    controller.attach(&window, false, false);
    const auto titles = [&window] {
        QStringList t;
        for (QAction* a : window.menuBar()->actions())
            t << a->text().remove(u'&');
        return t;
    };
    const auto menuOf = [&window](const char* actionName) -> QString {
        for (QAction* top : window.menuBar()->actions())
            if (top->menu())
                for (QAction* a : top->menu()->actions())
                    if (a->objectName() == QLatin1String(actionName))
                        return top->text().remove(u'&');
        return QString();
    };
    // Profiles just before Help, Help last; Sign out and Quit in File; Help has the guide and shortcuts.
    QCOMPARE(titles().constLast(), QStringLiteral("Help"));
    QCOMPARE(titles().at(titles().size() - 2), QStringLiteral("Profiles"));
    QCOMPARE(menuOf("signOutAction"), QStringLiteral("File"));
    QCOMPARE(menuOf("quitAction"), QStringLiteral("File"));
    QCOMPARE(menuOf("userGuideAction"), QStringLiteral("Help"));
    QCOMPARE(menuOf("shortcutsAction"), QStringLiteral("Help"));
    QCOMPARE(menuOf("aboutAction"), QStringLiteral("Help"));
    // The guide is a local file (a build finds docs/ of its source tree).
    QVERIFY(window.findChild<QAction*>(QStringLiteral("userGuideAction"))->isEnabled());
    QVERIFY(window.findChild<QAction*>(QStringLiteral("userGuideAction"))
                ->toolTip()
                .endsWith(QStringLiteral("user-guide.md")));

    // The shortcuts list is read from the menus.
    window.findChild<QAction*>(QStringLiteral("shortcutsAction"))->trigger();
    QDialog* shortcuts = nullptr;
    QTRY_VERIFY((shortcuts = window.findChild<QDialog*>(QStringLiteral("shortcutsDialog"))) &&
                shortcuts->isVisible());
    auto* table = shortcuts->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
    QVERIFY(table->rowCount() >= 8);
    QStringList commands;
    for (int r = 0; r < table->rowCount(); ++r)
        commands << table->item(r, 0)->text() + u'=' + table->item(r, 1)->text();
    QVERIFY2(commands.join(u'|').contains(QStringLiteral("Find users=")), qPrintable(commands.join(u'|')));
    QVERIFY(UiTestFixture::screenshot(shortcuts, QStringLiteral("keyboard-shortcuts")));
    shortcuts->close();

    // A language switch at run time keeps the Profiles menu, still before Help.
    Translations::install(QStringLiteral("fr"));
    QCoreApplication::processEvents();
    QVERIFY(window.findChild<QMenu*>(QStringLiteral("profilesMenu")));
    bool found = false;
    const QList<QAction*> top = window.menuBar()->actions();
    for (int i = 0; i + 1 < top.size(); ++i)
        found = found || (top.at(i)->menu() == window.findChild<QMenu*>(QStringLiteral("profilesMenu")) &&
                          top.at(i + 1) == top.constLast());
    QVERIFY2(found, qPrintable(titles().join(u'|')));
    QCOMPARE(titles().at(titles().size() - 2),
             QCoreApplication::translate("ProfilesController", "&Profiles").remove(u'&'));
    Translations::install(QStringLiteral("en"));
    QCoreApplication::processEvents();
    QCOMPARE(titles().at(titles().size() - 2), QStringLiteral("Profiles"));
}

SecretStore::Result TestProfilesGui::readSecret(SecretStore* store, const QString& key)
{
    SecretStore::Result result;
    result.status = SecretStore::Result::Status::Failed;
    result.error = QStringLiteral("no answer from the keychain in 30 s");
    bool done = false;
    store->read(key, this, [&](const SecretStore::Result& r) {
        result = r;
        done = true;
    });
    QDeadlineTimer deadline(30000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(20);
    return result;
}

void TestProfilesGui::demoNeverListsOrOpensAProductionProfile()
{
    // Two stored profiles, one of them production.
    QString productionId;
    for (const QString& environment : {QStringLiteral("production"), QStringLiteral("test")}) {
        ConnectionProfile profile = sandboxProfile();
        profile.name = QStringLiteral("Acme ") + environment;
        profile.declaredEnvironment = environment;
        bool saved = false;
        QString saveError;
        const QString id = m_repository->save(profile, [&](const QString& error) {
            saved = true;
            saveError = error;
        });
        QTRY_VERIFY(saved);
        QVERIFY2(saveError.isEmpty(), qPrintable(saveError));
        if (environment == QLatin1String("production"))
            productionId = id;
    }
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ProfilesController controller;
    controller.setDemo(true);
    controller.attach(&window, false, false);
    auto* menu = window.findChild<QMenu*>(QStringLiteral("profilesMenu"));
    QVERIFY(menu);
    QStringList shown;
    for (QAction* a : menu->actions())
        shown << a->text();
    QVERIFY2(shown.contains(QStringLiteral("Acme test")), qPrintable(shown.join(u'|')));
    QVERIFY2(!shown.join(u'|').contains(QStringLiteral("Acme production")), qPrintable(shown.join(u'|')));
    QVERIFY(menu->findChild<QAction*>(QStringLiteral("demoHidesProductionNote")));
    QVERIFY(!menu->findChild<QAction*>(QStringLiteral("editProfilesAction"))->isEnabled());
    // Asked for by id all the same (a stale "current profile"): refused, nothing opened.
    controller.switchTo(&window, productionId);
    QVERIFY(!window.session());
    QVERIFY(window.findChild<MessageBanner*>(QStringLiteral("messageBanner"))
                ->text()
                .contains(QStringLiteral("Demo mode never opens a production profile")));
    m_repository->remove(productionId);
}

QTEST_MAIN(TestProfilesGui)
#include "tst_profiles_gui.moc"
