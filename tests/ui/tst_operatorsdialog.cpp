// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 32, the operator lifecycle in the GUI: Governance → Operators lists who may sign in; a
// supervisor deactivates and reactivates an operator with a reason (audited), never their own
// account; everyone else sees the list read-only. Widgets driven by clicks and keys, offscreen, on a
// real SQLite store.
#include "UiTestFixture.h"
#include "dialogs/OperatorsDialog.h"
#include "dialogs/ReasonDialog.h"
#include "main/MainWindow.h"
#include "services/DemoOperators.h"
#include "services/OperatorService.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

class TestOperatorsDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void supervisorDeactivatesAndReactivatesWithAReason();
    void ownAccountAndOtherRolesAreReadOnly();
    void governanceMenuOpensIt();
    void rolesChangeAndASupervisorWaitsForASecond();

private:
    static int rowOf(QTableWidget* table, const QString& name);
    static bool activeInStore(Store* store, const QString& name);

    UiTestFixture m_fixture;
};

void TestOperatorsDialog::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    QVERIFY2(m_fixture.startSandbox(50, &error), qPrintable(error));
}

int TestOperatorsDialog::rowOf(QTableWidget* table, const QString& name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == name)
            return row;
    }
    return -1;
}

bool TestOperatorsDialog::activeInStore(Store* store, const QString& name)
{
    QString hash;
    QString error;
    const std::optional<Operator> op = store->findOperator(name, &hash, &error);
    if (!op)
        qFatal("no operator %s: %s", qPrintable(name), qPrintable(error));
    return op->active;
}

void TestOperatorsDialog::supervisorDeactivatesAndReactivatesWithAReason()
{
    OperatorsDialog dialog(OperatorService(m_fixture.store()),
                           m_fixture.signIn(QStringLiteral("supervisor")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("operatorsTable"));
    auto* deactivate = dialog.findChild<QPushButton*>(QStringLiteral("operatorsDeactivate"));
    auto* reactivate = dialog.findChild<QPushButton*>(QStringLiteral("operatorsReactivate"));
    QVERIFY(table && deactivate && reactivate);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->rowCount(), 4);
    QVERIFY(!deactivate->isEnabled()); // nothing selected

    const int officer = rowOf(table, QStringLiteral("officer"));
    QVERIFY(officer >= 0);
    table->selectRow(officer);
    QVERIFY(deactivate->isEnabled());
    QVERIFY(!reactivate->isEnabled());
    QTest::mouseClick(deactivate, Qt::LeftButton);
    auto* ask = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(ask);
    auto* reason = ask->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit"));
    auto* ok = ask->findChild<QPushButton*>(QStringLiteral("reasonDialogOk"));
    QVERIFY(!ok->isEnabled()); // a reason is required
    QTest::keyClicks(reason, QStringLiteral("Left the team (HR 88)"));
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("operators-dialog")));
    QTest::keyClick(reason, Qt::Key_Return);
    QTRY_VERIFY(!ask->isVisible());

    QTRY_COMPARE(table->item(rowOf(table, QStringLiteral("officer")), 2)->text(),
                 QStringLiteral("Deactivated"));
    QVERIFY(!activeInStore(m_fixture.store(), QStringLiteral("officer")));
    auto* message = dialog.findChild<QLabel*>(QStringLiteral("operatorsMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("can no longer sign in")), qPrintable(message->text()));
    AuditFilter filter;
    filter.subjectId = QStringLiteral("officer");
    QString error;
    const std::optional<QList<AuditEntry>> entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    QVERIFY(std::any_of(entries->cbegin(), entries->cend(), [](const AuditEntry& e) {
        return e.event == QLatin1String("operator-deactivated") &&
               e.reason == QLatin1String("Left the team (HR 88)") &&
               e.operatorName == QLatin1String("supervisor");
    }));
    // The deactivated account cannot sign in, and is told why once its password is right.
    bool refused = false;
    QVERIFY(!OperatorService(m_fixture.store())
                 .signIn(QStringLiteral("officer"), DemoOperators::password(), &error, &refused));
    QVERIFY(refused);
    QVERIFY2(error.contains(QStringLiteral("deactivated")), qPrintable(error));

    // The row stays selected: now it can be reactivated, by keys this time.
    QVERIFY(reactivate->isEnabled());
    QVERIFY(!deactivate->isEnabled());
    reactivate->setFocus();
    QTest::keyClick(reactivate, Qt::Key_Space);
    ask = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(ask);
    reason = ask->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit"));
    QTest::keyClicks(reason, QStringLiteral("Back from leave"));
    QTest::keyClick(reason, Qt::Key_Return);
    QTRY_COMPARE(table->item(rowOf(table, QStringLiteral("officer")), 2)->text(), QStringLiteral("Active"));
    QVERIFY(activeInStore(m_fixture.store(), QStringLiteral("officer")));
}

void TestOperatorsDialog::ownAccountAndOtherRolesAreReadOnly()
{
    {
        OperatorsDialog dialog(OperatorService(m_fixture.store()),
                               m_fixture.signIn(QStringLiteral("supervisor")));
        dialog.show();
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("operatorsTable"));
        auto* deactivate = dialog.findChild<QPushButton*>(QStringLiteral("operatorsDeactivate"));
        table->selectRow(rowOf(table, QStringLiteral("supervisor")));
        QVERIFY(!deactivate->isEnabled());
        QVERIFY(deactivate->toolTip().contains(QStringLiteral("own account")));
    }
    for (const QString& who : {QStringLiteral("officer"), QStringLiteral("auditor")}) {
        OperatorsDialog dialog(OperatorService(m_fixture.store()), m_fixture.signIn(who));
        dialog.show();
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("operatorsTable"));
        auto* deactivate = dialog.findChild<QPushButton*>(QStringLiteral("operatorsDeactivate"));
        QCOMPARE(table->rowCount(), 4); // they can read who may sign in
        table->selectRow(rowOf(table, QStringLiteral("supervisor2")));
        QVERIFY(!deactivate->isEnabled());
        QVERIFY(deactivate->toolTip().contains(QStringLiteral("Only supervisors")));
    }
}

