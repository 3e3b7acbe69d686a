// SPDX-License-Identifier: GPL-3.0-or-later
// The action pipeline through the console, end to end: the Smile ID panel, the action dialog, the
// four-eyes approval in a second supervisor's window, the requests that reach the sandbox's Smile ID
// emulator over TLS, and the audit trail they leave.
#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "approvals/ApprovalsView.h"
#include "audit/AuditView.h"
#include "dialogs/ActionDialog.h"
#include "dialogs/ReasonDialog.h"
#include "main/MainWindow.h"
#include "models/ActionsModel.h"
#include "models/AuditModel.h"
#include "providers/smileid/SmileIdPanel.h"
#include "smileid/SmileIdEmulator.h"
#include "widgets/MessageBanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

class TestGovernance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void officerMarksFraudAndAnotherSupervisorApproves();
    void deactivateIsSentAtOnce();
    void deleteNeedsTheTypedUserIdAndApproval();
    void providerRejectionShowsCodeAndMessage();

private:
    /// Searches for population member n in the window and selects them; returns their Smile ID id.
    QString selectUser(MainWindow* window, quint32 n);
    /// Clicks a panel button, fills the dialog and confirms; the dialog is returned before OK.
    ActionDialog* openAction(MainWindow* window, const char* button);
    static SmileIdPanel* panelOf(MainWindow* window) { return window->findChild<SmileIdPanel*>(); }
    static QString resultOf(MainWindow* window) { return panelOf(window)->resultText(); }

    UiTestFixture m_fixture;
};

void TestGovernance::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(500, &error), qPrintable(error));
    if (!m_fixture.hasSmileIdEmulator())
        QSKIP("the sandbox has no Smile ID emulator yet");
}

void TestGovernance::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    m_fixture.sandbox()->clearRequestLog();
}

QString TestGovernance::selectUser(MainWindow* window, quint32 n)
{
    const PopulationUser person = m_fixture.sandbox()->population().user(n);
    if (!UiTestFixture::searchAndSelect(window, person.email))
        return QString();
    return panelOf(window)->userId();
}

ActionDialog* TestGovernance::openAction(MainWindow* window, const char* button)
{
    auto* b = panelOf(window)->findChild<QPushButton*>(QString::fromLatin1(button));
    if (!b || !b->isEnabled())
        return nullptr;
    QTest::mouseClick(b, Qt::LeftButton);
    return UiTestFixture::waitForDialog<ActionDialog>();
}

