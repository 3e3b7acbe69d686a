// SPDX-License-Identifier: GPL-3.0-or-later
// The confirmation of an action: the exact request, approval, the reason, the typed confirmation of a
// delete, the production warning; and the Smile ID panel that opens it.
#include "UiTestFixture.h"
#include "providers/smileid/SmileIdSettings.h"

#include "dialogs/ActionDialog.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdPanel.h"
#include "services/ActionService.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

namespace {
ActionRequest flag(const QString& name, bool value)
{
    ActionRequest r;
    r.provider = QStringLiteral("smileid");
    r.action = QStringLiteral("flag");
    r.userId = QStringLiteral("REF-000042");
    r.params = {{QStringLiteral("flag"), name}, {QStringLiteral("value"), value}};
    return r;
}
} // namespace

class TestActionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fraudShowsPreviewApprovalAndNeedsAReason();
    void deactivateNeedsNoApproval();
    void deleteNeedsTheTypedUserId();
    void productionProfileIsNamedInRed();
    void auditorCannotConfirm();
    void panelButtonsFollowTheRestrictions();

private:
    std::unique_ptr<ActionService> serviceFor(const QString& name);

    UiTestFixture m_fixture;
    std::unique_ptr<SmileIdClient> m_client;
};

void TestActionDialog::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    SmileIdSettings settings;
    settings.portalUrl = QUrl(QStringLiteral("https://portal.example.invalid"));
    settings.apiUrl = QUrl(QStringLiteral("https://api.example.invalid"));
    settings.partnerId = QStringLiteral("0042");
    settings.apiKey = QStringLiteral("secret-key");
    settings.email = QStringLiteral("ops@example.com");
    settings.environment = QStringLiteral("test");
    m_client = std::make_unique<SmileIdClient>(settings, QList<QSslCertificate>());
}

std::unique_ptr<ActionService> TestActionDialog::serviceFor(const QString& name)
{
    auto service = std::make_unique<ActionService>(m_fixture.store());
    service->setOperator(m_fixture.signIn(name));
    service->registerExecutor(m_client.get());
    return service;
}

void TestActionDialog::fraudShowsPreviewApprovalAndNeedsAReason()
{
    auto service = serviceFor(QStringLiteral("officer"));
    ActionDialog dialog(service.get(), flag(QStringLiteral("is_fraudulent"), true));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    auto* description = dialog.findChild<QLabel*>(QStringLiteral("actionDescription"));
    auto* preview = dialog.findChild<QPlainTextEdit*>(QStringLiteral("actionPreview"));
    auto* approval = dialog.findChild<QLabel*>(QStringLiteral("actionApprovalNote"));
    auto* reason = dialog.findChild<QLineEdit*>(QStringLiteral("actionReason"));
    auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("actionOk"));
    auto* production = dialog.findChild<QLabel*>(QStringLiteral("actionProductionWarning"));
    auto* confirmation = dialog.findChild<QLineEdit*>(QStringLiteral("actionConfirmation"));
    QVERIFY(description && preview && approval && reason && ok && production && confirmation);

    // Plain words with the seed's consequence; the id names the person when no name is known.
    QCOMPARE(description->text(), QStringLiteral("Mark Smile ID REF-000042 as fraudulent: Smile ID keeps "
                                                 "processing this person's jobs but marks every one failed"));
    const QString request = preview->toPlainText();
    QVERIFY2(request.contains(QStringLiteral("\"is_fraudulent\": true")), qPrintable(request));
    QVERIFY(request.contains(QStringLiteral("\"user_id\": \"REF-000042\"")));
    QVERIFY(request.contains(QStringLiteral("\"partner_id\": \"0042\"")));
    QVERIFY(request.contains(QStringLiteral("[redacted]")));
    QVERIFY(!request.contains(QStringLiteral("secret-key")));
    QVERIFY(request.contains(QStringLiteral("/api/v2/partner/enrollee")));
    QVERIFY2(approval->text().contains(QStringLiteral("Needs approval")), qPrintable(approval->text()));
    QVERIFY(dialog.needsApproval());
    QVERIFY(!production->isVisible());
    QVERIFY(!confirmation->isVisible());

    // The reason is required; blanks are not a reason.
    QVERIFY(!ok->isEnabled());
    QVERIFY(ok->toolTip().contains(QStringLiteral("reason")));
    QTest::keyClicks(reason, QStringLiteral("   "));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(reason, QStringLiteral("Case 4711: matches a known fraud ring"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(ok->text().remove(QLatin1Char('&')), QStringLiteral("Submit for approval"));
    QCOMPARE(dialog.request().reason, QStringLiteral("Case 4711: matches a known fraud ring"));
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("actiondialog-fraud")));

    // Enter confirms once OK is enabled.
    // Marking fraud asks for the password again (step-up) before the dialog accepts.
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(reason, Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(UiTestFixture::confirmStepUp());
    QCOMPARE(accepted.count(), 1);
}