void TestOperatorsDialog::governanceMenuOpensIt()
{
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    auto* action = window->findChild<QAction*>(QStringLiteral("operatorsAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* dialog = UiTestFixture::waitForDialog<OperatorsDialog>();
    QVERIFY(dialog);
    dialog->reject();
}

void TestOperatorsDialog::rolesChangeAndASupervisorWaitsForASecond()
{
    OperatorsDialog dialog(OperatorService(m_fixture.store()),
                           m_fixture.signIn(QStringLiteral("supervisor")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("operatorsTable"));
    auto* choice = dialog.findChild<QComboBox*>(QStringLiteral("operatorsRoleChoice"));
    auto* setRole = dialog.findChild<QPushButton*>(QStringLiteral("operatorsSetRole"));
    QVERIFY(table && choice && setRole);
    const auto change = [&](const QString& name, Role role) {
        table->selectRow(rowOf(table, name));
        choice->setCurrentIndex(choice->findData(int(role)));
        QVERIFY(setRole->isEnabled());
        QTest::mouseClick(setRole, Qt::LeftButton);
        auto* ask = UiTestFixture::waitForDialog<ReasonDialog>();
        QVERIFY(ask);
        QTest::keyClicks(ask->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")),
                         QStringLiteral("Team change"));
        QTest::keyClick(ask->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")), Qt::Key_Return);
        QTRY_VERIFY(!ask->isVisible());
    };
    // Fewer rights: at once.
    change(QStringLiteral("auditor"), Role::Officer);
    QString hash;
    QString error;
    QCOMPARE(m_fixture.store()->findOperator(QStringLiteral("auditor"), &hash, &error)->role, Role::Officer);
    // A supervisor: waits in Approvals (the demo store has two supervisors already).
    change(QStringLiteral("auditor"), Role::Supervisor);
    auto* message = dialog.findChild<QLabel*>(QStringLiteral("operatorsMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("second supervisor")), qPrintable(message->text()));
    QCOMPARE(m_fixture.store()->findOperator(QStringLiteral("auditor"), &hash, &error)->role, Role::Officer);
    // One's own row: not changeable.
    table->selectRow(rowOf(table, QStringLiteral("supervisor")));
    QVERIFY(!setRole->isEnabled());
    // Back as it was, for the other tests.
    change(QStringLiteral("auditor"), Role::Auditor);
}

QTEST_MAIN(TestOperatorsDialog)
#include "tst_operatorsdialog.moc"
