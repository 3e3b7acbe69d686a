// SPDX-License-Identifier: GPL-3.0-or-later
// Signing in, creating the first supervisor, and the start-up sequence (profile → store → sign-in →
// window, sign out and back), driven through the real dialog's widgets.
#include "UiTestFixture.h"

#include "dialogs/SignInDialog.h"
#include "main/ConsoleLauncher.h"
#include "main/MainWindow.h"
#include "services/DemoOperators.h"
#include "services/OperatorService.h"
#include "store/Store.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

class TestSignIn : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wrongPasswordShowsMessageInTheDialog();
    void bootstrapCreatesTheFirstSupervisor();
    void launcherOpensTheWindowAndSignsOut();
    void demoModeStartsSandboxStoreAndOperators();

private:
    UiTestFixture m_fixture;
};

void TestSignIn::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(200, &error), qPrintable(error));
}

void TestSignIn::wrongPasswordShowsMessageInTheDialog()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    SignInDialog dialog;
    dialog.setStore(OperatorService(m_fixture.store()), m_fixture.storeUrl());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.isBootstrap());

    auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("signInName"));
    auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("signInPassword"));
    auto* confirm = dialog.findChild<QLineEdit*>(QStringLiteral("signInConfirm"));
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("signInButton"));
    auto* message = dialog.findChild<QLabel*>(QStringLiteral("signInMessage"));
    QVERIFY(name && password && confirm && button && message);
    QVERIFY(!confirm->isVisible());

    // Disabled until both are filled, with the reason as tooltip.
    QVERIFY(!button->isEnabled());
    QVERIFY(!button->toolTip().isEmpty());
    QTest::keyClicks(name, QStringLiteral("officer"));
    QVERIFY(!button->isEnabled());
    QTest::keyClicks(password, QStringLiteral("not-the-password"));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);

    // The hash runs on a worker: the dialog stays responsive and says so.
    QVERIFY(dialog.isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 10000);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("wrong password")), qPrintable(message->text()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.signedInOperator());
    QVERIFY(password->text().isEmpty());
    // No second dialog popped up over it.
    const QWidgetList topLevels = QApplication::topLevelWidgets();
    QCOMPARE(
        std::count_if(topLevels.cbegin(), topLevels.cend(),
                      [](const QWidget* w) { return w->isVisible() && qobject_cast<const QDialog*>(w); }),
        1);
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("signin-wrong-password")));

    // The right password, typed with Enter.
    QTest::keyClicks(password, DemoOperators::password());
    QSignalSpy signedIn(&dialog, &SignInDialog::signedIn);
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.count(), 1, 10000);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.signedInOperator()->name, QStringLiteral("officer"));
    QCOMPARE(dialog.signedInOperator()->role, Role::Officer);
}

void TestSignIn::bootstrapCreatesTheFirstSupervisor()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error, true), qPrintable(error));
    SignInDialog dialog;
    dialog.setStore(OperatorService(m_fixture.store()), m_fixture.storeUrl());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.isBootstrap());

    auto* title = dialog.findChild<QLabel*>(QStringLiteral("signInTitle"));
    auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("signInName"));
    auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("signInPassword"));
    auto* confirm = dialog.findChild<QLineEdit*>(QStringLiteral("signInConfirm"));
    auto* rule = dialog.findChild<QLabel*>(QStringLiteral("signInRule"));
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("signInButton"));
    QCOMPARE(title->text(), QStringLiteral("Create the first supervisor"));
    QVERIFY(confirm->isVisible());
    QVERIFY(rule->isVisible());
    QVERIFY(rule->text().contains(QString::number(OperatorService::kMinimumPasswordLength)));

    QTest::keyClicks(name, QStringLiteral("ada"));
    QTest::keyClicks(password, QStringLiteral("short"));
    QTest::keyClicks(confirm, QStringLiteral("short"));
    QVERIFY(!button->isEnabled());
    QVERIFY(button->toolTip().contains(QString::number(OperatorService::kMinimumPasswordLength)));
    password->clear();
    confirm->clear();
    QTest::keyClicks(password, QStringLiteral("long-enough-secret"));
    QTest::keyClicks(confirm, QStringLiteral("long-enough-secreT"));
    QVERIFY(!button->isEnabled());
    QVERIFY(rule->text().contains(QStringLiteral("do not match")));
    QVERIFY(UiTestFixture::screenshot(&dialog, QStringLiteral("signin-bootstrap")));
    confirm->clear();
    QTest::keyClicks(confirm, QStringLiteral("long-enough-secret"));
    QVERIFY(button->isEnabled());

    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.signedInOperator().has_value(), 20000);
    QCOMPARE(dialog.signedInOperator()->role, Role::Supervisor);
    QString hash;
    const std::optional<Operator> stored =
        m_fixture.store()->findOperator(QStringLiteral("ada"), &hash, &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->role, Role::Supervisor);
    QCOMPARE(*OperatorService(m_fixture.store()).needsBootstrap(&error), false);
}

