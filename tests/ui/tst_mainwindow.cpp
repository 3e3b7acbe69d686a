// SPDX-License-Identifier: GPL-3.0-or-later
// The main window driven as a user would: keys into the search box, clicks in the table,
// against an in-process sandbox over real TLS.
#include "SandboxServer.h"
#include "UiTestFixture.h"
#include "main/MainWindow.h"
#include "models/FederatedSearchModel.h"
#include "services/DemoOperators.h"
#include "services/OperatorService.h"
#include "services/SearchService.h"
#include "store/Store.h"
#include "subjects/FederatedSortModel.h"
#include "subjects/SourceStatusStrip.h"
#include "widgets/MessageBanner.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void searchFillsTableAndDetail();
    void scrollingFetchesMorePages();
    void unreachableProviderShowsBannerNotDialog();
    void badProfileIsExplained();
    void changePasswordFromTheFileMenu();

private:
    QString writeProfile(SandboxServer& server);
    QTemporaryDir m_dir;
    UiTestFixture m_fixture; ///< the store and operator a window needs
    std::unique_ptr<SandboxServer> m_server;
    QString m_profile;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString storeError;
    QVERIFY2(m_fixture.createStore(&storeError), qPrintable(storeError));
    SandboxServer::Options options;
    options.users = 5000;
    options.seed = 7;
    m_server = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("profile.json"));
    QVERIFY2(m_server->writeProfile(m_profile, &error), qPrintable(error));
}

void TestMainWindow::searchFillsTableAndDetail()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openProfile(m_profile));
    QVERIFY(window.windowTitle().contains(QStringLiteral("sandbox")));

    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window.findChild<QTableView*>(QStringLiteral("resultsView"));
    auto* status = window.findChild<QLabel*>(QStringLiteral("searchStatus"));
    QVERIFY(search && table && status);
    QVERIFY(search->isEnabled());

    // Take a real user's first name from the sandbox's own population.
    QTest::keyClicks(search, QStringLiteral("a"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, 10000);
    // QTest types ASCII only: pick a first name without accents.
    QString firstName;
    for (int row = 0; row < table->model()->rowCount() && firstName.isEmpty(); ++row) {
        const QString candidate = table->model()
                                      ->index(row, FederatedSearchModel::NameColumn)
                                      .data()
                                      .toString()
                                      .section(QLatin1Char(' '), 0, 0);
        if (!candidate.isEmpty() &&
            QRegularExpression(QStringLiteral("^[A-Za-z]+$")).match(candidate).hasMatch())
            firstName = candidate;
    }
    QVERIFY(!firstName.isEmpty());

    // Typing (debounced, no Enter) replaces the results with matches for the new text.
    search->clear();
    QTest::keyClicks(search, firstName.toLower());
    QTRY_VERIFY_WITH_TIMEOUT(
        window.searchModel()->query() == firstName.toLower() && !window.searchService()->isBusy(), 10000);
    const int rows = table->model()->rowCount();
    QVERIFY(rows > 0);
    for (int row = 0; row < rows; ++row) {
        const QString haystack =
            table->model()->index(row, FederatedSearchModel::NameColumn).data().toString() + u' ' +
            table->model()->index(row, FederatedSearchModel::EmailColumn).data().toString();
        QVERIFY2(haystack.contains(firstName, Qt::CaseInsensitive), qPrintable(haystack));
    }
    QVERIFY(status->text().contains(firstName.toLower()));

    // Selecting a Trust Swiftly user's row shows them in the detail pane, refreshed from the provider.
    const int tsRow = UiTestFixture::resultRow(&window, QStringLiteral("trustswiftly"));
    QVERIFY(tsRow >= 0);
    const QRect cell = table->visualRect(table->model()->index(tsRow, FederatedSearchModel::EmailColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    auto* email = window.findChild<QLabel*>(QStringLiteral("detailEmail"));
    auto* workflow = window.findChild<QLabel*>(QStringLiteral("detailWorkflow"));
    auto* note = window.findChild<QLabel*>(QStringLiteral("detailNote"));
    QVERIFY(email && workflow && note);
    QCOMPARE(email->text().toLower(),
             table->model()->index(tsRow, FederatedSearchModel::EmailColumn).data().toString());
    QTRY_VERIFY_WITH_TIMEOUT(note->text().startsWith(QStringLiteral("Up to date")), 10000);
    // By name and id once the workflows are known: "Selfie Only (flow_Mjk)".
    QTRY_VERIFY2(workflow->text().contains(QRegularExpression(QStringLiteral("^.+ \\(flow_\\w+\\)$"))),
                 qPrintable(workflow->text()));

    // Keyboard: Ctrl+F back to the search box, Down into the results.
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClick(search, Qt::Key_Down);
    QTRY_VERIFY(table->hasFocus());

    const QString shot = QDir(QStringLiteral(SCREENSHOT_DIR)).filePath(QStringLiteral("mainwindow.png"));
    QVERIFY(window.grab().save(shot));
}

void TestMainWindow::scrollingFetchesMorePages()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.resize(900, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openProfile(m_profile));
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window.findChild<QTableView*>(QStringLiteral("resultsView"));
    QTest::keyClicks(search, QStringLiteral("e"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0 && !window.searchService()->isBusy(), 10000);
    const int firstRows = table->model()->rowCount();
    QVERIFY(window.searchService()->canFetchMoreAny());
    // Scroll to the end like a user dragging the scroll bar: the view asks for the next page.
    table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum());
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > firstRows, 10000);
}

