// SPDX-License-Identifier: GPL-3.0-or-later
// Approvals, Unresolved, Policy and the window around them, driven by keyboard and mouse. Nothing
// here needs the provider to answer: a pending action is not sent, a rejected one never.
#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "approvals/ApprovalsView.h"
#include "dialogs/PolicyDialog.h"
#include "dialogs/ReasonDialog.h"
#include "main/MainWindow.h"
#include "models/ActionsModel.h"
#include "models/AuditModel.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "store/Store.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"
#include "unresolved/UnresolvedView.h"
#include "widgets/MessageBanner.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

namespace {
ActionRequest fraud(const QString& user, const QString& reason)
{
    ActionRequest r;
    r.provider = QStringLiteral("smileid");
    r.action = QStringLiteral("flag");
    r.userId = user;
    r.params = {{QStringLiteral("flag"), QStringLiteral("is_fraudulent")}, {QStringLiteral("value"), true}};
    r.reason = reason;
    return r;
}

int tabIndexOf(QTabWidget* tabs, const QString& objectName)
{
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->widget(i)->objectName() == objectName)
            return i;
    return -1;
}
} // namespace

class TestApprovals : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void officerSeesOwnRequestButCannotDecide();
    void supervisorRejectsByKeyboard();
    void interruptedActionsBecomeUnresolvedAndAreResolved();
    void recheckAtTheProvider();
    void policyIsForSupervisorsAndAudited();
    void tabsAndCountsRefresh();
    void controlCharactersAreRefusedAndShownEscaped();
    void approvingAProductionActionAsksTheProductionQuestion();
    void approvalsAndUnresolvedNameThePerson();

private:
    qint64 submitAs(MainWindow* window, const ActionRequest& request);
    /// Stores an action left in Sending by a console that died long ago (recovery makes it Unresolved).
    std::optional<qint64> interrupted(ActionRecord record, const QString& action);
    UiTestFixture m_fixture;
};

void TestApprovals::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    if (!m_fixture.sandbox())
        QVERIFY2(m_fixture.startSandbox(100, &error), qPrintable(error));
}

qint64 TestApprovals::submitAs(MainWindow* window, const ActionRequest& request)
{
    ActionTicket* ticket = window->actionService()->submit(request);
    QSignalSpy done(ticket, &ActionTicket::finished);
    if (!done.wait(10000))
        return 0;
    return ticket->record().id;
}

void TestApprovals::officerSeesOwnRequestButCannotDecide()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const qint64 id = submitAs(window.get(), fraud(QStringLiteral("REF-000001"), QStringLiteral("Case 1")));
    QVERIFY(id > 0);
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("approvalsView"));
    auto* view = window->findChild<ApprovalsView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    auto* approve = view->findChild<QPushButton*>(QStringLiteral("approveButton"));
    auto* reject = view->findChild<QPushButton*>(QStringLiteral("rejectButton"));
    QCOMPARE(table->model()->rowCount(), 1);
    QVERIFY(table->currentIndex().isValid());
    QCOMPARE(table->model()->index(0, ActionsModel::InitiatorColumn).data().toString(),
             QStringLiteral("officer"));
    QCOMPARE(table->model()->index(0, ActionsModel::ReasonColumn).data().toString(),
             QStringLiteral("Case 1"));
    QVERIFY(!approve->isEnabled());
    QVERIFY(!reject->isEnabled());
    // Their own request: four-eyes, whatever their role.
    QVERIFY2(approve->toolTip().contains(QStringLiteral("four-eyes")), qPrintable(approve->toolTip()));

    // A supervisor's own request: visible, not approvable, four-eyes explained.
    auto supervisor = m_fixture.openWindow(QStringLiteral("supervisor"));
    const qint64 own =
        submitAs(supervisor.get(), fraud(QStringLiteral("REF-000002"), QStringLiteral("Case 2")));
    auto* supervisorView = supervisor->findChild<ApprovalsView*>();
    auto* supervisorTable = supervisorView->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    auto* supervisorApprove = supervisorView->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QCOMPARE(supervisorTable->model()->rowCount(), 2);
    supervisorTable->setCurrentIndex(
        supervisorTable->model()->index(supervisorView->model()->rowOf(own), ActionsModel::ReasonColumn));
    QVERIFY(!supervisorApprove->isEnabled());
    QVERIFY2(supervisorApprove->toolTip().contains(QStringLiteral("four-eyes")),
             qPrintable(supervisorApprove->toolTip()));
    QVERIFY(supervisorView->findChild<QLabel*>(QStringLiteral("approvalsSelection"))
                ->text()
                .contains(QStringLiteral("four-eyes")));
    // The officer's request is approvable for them.
    supervisorTable->setCurrentIndex(
        supervisorTable->model()->index(supervisorView->model()->rowOf(id), ActionsModel::ReasonColumn));
    QVERIFY(supervisorApprove->isEnabled());
    supervisor->showTab(MainWindow::ApprovalsTab);
    QVERIFY(UiTestFixture::screenshot(supervisor.get(), QStringLiteral("approvals")));
}