void TestSignIn::launcherOpensTheWindowAndSignsOut()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    ConsoleLauncher::Options options;
    options.profilePath = m_fixture.profilePath();
    options.storeUrl = m_fixture.storeUrl();
    ConsoleLauncher launcher(options);
    QSignalSpy quit(&launcher, &ConsoleLauncher::quitRequested);
    launcher.start();
    SignInDialog* dialog = launcher.signInDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!dialog->isBootstrap());
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("signInName")),
                     QStringLiteral("supervisor"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("signInPassword")),
                     DemoOperators::password());
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("signInButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(launcher.window() && launcher.window()->isVisible(), 10000);
    QTRY_VERIFY(!dialog->isVisible());

    MainWindow* window = launcher.window();
    auto* operatorLabel = window->findChild<QLabel*>(QStringLiteral("operatorLabel"));
    QVERIFY(operatorLabel);
    QVERIFY2(operatorLabel->text().contains(QStringLiteral("supervisor")) &&
                 operatorLabel->text().contains(QStringLiteral("Supervisor")),
             qPrintable(operatorLabel->text()));
    QVERIFY(window->windowTitle().contains(QStringLiteral("sandbox")));
    QVERIFY(window->session() != nullptr);

    // Governance > Sign out: back to the sign-in dialog, the window goes.
    QPointer<MainWindow> guard(window);
    window->findChild<QAction*>(QStringLiteral("signOutAction"))->trigger();
    QTRY_VERIFY(dialog->isVisible());
    QTRY_VERIFY(guard.isNull());
    QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("signInPassword"))->text().isEmpty());
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("signInName"))->text(),
             QStringLiteral("supervisor"));

    // Cancelling the sign-in with no window open ends the application.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_COMPARE(quit.count(), 1);
}

void TestSignIn::demoModeStartsSandboxStoreAndOperators()
{
    ConsoleLauncher::Options options;
    options.demo = true;
    options.sandboxArguments = {QStringLiteral("--users"), QStringLiteral("300")};
    ConsoleLauncher launcher(options);
    launcher.start();
    SignInDialog* dialog = launcher.signInDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto* hint = dialog->findChild<QLabel*>(QStringLiteral("signInDemoHint"));
    auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("signInName"));
    QTRY_VERIFY_WITH_TIMEOUT(hint->isVisible(), 30000);
    QVERIFY2(hint->text().contains(DemoOperators::password()), qPrintable(hint->text()));
    QVERIFY(hint->text().contains(QStringLiteral("supervisor2")));
    QCOMPARE(name->text(), QStringLiteral("officer"));
    QVERIFY(launcher.storeUrl().endsWith(QStringLiteral("/demo.sqlite")));
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("signin-demo")));

    for (const DemoOperators::Account& account : DemoOperators::accounts()) {
        QString hash;
        QString error;
        const std::optional<Operator> op = launcher.store()->findOperator(account.name, &hash, &error);
        QVERIFY2(op, qPrintable(account.name));
        QCOMPARE(op->role, account.role);
    }
    // The sandbox's subject index is imported too: search merges people across providers at once.
    QString error;
    const std::optional<QList<Subject>> subjects = launcher.store()->findSubjects(QString(), 0, 5000, &error);
    QVERIFY2(subjects, qPrintable(error));
    QVERIFY2(subjects->size() >= 100, qPrintable(QString::number(subjects->size())));
    QVERIFY(!subjects->first().ids.value(QStringLiteral("trustswiftly")).isEmpty());

    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("signInPassword")),
                     DemoOperators::password());
    QTest::keyClick(dialog->findChild<QLineEdit*>(QStringLiteral("signInPassword")), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(launcher.window() && launcher.window()->isVisible(), 10000);
    QVERIFY(launcher.window()->session() != nullptr);
    QVERIFY(launcher.window()
                ->findChild<QLabel*>(QStringLiteral("operatorLabel"))
                ->text()
                .contains(QStringLiteral("Officer")));
}

QTEST_MAIN(TestSignIn)
#include "tst_signin.moc"