void TestActionDialog::deactivateNeedsNoApproval()
{
    auto service = serviceFor(QStringLiteral("officer"));
    ActionDialog dialog(service.get(), flag(QStringLiteral("active"), false));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.needsApproval());
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("actionApprovalNote"))
                ->text()
                .contains(QStringLiteral("No approval needed")));
    QVERIFY(dialog.findChild<QPlainTextEdit*>(QStringLiteral("actionPreview"))
                ->toPlainText()
                .contains(QStringLiteral("\"active\": false")));
    QCOMPARE(dialog.findChild<QPushButton*>(QStringLiteral("actionOk"))->text().remove(QLatin1Char('&')),
             QStringLiteral("Send now"));
}

void TestActionDialog::deleteNeedsTheTypedUserId()
{
    auto service = serviceFor(QStringLiteral("officer"));
    ActionDialog dialog(service.get(), flag(QStringLiteral("delete"), true));
    dialog.setTypedConfirmation(QStringLiteral("Type the user id <b>REF-000042</b> to confirm:"),
                                QStringLiteral("REF-000042"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* reason = dialog.findChild<QLineEdit*>(QStringLiteral("actionReason"));
    auto* confirmation = dialog.findChild<QLineEdit*>(QStringLiteral("actionConfirmation"));
    auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(confirmation->isVisible());
    QTest::keyClicks(reason, QStringLiteral("Customer asked for erasure (ticket 99)"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(ok->toolTip().contains(QStringLiteral("REF-000042")));
    QTest::keyClicks(confirmation, QStringLiteral("REF-00004"));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(confirmation, QStringLiteral("2"));
    QVERIFY(ok->isEnabled());
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("actiondialog-delete")));

    // Esc closes without accepting.
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(confirmation, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(!dialog.isVisible());
}

void TestActionDialog::productionProfileIsNamedInRed()
{
    auto service = serviceFor(QStringLiteral("officer"));
    ActionDialog dialog(service.get(), flag(QStringLiteral("active"), true));
    dialog.setProductionEnvironment(QStringLiteral("acme-live"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* production = dialog.findChild<QLabel*>(QStringLiteral("actionProductionWarning"));
    QVERIFY(production->isVisible());
    QVERIFY(production->text().contains(QStringLiteral("PRODUCTION")));
    QVERIFY(production->text().contains(QStringLiteral("acme-live")));
    QVERIFY(production->styleSheet().contains(QStringLiteral("#b00020")));
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("actiondialog-production")));
}

void TestActionDialog::auditorCannotConfirm()
{
    auto service = serviceFor(QStringLiteral("auditor"));
    ActionDialog dialog(service.get(), flag(QStringLiteral("active"), false));
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Just looking"));
    auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(ok->toolTip().contains(QStringLiteral("Auditors")));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("actionProblem"))->isVisible());
}

void TestActionDialog::panelButtonsFollowTheRestrictions()
{
    const QStringList buttons = {QStringLiteral("smileIdAllowReenroll"), QStringLiteral("smileIdDeactivate"),
                                 QStringLiteral("smileIdReactivate"),    QStringLiteral("smileIdMarkFraud"),
                                 QStringLiteral("smileIdClearFraud"),    QStringLiteral("smileIdDelete")};
    SmileIdPanel panel;
    panel.show();
    // Not connected.
    for (const QString& name : buttons) {
        auto* b = panel.findChild<QPushButton*>(name);
        QVERIFY2(b && !b->isEnabled(), qPrintable(name));
        QVERIFY(b->toolTip().contains(QStringLiteral("Not connected")));
        QVERIFY(!b->accessibleName().isEmpty());
    }
    // An officer, but no person yet.
    auto officer = serviceFor(QStringLiteral("officer"));
    panel.setActionService(officer.get());
    auto* userId = panel.findChild<QLineEdit*>(QStringLiteral("smileIdUserId"));
    QVERIFY(userId->toolTip().contains(QStringLiteral("reference")));
    QVERIFY(userId->isReadOnly());
    for (const QString& name : buttons)
        QVERIFY(panel.findChild<QPushButton*>(name)->toolTip().contains(QStringLiteral("Select a person")));
    UserRecord user;
    user.provider = QStringLiteral("trustswiftly");
    user.id = QStringLiteral("17");
    user.referenceId = QStringLiteral("REF-000017");
    panel.setUser(user);
    QCOMPARE(userId->text(), QStringLiteral("REF-000017"));
    for (const QString& name : buttons)
        QVERIFY(panel.findChild<QPushButton*>(name)->isEnabled());

    // Delete… opens the dialog with the typed confirmation of that id.
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("smileIdDelete")), Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("actionConfirmation"))->isVisible());
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("actionConfirmLabel"))
                ->text()
                .contains(QStringLiteral("REF-000017")));
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!dialog->isVisible());

    // An auditor: every button disabled, the reason as tooltip.
    auto auditor = serviceFor(QStringLiteral("auditor"));
    panel.setActionService(auditor.get());
    for (const QString& name : buttons) {
        auto* b = panel.findChild<QPushButton*>(name);
        QVERIFY(!b->isEnabled());
        QVERIFY2(b->toolTip().contains(QStringLiteral("Auditors")), qPrintable(b->toolTip()));
    }
    panel.setActionService(nullptr);
}

QTEST_MAIN(TestActionDialog)
#include "tst_actiondialog.moc"