void TestApprovals::supervisorRejectsByKeyboard()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const qint64 id = submitAs(officer.get(), fraud(QStringLiteral("REF-000003"), QStringLiteral("Case 3")));
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
    auto* view = window->findChild<ApprovalsView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    QCOMPARE(table->model()->rowCount(), 1);
    table->setFocus();
    // Alt+J (Re&ject…) asks for the reason; Enter cannot confirm without one; Esc cancels.
    QTest::keyClick(window.get(), Qt::Key_J, Qt::AltModifier);
    auto* dialog = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(dialog);
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("reasonDialogOk"));
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog->focusWidget(), reason);
    QTest::keyClick(reason, Qt::Key_Return);
    QVERIFY(dialog->isVisible());
    QTest::keyClick(reason, Qt::Key_Escape);
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);

    // The offscreen platform has no window manager to hand activation back to the window when a
    // dialog closes, as a desktop does: give it back explicitly before the next shortcut.
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_J, Qt::AltModifier);
    dialog = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(dialog);
    reason = dialog->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit"));
    QTest::keyClicks(reason, QStringLiteral("Not enough evidence"));
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("reject-dialog")));
    QTest::keyClick(reason, Qt::Key_Return);
    QTRY_COMPARE(table->model()->rowCount(), 0);
    auto* banner = view->findChild<MessageBanner*>(QStringLiteral("approvalsBanner"));
    QVERIFY2(banner->text().contains(QStringLiteral("rejected")), qPrintable(banner->text()));
    QString error;
    QCOMPARE(m_fixture.store()->action(id, &error)->state, ActionRecord::State::Rejected);
    QCOMPARE(m_fixture.enrolleeRequests(), 0);
}

std::optional<qint64> TestApprovals::interrupted(ActionRecord record, const QString& action)
{
    // A console on this host that died while sending: its pid is gone.
    record.initiator = QStringLiteral("officer");
    record.state = ActionRecord::State::Sending;
    // Long enough ago that even a console on another machine would have finished by now.
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc().addSecs(-20 * 60);
    record.sender = QHostInfo::localHostName() + QStringLiteral(":999999999");
    AuditEntry intent;
    intent.operatorName = QStringLiteral("officer");
    intent.role = QStringLiteral("officer");
    intent.event = QStringLiteral("intent");
    intent.action = action;
    QString error;
    const std::optional<qint64> id = m_fixture.store()->createAction(record, intent, &error);
    if (!id) {
        qWarning("%s", qPrintable(error));
        return std::nullopt;
    }
    // The store stamps updated_at itself (and, as of writing, does not keep `sender`): age the row
    // so that recovery treats it as abandoned whoever sent it.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("age"));
        db.setDatabaseName(m_fixture.storeUrl().mid(QStringLiteral("sqlite:").size()));
        bool ok = db.open();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE actions SET updated_at = ? WHERE id = ?"));
        q.addBindValue(AuditEntry::formatTime(record.updatedAt));
        q.addBindValue(*id);
        ok = ok && q.exec();
        q.finish();
        db.close();
        if (!ok)
            return std::nullopt;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("age"));
    return id;
}

