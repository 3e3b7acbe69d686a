// SPDX-License-Identifier: GPL-3.0-or-later
// Keyboard only: the main flows driven with key events, and every focusable widget of the main
// window and of each dialog has an accessible name (AccessibilityCheck walks the whole tree).
#include "AccessibilityCheck.h"
#include "UiTestFixture.h"

#include "dialogs/PolicyDialog.h"
#include "dialogs/SignInDialog.h"
#include "i18n/Translations.h"
#include "main/AboutDialog.h"
#include "main/MainWindow.h"
#include "theme/ThemeManager.h"

#include <QAction>
#include <QLineEdit>
#include <QMenuBar>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyTabOfTheMainWindowNamesItsControls();
    void keyboardOnlySearchAndNavigation();
    void dialogsNameTheirControls();
    void screenshotsInBothThemes();

private:
    static void activate(QWidget* window);
    UiTestFixture m_fixture;
};

void TestAccessibility::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    QVERIFY2(m_fixture.startSandbox(300, &error), qPrintable(error));
}

void TestAccessibility::activate(QWidget* window)
{
    QApplication::setActiveWindow(window);
    QVERIFY(QTest::qWaitForWindowActive(window));
}

void TestAccessibility::everyTabOfTheMainWindowNamesItsControls()
{
    for (const QString& name : {QStringLiteral("officer"), QStringLiteral("supervisor")}) {
        auto window = m_fixture.openWindow(name);
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        for (int tab = 0; tab < tabs->count(); ++tab) {
            window->showTab(MainWindow::Tab(tab));
            QCoreApplication::processEvents();
            QVERIFY2(AccessibilityCheck::focusableWidgetCount(tabs->currentWidget()) > 0,
                     qPrintable(tabs->tabText(tab)));
            const QStringList unnamed = AccessibilityCheck::unnamedFocusableWidgets(window.get());
            QVERIFY2(
                unnamed.isEmpty(),
                qPrintable(
                    QStringLiteral("%1, tab %2: %3").arg(name, tabs->tabText(tab), unnamed.join(u", "))));
        }
    }
}

void TestAccessibility::keyboardOnlySearchAndNavigation()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    activate(window.get());
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QVERIFY(search && table && tabs);

    // Ctrl+2 elsewhere, then Ctrl+F brings the search box back with the focus.
    QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), int(MainWindow::ApprovalsTab));
    QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), int(MainWindow::UsersTab));
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("a"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(table->model() && table->model()->rowCount() > 1, 10000);

    // Down walks into the results; Down again moves to the next result, Up back.
    QTest::keyClick(search, Qt::Key_Down);
    QTRY_VERIFY(table->hasFocus());
    QCOMPARE(table->currentIndex().row(), 0);
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(table->currentIndex().row(), 1);
    QTest::keyClick(table, Qt::Key_Up);
    QCOMPARE(table->currentIndex().row(), 0);
    // The detail pane now shows the user: its controls have names too.
    QCoreApplication::processEvents();
    const QStringList unnamed = AccessibilityCheck::unnamedFocusableWidgets(window.get());
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", ")));

    // Tab moves the focus on from the results, and never gets stuck.
    QWidget* before = QApplication::focusWidget();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QVERIFY(QApplication::focusWidget() != before);

    // F1 is the user guide (the desktop opens it, not this test); About is under Help; Escape closes it.
    auto* guide = window->findChild<QAction*>(QStringLiteral("userGuideAction"));
    QVERIFY(guide && guide->shortcut() == QKeySequence(QKeySequence::HelpContents));
    window->findChild<QAction*>(QStringLiteral("aboutAction"))->trigger();
    auto* about = UiTestFixture::waitForDialog<AboutDialog>();
    QVERIFY(about);
    QVERIFY2(AccessibilityCheck::unnamedFocusableWidgets(about).isEmpty(),
             qPrintable(AccessibilityCheck::unnamedFocusableWidgets(about).join(u", ")));
    QTest::keyClick(about, Qt::Key_Escape);
    QTRY_VERIFY(!about->isVisible() || about->isHidden());

    // The View menu has the theme and language choices, reachable by its mnemonic.
    bool themeMenu = false;
    bool languageMenu = false;
    for (QMenu* menu : window->menuBar()->findChildren<QMenu*>()) {
        themeMenu |= menu->objectName() == QLatin1String("themeMenu");
        languageMenu |= menu->objectName() == QLatin1String("languageMenu");
    }
    QVERIFY(themeMenu && languageMenu);
}