void TestGovernance::officerMarksFraudAndAnotherSupervisorApproves()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    // The panel takes the person's reference id: the id Smile ID knows them by.
    const QString user = selectUser(officer.get(), 7);
    QCOMPARE(user, m_fixture.smileIdUser(7));

    ActionDialog* dialog = openAction(officer.get(), "smileIdMarkFraud");
    QVERIFY(dialog);
    const QString preview =
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("actionPreview"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("\"is_fraudulent\": true")), qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("\"user_id\": \"%1\"").arg(user)));
    QVERIFY(!preview.contains(m_fixture.sandbox()->options().smileIdApiKey));
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("actionApprovalNote"))
                ->text()
                .contains(QStringLiteral("Needs approval")));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 4711: matches a known fraud ring"));
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(UiTestFixture::confirmStepUp()); // marking fraud: the password again

    // Waiting for approval, and nothing reached Smile ID.
    QTRY_VERIFY_WITH_TIMEOUT(resultOf(officer.get()).startsWith(QStringLiteral("Waiting for approval #")),
                             10000);
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("#(\\d+)")).match(resultOf(officer.get()));
    const qint64 id = match.captured(1).toLongLong();
    QVERIFY(id > 0);
    QCOMPARE(m_fixture.enrolleeRequests(), 0);
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("users-smileid-waiting")));

    // The officer sees the row, but cannot approve it.
    auto* tabs = officer->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QCOMPARE(tabs->tabText(MainWindow::ApprovalsTab), QStringLiteral("Approvals (1)"));
    officer->showTab(MainWindow::ApprovalsTab);
    auto* officerApprovals = officer->findChild<ApprovalsView*>();
    auto* officerTable = officerApprovals->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    QCOMPARE(officerApprovals->model()->rowOf(id), 0);
    QVERIFY(officerTable->model()->index(0, ActionsModel::ActionColumn).data().toString().contains(user));
    auto* officerApprove = officerApprovals->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QVERIFY(!officerApprove->isEnabled());
    QVERIFY2(officerApprove->toolTip().contains(QStringLiteral("four-eyes")),
             qPrintable(officerApprove->toolTip()));
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("approvals-own-request")));

    // A supervisor who did not request it may approve.
    auto supervisor = m_fixture.openWindow(QStringLiteral("supervisor"));
    supervisor->showTab(MainWindow::ApprovalsTab);
    auto* approvals = supervisor->findChild<ApprovalsView*>();
    auto* table = approvals->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    table->setCurrentIndex(table->model()->index(approvals->model()->rowOf(id), 0));
    auto* approve = approvals->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QVERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    auto* confirm = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(confirm);
    QVERIFY(confirm->findChild<QPlainTextEdit*>(QStringLiteral("reasonDialogDetails"))
                ->toPlainText()
                .contains(QStringLiteral("\"is_fraudulent\": true")));
    QVERIFY(confirm->findChild<QLabel*>(QStringLiteral("reasonDialogMessage"))
                ->text()
                .contains(QStringLiteral("officer")));
    QVERIFY(UiTestFixture::screenshot(confirm, QStringLiteral("approve-dialog")));
    QTest::keyClicks(confirm->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")),
                     QStringLiteral("Checked the case file"));
    QTest::keyClick(confirm->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")), Qt::Key_Return);

    // Sent exactly once; the outcome in the view's banner; the row is gone.
    auto* banner = approvals->findChild<MessageBanner*>(QStringLiteral("approvalsBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QStringLiteral("Succeeded")), 15000);
    QVERIFY2(banner->text().startsWith(QStringLiteral("#%1").arg(id)), qPrintable(banner->text()));
    QCOMPARE(m_fixture.enrolleeRequests(), 1);
    const QJsonObject body = QJsonDocument::fromJson(m_fixture.lastEnrolleeBody()).object();
    QCOMPARE(body.value(QStringLiteral("is_fraudulent")), QJsonValue(true));
    QCOMPARE(body.value(QStringLiteral("user_id")).toString(), user);
    QVERIFY(SmileIdEmulator::stateOf(m_fixture.sandbox()->population(), user)->fraudulent);
    QCOMPARE(approvals->count(), 0);
    QCOMPARE(
        supervisor->findChild<QTabWidget*>(QStringLiteral("mainTabs"))->tabText(MainWindow::ApprovalsTab),
        QStringLiteral("Approvals (0)"));
    QVERIFY(UiTestFixture::screenshot(supervisor.get(), QStringLiteral("approvals-approved")));
    // The officer's console sees it at its next refresh.
    officer->refreshGovernance();
    QCOMPARE(officerApprovals->count(), 0);

    // The audit view tells the story.
    supervisor->showTab(MainWindow::AuditTab);
    auto* audit = supervisor->findChild<AuditView*>();
    auto* userFilter = audit->findChild<QLineEdit*>(QStringLiteral("auditUserFilter"));
    QTest::keyClicks(userFilter, user);
    QTest::keyClick(userFilter, Qt::Key_Return);
    QStringList events;
    for (const AuditEntry& e : audit->model()->entries())
        events.prepend(e.event + QLatin1Char('/') + e.operatorName);
    QCOMPARE(events, (QStringList{QStringLiteral("intent/officer"), QStringLiteral("approved/supervisor"),
                                  QStringLiteral("outcome/supervisor")}));
    QCOMPARE(audit->model()->entries().first().outcome, QStringLiteral("succeeded"));
    QVERIFY(UiTestFixture::screenshot(supervisor.get(), QStringLiteral("audit-story")));
}

void TestGovernance::deactivateIsSentAtOnce()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const QString user = selectUser(officer.get(), 12);
    QVERIFY(!user.isEmpty());
    ActionDialog* dialog = openAction(officer.get(), "smileIdDeactivate");
    QVERIFY(dialog);
    QVERIFY(!dialog->needsApproval());
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Customer asked to close the account"));
    QTest::keyClick(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")), Qt::Key_Return);

    QTRY_VERIFY_WITH_TIMEOUT(resultOf(officer.get()).startsWith(QStringLiteral("Succeeded")), 15000);
    QCOMPARE(m_fixture.enrolleeRequests(), 1);
    const QJsonObject body = QJsonDocument::fromJson(m_fixture.lastEnrolleeBody()).object();
    QCOMPARE(body.value(QStringLiteral("active")), QJsonValue(false));
    QVERIFY(!SmileIdEmulator::stateOf(m_fixture.sandbox()->population(), user)->active);
    QCOMPARE(officer->findChild<ApprovalsView*>()->count(), 0);
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("users-smileid-succeeded")));

    // Once more: the emulator accepts a flag set to the value it already has.
    dialog = openAction(officer.get(), "smileIdDeactivate");
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")), QStringLiteral("Again"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.enrolleeRequests(), 2, 15000);
    QTRY_VERIFY(!resultOf(officer.get()).startsWith(QStringLiteral("Sending")));
}