void TestApprovals::recheckAtTheProvider()
{
    // A Trust Swiftly reverify whose answer was lost; Trust Swiftly did apply it.
    const quint32 user = 9;
    const QString target = TrustSwiftlyEmulator::workflowId(29);
    ActionRecord record;
    record.request.provider = QStringLiteral("trustswiftly");
    record.request.action = QStringLiteral("reverify");
    record.request.userId = QString::number(user);
    record.request.params = {
        {QStringLiteral("from"), m_fixture.sandbox()->population().user(user).currentWorkflowId},
        {QStringLiteral("to"), target}};
    record.request.reason = QStringLiteral("Payout check");
    const std::optional<qint64> id = interrupted(record, QStringLiteral("trustswiftly.reverify"));
    QVERIFY(id);
    m_fixture.sandbox()->population().setAttribute(user, TrustSwiftlyEmulator::reVerifyAttribute(), target);

    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QCOMPARE(window->recoverInterruptedActions(), 1);
    auto* view = window->findChild<UnresolvedView*>();
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    tabs->setCurrentWidget(view);
    auto* table = view->findChild<QTableView*>(QStringLiteral("unresolvedTable"));
    auto* recheck = view->findChild<QPushButton*>(QStringLiteral("recheckButton"));
    QVERIFY(recheck);
    QCOMPARE(table->model()->rowCount(), 1);
    table->selectRow(0);
    QTRY_VERIFY(recheck->isEnabled());
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("unresolved-recheck")));
    QTest::mouseClick(recheck, Qt::LeftButton);
    QTRY_COMPARE(table->model()->rowCount(), 0);
    auto* banner = view->findChild<MessageBanner*>(QStringLiteral("unresolvedBanner"));
    QVERIFY2(banner->text().contains(QStringLiteral("took effect")), qPrintable(banner->text()));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("unresolved-rechecked")));
    QString error;
    QCOMPARE(m_fixture.store()->action(*id, &error)->state, ActionRecord::State::Succeeded);
}

void TestApprovals::interruptedActionsBecomeUnresolvedAndAreResolved()
{
    ActionRecord record;
    record.request = fraud(QStringLiteral("REF-000004"), QStringLiteral("Case 4"));
    record.request.params = {{QStringLiteral("flag"), QStringLiteral("active")},
                             {QStringLiteral("value"), false}};
    const std::optional<qint64> id = interrupted(record, QStringLiteral("smileid.active"));
    QVERIFY(id);
    QString error;
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QCOMPARE(window->recoverInterruptedActions(), 1);
    auto* banner = window->findChild<MessageBanner*>(QStringLiteral("messageBanner"));
    QVERIFY2(banner->text().contains(QStringLiteral("Unresolved (1 in all)")), qPrintable(banner->text()));
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QCOMPARE(tabs->tabText(tabIndexOf(tabs, QStringLiteral("unresolvedView"))),
             QStringLiteral("Unresolved (1)"));
    // The banner's button goes there.
    QTest::mouseClick(banner->findChild<QPushButton*>(QStringLiteral("messageAction")), Qt::LeftButton);
    QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("unresolvedView"));

    auto* view = window->findChild<UnresolvedView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("unresolvedTable"));
    auto* failed = view->findChild<QPushButton*>(QStringLiteral("resolveFailedButton"));
    QCOMPARE(table->model()->rowCount(), 1);
    QVERIFY(failed->isEnabled());
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("unresolvedIntro"))
                ->text()
                .contains(QStringLiteral("never sent again automatically")));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("unresolved")));

    // An auditor sees it but cannot resolve it.
    auto auditor = m_fixture.openWindow(QStringLiteral("auditor"));
    auto* auditorFailed =
        auditor->findChild<UnresolvedView*>()->findChild<QPushButton*>(QStringLiteral("resolveFailedButton"));
    QVERIFY(!auditorFailed->isEnabled());
    QVERIFY(auditorFailed->toolTip().contains(QStringLiteral("Auditors")));

    QTest::mouseClick(failed, Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")),
                     QStringLiteral("Smile ID support says the user is still active"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("reasonDialogOk")), Qt::LeftButton);
    QTRY_COMPARE(table->model()->rowCount(), 0);
    QCOMPARE(tabs->tabText(tabIndexOf(tabs, QStringLiteral("unresolvedView"))),
             QStringLiteral("Unresolved (0)"));
    QCOMPARE(m_fixture.store()->action(*id, &error)->state, ActionRecord::State::Failed);
    AuditFilter filter;
    filter.actionId = *id;
    const auto entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY(entries);
    QStringList events;
    for (const AuditEntry& e : *entries)
        events << e.event;
    QCOMPARE(events, (QStringList{QStringLiteral("intent"), QStringLiteral("interrupted"),
                                  QStringLiteral("resolved")}));
}