void TestMainWindow::unreachableProviderShowsBannerNotDialog()
{
    // A profile whose provider URL points at a closed port.
    QFile in(m_profile);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
    QJsonObject ts = root.value(QStringLiteral("trustswiftly")).toObject();
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    ts.insert(QStringLiteral("base_url"), QStringLiteral("https://127.0.0.1:%1/trustswiftly").arg(port));
    root.insert(QStringLiteral("trustswiftly"), ts);
    const QString path = m_dir.filePath(QStringLiteral("closed.json"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(root).toJson());
    out.close();
    QFile::copy(QFileInfo(m_profile).dir().filePath(root.value(QStringLiteral("ca_file")).toString()),
                m_dir.filePath(root.value(QStringLiteral("ca_file")).toString()));

    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    QVERIFY(window.openProfile(path));
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* strip = window.findChild<SourceStatusStrip*>(QStringLiteral("sourceStatusStrip"));
    auto* table = window.findChild<QTableView*>(QStringLiteral("resultsView"));
    QTest::keyClicks(search, QStringLiteral("ann"));
    QTest::keyClick(search, Qt::Key_Return);
    // The failing source says why, next to its name, with a Retry; the other source still answers.
    QTRY_VERIFY_WITH_TIMEOUT(!window.searchService()->isBusy(), 15000);
    const QString text = strip->statusText(QStringLiteral("trustswiftly"));
    QVERIFY2(text.contains(QStringLiteral("Trust Swiftly")) && text.contains(QStringLiteral("failed")),
             qPrintable(text));
    const QString whole = window.findChild<QLabel*>(QStringLiteral("sourceStatus_trustswiftly"))->toolTip();
    QVERIFY2(whole.contains(QStringLiteral("search users")), qPrintable(whole));
    QVERIFY(strip->retryButton(QStringLiteral("trustswiftly"))->isVisible());
    QVERIFY2(strip->statusText(QStringLiteral("sdkfinance")).contains(QStringLiteral("result")),
             qPrintable(strip->statusText(QStringLiteral("sdkfinance"))));
    QVERIFY(table->model()->rowCount() > 0);
    QVERIFY(UiTestFixture::resultRow(&window, QStringLiteral("sdkfinance")) >= 0);
    QVERIFY(UiTestFixture::resultRow(&window, QStringLiteral("trustswiftly")) < 0);
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    QVERIFY(UiTestFixture::screenshot(&window, QStringLiteral("search-one-source-failing")));
}

void TestMainWindow::badProfileIsExplained()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("officer")));
    window.show();
    const QString missing = m_dir.filePath(QStringLiteral("nope.json"));
    QVERIFY(!window.openProfile(missing));
    auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
    QVERIFY(banner->text().contains(missing));
    QVERIFY(!window.findChild<QLineEdit*>(QStringLiteral("searchField"))->isEnabled());
}

void TestMainWindow::changePasswordFromTheFileMenu()
{
    MainWindow window(ConsoleServices(m_fixture.store()), m_fixture.signIn(QStringLiteral("auditor")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* action = window.findChild<QAction*>(QStringLiteral("changePasswordAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    QPointer<QDialog> dialog; // it deletes itself once closed
    QTRY_VERIFY((dialog = window.findChild<QDialog*>(QStringLiteral("changePasswordDialog"))) &&
                dialog->isVisible());
    auto* current = dialog->findChild<QLineEdit*>(QStringLiteral("currentPassword"));
    auto* fresh = dialog->findChild<QLineEdit*>(QStringLiteral("newPassword"));
    auto* again = dialog->findChild<QLineEdit*>(QStringLiteral("confirmPassword"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("changePasswordOk"));
    auto* rule = dialog->findChild<QLabel*>(QStringLiteral("changePasswordRule"));
    QVERIFY(current && fresh && again && ok && rule);
    QCOMPARE(dialog->focusWidget(), current);

    // The button says what is missing until the form is complete.
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(current, DemoOperators::password());
    QTest::keyClicks(fresh, QStringLiteral("short"));
    QVERIFY2(rule->text().contains(QLatin1String("at least")), qPrintable(rule->text()));
    fresh->clear();
    const QString own = QStringLiteral("an auditor's own words");
    QTest::keyClicks(fresh, own);
    QTest::keyClicks(again, own + QLatin1Char('x'));
    QVERIFY2(rule->text().contains(QLatin1String("same new password")), qPrintable(rule->text()));
    QTest::keyClick(again, Qt::Key_Backspace);
    QVERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("change-password")));

    // Return sends it; it is checked and written off the GUI thread; the window says it is done.
    QTest::keyClick(again, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 15000);
    auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
    QVERIFY2(banner->text().contains(QLatin1String("password was changed")), qPrintable(banner->text()));
    QString error;
    QVERIFY(!OperatorService(m_fixture.store())
                 .signIn(QStringLiteral("auditor"), DemoOperators::password(), &error));
    QVERIFY2(OperatorService(m_fixture.store()).signIn(QStringLiteral("auditor"), own, &error),
             qPrintable(error));
    AuditFilter filter;
    filter.operatorName = QStringLiteral("auditor");
    filter.limit = 1;
    const auto entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY2(entries && entries->size() == 1, qPrintable(error));
    // The newest of the auditor's entries is the sign-in just made; the change is the one before it.
    filter.limit = 3;
    QStringList events;
    for (const AuditEntry& e : m_fixture.store()->auditEntries(filter, &error).value_or(QList<AuditEntry>()))
        events << e.event;
    QVERIFY2(events.contains(QStringLiteral("operator-password-changed")), qPrintable(events.join(u' ')));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