void TestGovernance::deleteNeedsTheTypedUserIdAndApproval()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const QString user = selectUser(officer.get(), 21);
    QVERIFY(!user.isEmpty());
    ActionDialog* dialog = openAction(officer.get(), "smileIdDelete");
    QVERIFY(dialog);
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    auto* confirmation = dialog->findChild<QLineEdit*>(QStringLiteral("actionConfirmation"));
    QVERIFY(confirmation->isVisible());
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Erasure request, ticket 99"));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(confirmation, user.toLower());
    QVERIFY(!ok->isEnabled());
    confirmation->clear();
    QTest::keyClicks(confirmation, user);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(UiTestFixture::confirmStepUp());
    QTRY_VERIFY_WITH_TIMEOUT(resultOf(officer.get()).startsWith(QStringLiteral("Waiting for approval #")),
                             10000);
    QCOMPARE(m_fixture.enrolleeRequests(), 0);
    QVERIFY(!SmileIdEmulator::stateOf(m_fixture.sandbox()->population(), user)->deleted);
}

void TestGovernance::providerRejectionShowsCodeAndMessage()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    officer->showTab(MainWindow::UsersTab);
    // A person shown, linked (as "Link id…" would) to an id Smile ID has never enrolled.
    QVERIFY(!selectUser(officer.get(), 5).isEmpty());
    panelOf(officer.get())->setLinkedId(QStringLiteral("REF-999999"));
    ActionDialog* dialog = openAction(officer.get(), "smileIdReactivate");
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Wrong id"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(resultOf(officer.get()).startsWith(QStringLiteral("Rejected by the provider")),
                             15000);
    QVERIFY2(resultOf(officer.get()).contains(QStringLiteral("code 2210")),
             qPrintable(resultOf(officer.get())));
    QCOMPARE(m_fixture.enrolleeRequests(), 1);
    // Refused, not lost: nothing is left for Unresolved.
    QCOMPARE(officer->findChild<QTabWidget*>(QStringLiteral("mainTabs"))->tabText(MainWindow::UnresolvedTab),
             QStringLiteral("Unresolved (0)"));
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("users-smileid-rejected")));
}

QTEST_MAIN(TestGovernance)
#include "tst_governance.moc"