void TestApprovals::policyIsForSupervisorsAndAudited()
{
    // Officers (and auditors) read the policy; nothing in it is editable for them.
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    auto* officerPolicy = officer->findChild<QAction*>(QStringLiteral("policyAction"));
    QVERIFY(officerPolicy->isEnabled());
    officerPolicy->trigger();
    auto* readOnly = UiTestFixture::waitForDialog<PolicyDialog>();
    QVERIFY(readOnly);
    QVERIFY(readOnly->findChild<QCheckBox*>(QStringLiteral("policyRule_smileid.is_fraudulent"))->isChecked());
    QVERIFY(
        !readOnly->findChild<QCheckBox*>(QStringLiteral("policyRule_smileid.is_fraudulent"))->isEnabled());
    QVERIFY(!readOnly->findChild<QSpinBox*>(QStringLiteral("policySetting_session.idle_lock_minutes"))
                 ->isEnabled());
    QVERIFY(!readOnly->findChild<QPushButton*>(QStringLiteral("policySave")));
    QTest::mouseClick(readOnly->findChild<QPushButton*>(QStringLiteral("policyClose")), Qt::LeftButton);
    QTRY_VERIFY(!readOnly->isVisible());

    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    auto* policy = window->findChild<QAction*>(QStringLiteral("policyAction"));
    QVERIFY(policy->isEnabled());
    policy->trigger();
    auto* dialog = UiTestFixture::waitForDialog<PolicyDialog>();
    QVERIFY(dialog);
    auto* fraudRule = dialog->findChild<QCheckBox*>(QStringLiteral("policyRule_smileid.is_fraudulent"));
    auto* activeRule = dialog->findChild<QCheckBox*>(QStringLiteral("policyRule_smileid.active"));
    auto* idle = dialog->findChild<QSpinBox*>(QStringLiteral("policySetting_session.idle_lock_minutes"));
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("policyReason"));
    auto* save = dialog->findChild<QPushButton*>(QStringLiteral("policySave"));
    QVERIFY(fraudRule && activeRule && idle && reason && save);
    // Deciding a user's SDK.Finance request is itself the approval: shown, never editable.
    auto* approveRule = dialog->findChild<QCheckBox*>(QStringLiteral("policyRule_sdkfinance.approve"));
    QVERIFY(approveRule);
    QVERIFY(!approveRule->isChecked());
    QVERIFY(!approveRule->isEnabled());
    QVERIFY2(approveRule->toolTip().contains(QStringLiteral("itself the approval")),
             qPrintable(approveRule->toolTip()));
    QVERIFY(fraudRule->isChecked());
    QVERIFY(!activeRule->isChecked());
    QCOMPARE(fraudRule->text(), QStringLiteral("Smile ID: mark / clear fraud"));
    QCOMPARE(idle->value(), 15);
    QVERIFY(!save->isEnabled());
    fraudRule->click();
    QVERIFY(!save->isEnabled()); // a change needs a reason
    QVERIFY2(save->toolTip().contains(QStringLiteral("reason")), qPrintable(save->toolTip()));
    fraudRule->click();
    activeRule->click();
    idle->setValue(30);
    QTest::keyClicks(reason, QStringLiteral("Audit finding 12"));
    QVERIFY(save->isEnabled());
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("policy")));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());

    // Requested, not in effect: it waits in Approvals for a second supervisor.
    QString error;
    QVERIFY(!m_fixture.store()->policy(&error)->requiresApproval(QStringLiteral("smileid.active")));
    QVERIFY(window->findChild<MessageBanner*>(QStringLiteral("messageBanner"))
                ->text()
                .contains(QStringLiteral("another supervisor approves")));
    auto* ownView = window->findChild<ApprovalsView*>();
    QTRY_COMPARE(ownView->model()->rowCount(), 1);
    auto* ownTable = ownView->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    ownTable->setCurrentIndex(ownTable->model()->index(0, ActionsModel::ReasonColumn));
    QVERIFY(!ownView->findChild<QPushButton*>(QStringLiteral("approveButton"))->isEnabled()); // four eyes

    auto second = m_fixture.openWindow(QStringLiteral("supervisor2"));
    second->showTab(MainWindow::ApprovalsTab);
    auto* view = second->findChild<ApprovalsView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    QCOMPARE(table->model()->rowCount(), 1);
    const QString described = table->model()->index(0, ActionsModel::ActionColumn).data().toString();
    QVERIFY2(described.contains(QStringLiteral("needs approval")) &&
                 described.contains(QStringLiteral("15 → 30")),
             qPrintable(described));
    table->setCurrentIndex(table->model()->index(0, ActionsModel::ReasonColumn));
    auto* approve = view->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QVERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    auto* confirm = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(confirm);
    QTest::mouseClick(confirm->findChild<QPushButton*>(QStringLiteral("reasonDialogOk")), Qt::LeftButton);
    QTRY_VERIFY(m_fixture.store()->policy(&error)->requiresApproval(QStringLiteral("smileid.active")));
    QCOMPARE(m_fixture.store()->policy(&error)->setting(Policy::idleLockMinutes()), 30);
    QVERIFY(m_fixture.store()->policy(&error)->requiresApproval(QStringLiteral("smileid.is_fraudulent")));
    QTRY_COMPARE(table->model()->rowCount(), 0);

    AuditFilter filter;
    filter.action = QStringLiteral("governance.policy");
    const auto entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY(entries);
    QCOMPARE(entries->size(), 2);
    QCOMPARE(entries->at(0).event, QStringLiteral("intent"));
    QCOMPARE(entries->at(0).operatorName, QStringLiteral("supervisor"));
    QCOMPARE(entries->at(1).event, QStringLiteral("policy-changed"));
    QCOMPARE(entries->at(1).operatorName, QStringLiteral("supervisor2"));
}