void TestAccessibility::dialogsNameTheirControls()
{
    {
        AboutDialog about;
        about.show();
        QVERIFY(QTest::qWaitForWindowExposed(&about));
        QVERIFY(AccessibilityCheck::focusableWidgetCount(&about) > 0);
        QVERIFY2(AccessibilityCheck::unnamedFocusableWidgets(&about).isEmpty(),
                 qPrintable(AccessibilityCheck::unnamedFocusableWidgets(&about).join(u", ")));
        QVERIFY(AboutDialog::versionText().contains(QString::fromLatin1(qVersion())));
    }
    {
        SignInDialog signIn;
        signIn.setStore(OperatorService(m_fixture.store()), m_fixture.storeUrl());
        signIn.show();
        QVERIFY(QTest::qWaitForWindowExposed(&signIn));
        QVERIFY(AccessibilityCheck::focusableWidgetCount(&signIn) >= 2);
        QVERIFY2(AccessibilityCheck::unnamedFocusableWidgets(&signIn).isEmpty(),
                 qPrintable(AccessibilityCheck::unnamedFocusableWidgets(&signIn).join(u", ")));
    }
    {
        PolicyDialog policy(GovernanceService(m_fixture.store()),
                            m_fixture.signIn(QStringLiteral("supervisor")));
        policy.show();
        QVERIFY(QTest::qWaitForWindowExposed(&policy));
        QVERIFY(AccessibilityCheck::focusableWidgetCount(&policy) > 3);
        QVERIFY2(AccessibilityCheck::unnamedFocusableWidgets(&policy).isEmpty(),
                 qPrintable(AccessibilityCheck::unnamedFocusableWidgets(&policy).join(u", ")));
    }
}

void TestAccessibility::screenshotsInBothThemes()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    activate(window.get());
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    QTest::keyClicks(search, QStringLiteral("an"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(table->model() && table->model()->rowCount() > 1, 10000);
    QTest::keyClick(search, Qt::Key_Down);
    QTest::qWait(500);
    for (auto theme : {ThemeManager::Theme::Light, ThemeManager::Theme::Dark}) {
        const QPalette palette = ThemeManager::apply(theme);
        QCoreApplication::processEvents();
        QCOMPARE(window->palette().color(QPalette::Window), palette.color(QPalette::Window));
        QVERIFY(UiTestFixture::screenshot(window.get(),
                                          QStringLiteral("mainwindow-%1").arg(ThemeManager::key(theme))));
    }
    ThemeManager::apply(ThemeManager::Theme::Light);
    window.reset();

    // A console started in French: every widget is built with the French texts.
    Translations::install(QStringLiteral("fr"));
    auto french = m_fixture.openWindow(QStringLiteral("officer"));
    activate(french.get());
    auto* frenchSearch = french->findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* frenchTable = french->findChild<QTableView*>(QStringLiteral("resultsView"));
    QTest::keyClicks(frenchSearch, QStringLiteral("an"));
    QTest::keyClick(frenchSearch, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(frenchTable->model() && frenchTable->model()->rowCount() > 1, 10000);
    QTest::keyClick(frenchSearch, Qt::Key_Down);
    QTest::qWait(500);
    QVERIFY(UiTestFixture::screenshot(french.get(), QStringLiteral("mainwindow-fr-start")));
    Translations::install(QStringLiteral("en"));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