void TestApprovals::tabsAndCountsRefresh()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    const int approvals = tabIndexOf(tabs, QStringLiteral("approvalsView"));
    QCOMPARE(tabs->tabText(approvals), QStringLiteral("Approvals (0)"));
    // Its own action: the count follows ActionService::actionChanged at once.
    submitAs(window.get(), fraud(QStringLiteral("REF-000005"), QStringLiteral("Case 5")));
    QCOMPARE(tabs->tabText(approvals), QStringLiteral("Approvals (1)"));
    // Another console's action: seen at the next periodic refresh.
    auto other = m_fixture.openWindow(QStringLiteral("supervisor2"));
    submitAs(other.get(), fraud(QStringLiteral("REF-000006"), QStringLiteral("Case 6")));
    QCOMPARE(tabs->tabText(approvals), QStringLiteral("Approvals (1)"));
    window->refreshGovernance();
    QCOMPARE(tabs->tabText(approvals), QStringLiteral("Approvals (2)"));

    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    const QList<QPair<Qt::Key, QString>> keys = {{Qt::Key_3, QStringLiteral("unresolvedView")},
                                                 {Qt::Key_4, QStringLiteral("auditView")},
                                                 {Qt::Key_2, QStringLiteral("approvalsView")},
                                                 {Qt::Key_1, QStringLiteral("usersTab")}};
    for (const auto& [key, page] : keys) {
        QTest::keyClick(window.get(), key, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget()->objectName(), page);
    }
    auto* operatorLabel = window->findChild<QLabel*>(QStringLiteral("operatorLabel"));
    QVERIFY(operatorLabel->text().contains(QStringLiteral("officer (Officer)")));
}

void TestApprovals::controlCharactersAreRefusedAndShownEscaped()
{
    const QString hostile = QStringLiteral("Chargeback ring\r\x1b[2KNOTHING TO SEE\nforged");
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const int sentBefore = m_fixture.enrolleeRequests();
    // Refused at entry: the same rule as the CLI and bulk (nothing stored, nothing sent).
    ActionTicket* ticket = officer->actionService()->submit(fraud(QStringLiteral("REF-000005"), hostile));
    QSignalSpy done(ticket, &ActionTicket::finished);
    QVERIFY(done.count() > 0 || done.wait(10000));
    QCOMPARE(ticket->failure(), ActionTicket::Failure::Invalid);
    QVERIFY2(ticket->message().contains(QStringLiteral("control character")), qPrintable(ticket->message()));
    QCOMPARE(m_fixture.enrolleeRequests(), sentBefore);

    // Stored by an older console: the table, the selection line and the approve dialog show it
    // escaped, on one line.
    ActionRecord old;
    old.request = fraud(QStringLiteral("REF-000005"), hostile);
    old.initiator = QStringLiteral("officer");
    old.requiresApproval = true;
    old.state = ActionRecord::State::PendingApproval;
    old.createdAt = old.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry intent;
    intent.operatorName = QStringLiteral("officer");
    intent.role = QStringLiteral("officer");
    intent.event = QStringLiteral("intent");
    intent.action = old.actionKey();
    intent.reason = hostile;
    QString error;
    QVERIFY2(m_fixture.store()->createAction(old, intent, &error), qPrintable(error));

    auto supervisor = m_fixture.openWindow(QStringLiteral("supervisor"));
    supervisor->showTab(MainWindow::ApprovalsTab);
    auto* view = supervisor->findChild<ApprovalsView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    const QString shown = QStringLiteral("Chargeback ring\\r\\e[2KNOTHING TO SEE\\nforged");
    QCOMPARE(table->model()->index(0, ActionsModel::ReasonColumn).data().toString(), shown);
    table->setCurrentIndex(table->model()->index(0, ActionsModel::ReasonColumn));
    const QString selection = view->findChild<QLabel*>(QStringLiteral("approvalsSelection"))->text();
    QVERIFY2(selection.contains(shown), qPrintable(selection));
    for (const QChar raw : {QChar(u'\r'), QChar(u'\n'), QChar(0x1b)})
        QVERIFY2(!selection.contains(raw), qPrintable(selection));
    // The audit tab shows the intent's reason escaped too.
    supervisor->showTab(MainWindow::AuditTab);
    auto* audit = supervisor->findChild<QTableView*>(QStringLiteral("auditTable"));
    QVERIFY(audit);
    bool found = false;
    for (int row = 0; row < audit->model()->rowCount(); ++row)
        found = found || audit->model()->index(row, AuditModel::ReasonColumn).data().toString() == shown;
    QVERIFY(found);
    QVERIFY(UiTestFixture::screenshot(supervisor.get(), QStringLiteral("approvals-escaped")));
}

void TestApprovals::approvingAProductionActionAsksTheProductionQuestion()
{
    // An action requested on a production profile, waiting in the store; this console is on that profile.
    const std::optional<ProfileFingerprint> live = ProfileFingerprint::fromJson(
        {{QStringLiteral("name"), QStringLiteral("Live payouts")},
         {QStringLiteral("environment"), QStringLiteral("production")},
         {QStringLiteral("urls"), QJsonObject{{QStringLiteral("smileid.api_url"),
                                               QStringLiteral("https://api.smileidentity.com")}}}});
    QVERIFY(live && live->isProduction());
    ActionRecord record;
    record.request = fraud(QStringLiteral("REF-000042"), QStringLiteral("Case 42"));
    record.request.profile = live;
    record.initiator = QStringLiteral("officer");
    record.requiresApproval = true;
    record.state = ActionRecord::State::PendingApproval;
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry intent;
    intent.operatorName = QStringLiteral("officer");
    intent.role = QStringLiteral("officer");
    intent.event = QStringLiteral("intent");
    intent.action = QStringLiteral("smileid.is_fraudulent");
    QString error;
    const std::optional<qint64> id = m_fixture.store()->createAction(record, intent, &error);
    QVERIFY2(id, qPrintable(error));
    QCOMPARE(m_fixture.store()->action(*id, &error)->request.profile, live);

    ActionService service(m_fixture.store());
    service.setOperator(m_fixture.signIn(QStringLiteral("supervisor")));
    service.setProfile(live);
    ApprovalsView view(new ActionsModel(m_fixture.store(), ActionRecord::State::PendingApproval));
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setActionService(&service);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* table = view.findChild<QTableView*>(QStringLiteral("approvalsTable"));
    auto* approve = view.findChild<QPushButton*>(QStringLiteral("approveButton"));
    auto* banner = view.findChild<MessageBanner*>(QStringLiteral("approvalsBanner"));
    QCOMPARE(table->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, ActionsModel::ReasonColumn));
    QVERIFY2(approve->isEnabled(), qPrintable(approve->toolTip()));

    const auto approveUpToTheQuestion = [&]() -> QMessageBox* {
        QTest::mouseClick(approve, Qt::LeftButton);
        auto* dialog = UiTestFixture::waitForDialog<ReasonDialog>();
        if (!dialog)
            return nullptr;
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("reasonDialogOk")), Qt::LeftButton);
        QMessageBox* box = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            box = view.findChild<QMessageBox*>(QStringLiteral("productionConfirmation"));
            return box && box->isVisible();
        });
        return shown ? box : nullptr;
    };

    // The production question names the environment and the profile; Cancel approves nothing.
    QMessageBox* box = approveUpToTheQuestion();
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("PRODUCTION")), qPrintable(box->text()));
    QVERIFY2(box->text().contains(QStringLiteral("Live payouts")), qPrintable(box->text()));
    QCOMPARE(box->defaultButton(), box->findChild<QPushButton*>(QStringLiteral("productionCancel")));
    QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("productionCancel")), Qt::LeftButton);
    QTRY_VERIFY(!view.findChild<QMessageBox*>(QStringLiteral("productionConfirmation")));
    QCOMPARE(m_fixture.store()->action(*id, &error)->state, ActionRecord::State::PendingApproval);
    QVERIFY2(!banner->text().contains(QStringLiteral("sending")), qPrintable(banner->text()));

    // Confirmed, the approval goes ahead (this console has no Smile ID client: it says so, sends nothing).
    box = approveUpToTheQuestion();
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("productionConfirm")), Qt::LeftButton);
    QTRY_VERIFY2(banner->text().contains(QStringLiteral("no 'smileid' section")), qPrintable(banner->text()));
    QCOMPARE(m_fixture.store()->action(*id, &error)->state, ActionRecord::State::PendingApproval);
    QCOMPARE(m_fixture.enrolleeRequests(), 0);

    // From a console on another profile the action cannot be approved at all: the button says whose it is.
    service.setProfile(
        ProfileFingerprint::fromJson({{QStringLiteral("name"), QStringLiteral("Sandbox")},
                                      {QStringLiteral("environment"), QStringLiteral("test")}}));
    view.refresh();
    table->setCurrentIndex(table->model()->index(0, ActionsModel::ReasonColumn));
    QVERIFY(!approve->isEnabled());
    QVERIFY2(approve->toolTip().contains(QStringLiteral("Live payouts")), qPrintable(approve->toolTip()));
}

// Approvals and Unresolved say what the action dialog says: the person's name from the subject
// index and the id they have at the provider; a person the index does not know is named by the id.
void TestApprovals::approvalsAndUnresolvedNameThePerson()
{
    QString error;
    Subject nakato;
    nakato.reference = QStringLiteral("CASE-253");
    nakato.name = QStringLiteral("Nakato Silva");
    nakato.ids.insert(QStringLiteral("smileid"), QStringLiteral("REF-000253"));
    AuditEntry entry;
    entry.operatorName = QStringLiteral("supervisor");
    entry.role = QStringLiteral("supervisor");
    entry.event = QStringLiteral("subjects-imported");
    entry.action = QStringLiteral("subjects");
    QVERIFY2(m_fixture.store()->saveSubjects({nakato}, entry, &error), qPrintable(error));

    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const qint64 named =
        submitAs(window.get(), fraud(QStringLiteral("REF-000253"), QStringLiteral("Case 253")));
    const qint64 unknown =
        submitAs(window.get(), fraud(QStringLiteral("REF-000254"), QStringLiteral("Case 254")));
    QVERIFY(named > 0 && unknown > 0);
    window->showTab(MainWindow::ApprovalsTab);
    auto* view = window->findChild<ApprovalsView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    const auto words = [&](qint64 id) {
        return table->model()->index(view->model()->rowOf(id), ActionsModel::ActionColumn).data().toString();
    };
    QTRY_VERIFY(view->model()->rowOf(named) >= 0 && view->model()->rowOf(unknown) >= 0);
    QVERIFY2(words(named).startsWith(QStringLiteral("Mark Nakato Silva (Smile ID REF-000253) as fraudulent")),
             qPrintable(words(named)));
    QVERIFY2(words(unknown).contains(QStringLiteral("Smile ID REF-000254")), qPrintable(words(unknown)));
    QVERIFY2(!words(unknown).contains(QStringLiteral("Nakato")), qPrintable(words(unknown)));
    // The selection line under the table says it too.
    table->setCurrentIndex(table->model()->index(view->model()->rowOf(named), ActionsModel::ReasonColumn));
    const QString selection = view->findChild<QLabel*>(QStringLiteral("approvalsSelection"))->text();
    QVERIFY2(selection.contains(QStringLiteral("Nakato Silva (Smile ID REF-000253)")), qPrintable(selection));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("approvals-named")));

    // An interrupted action for her, under Unresolved.
    ActionRecord record;
    record.request = fraud(QStringLiteral("REF-000253"), QStringLiteral("Case 253b"));
    record.request.params = {{QStringLiteral("flag"), QStringLiteral("active")},
                             {QStringLiteral("value"), false}};
    QVERIFY(interrupted(record, QStringLiteral("smileid.active")));
    auto other = m_fixture.openWindow(QStringLiteral("officer"));
    QCOMPARE(other->recoverInterruptedActions(), 1);
    auto* unresolved =
        other->findChild<UnresolvedView*>()->findChild<QTableView*>(QStringLiteral("unresolvedTable"));
    QTRY_COMPARE(unresolved->model()->rowCount(), 1);
    const QString unresolvedWords =
        unresolved->model()->index(0, ActionsModel::ActionColumn).data().toString();
    QVERIFY2(unresolvedWords.contains(QStringLiteral("Nakato Silva (Smile ID REF-000253)")),
             qPrintable(unresolvedWords));
}

QTEST_MAIN(TestApprovals)
#include "tst_approvals.moc"
