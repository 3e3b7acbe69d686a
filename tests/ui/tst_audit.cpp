// SPDX-License-Identifier: GPL-3.0-or-later
// The audit view: filters, CSV export through the save-file seam (formula injection neutralised),
// the chain check, and the auditor's read-only console.
#include "UiTestFixture.h"

#include "approvals/ApprovalsView.h"
#include "audit/AuditView.h"
#include "domain/DisplayTime.h"
#include "main/MainWindow.h"
#include "models/AuditModel.h"
#include "providers/smileid/SmileIdPanel.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "store/Store.h"
#include "widgets/MessageBanner.h"
#include "widgets/SaveFileDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDateEdit>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
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
} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filtersApplyOnButtonAndEnter();
    void exportWritesNeutralisedCsv();
    void auditorIsReadOnlyAndVerifiesTheChain();
    void brokenChainIsNamed();
    void timesReadInTheOperatorsLocale();

private:
    void submit(MainWindow* window, const ActionRequest& request);
    UiTestFixture m_fixture;
};

void TestAudit::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    QVERIFY2(m_fixture.startSandbox(100, &error), qPrintable(error));
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    submit(officer.get(), fraud(QStringLiteral("REF-000010"), QStringLiteral("=HYPERLINK(\"http://x\")")));
    submit(officer.get(), fraud(QStringLiteral("REF-000011"), QStringLiteral("Plain reason")));
}

void TestAudit::submit(MainWindow* window, const ActionRequest& request)
{
    ActionTicket* ticket = window->actionService()->submit(request);
    QSignalSpy done(ticket, &ActionTicket::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(ticket->failure(), ActionTicket::Failure::None);
}

void TestAudit::filtersApplyOnButtonAndEnter()
{
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    window->showTab(MainWindow::AuditTab);
    auto* view = window->findChild<AuditView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("auditTable"));
    auto* user = view->findChild<QLineEdit*>(QStringLiteral("auditUserFilter"));
    auto* action = view->findChild<QLineEdit*>(QStringLiteral("auditActionFilter"));
    auto* operatorFilter = view->findChild<QLineEdit*>(QStringLiteral("auditOperatorFilter"));
    auto* apply = view->findChild<QPushButton*>(QStringLiteral("auditApplyButton"));
    auto* clear = view->findChild<QPushButton*>(QStringLiteral("auditClearButton"));
    auto* fromEnabled = view->findChild<QCheckBox*>(QStringLiteral("auditFromEnabled"));
    auto* from = view->findChild<QDateEdit*>(QStringLiteral("auditFromDate"));
    QVERIFY(table && user && action && operatorFilter && apply && clear && fromEnabled && from);
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // 4 operators added + sign-ins + 2 intents: everything, newest first.
    const int all = table->model()->rowCount();
    QVERIFY(all >= 6);
    QVERIFY(table->model()->index(0, AuditModel::SeqColumn).data().toInt() >
            table->model()->index(1, AuditModel::SeqColumn).data().toInt());

    // Typing alone changes nothing; the button applies.
    QTest::keyClicks(user, QStringLiteral("REF-000010"));
    QCOMPARE(table->model()->rowCount(), all);
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, AuditModel::EventColumn).data().toString(), QStringLiteral("intent"));

    // The selected entry in full.
    table->setCurrentIndex(table->model()->index(0, 0));
    const QString detail = view->findChild<QPlainTextEdit*>(QStringLiteral("auditDetail"))->toPlainText();
    QVERIFY2(detail.contains(QStringLiteral("\"is_fraudulent\": true")), qPrintable(detail));
    QVERIFY(detail.contains(QStringLiteral("Previous hash:")));

    // Enter in a field applies too.
    user->clear();
    QTest::keyClicks(action, QStringLiteral("is_fraud"));
    QTest::keyClicks(operatorFilter, QStringLiteral("officer"));
    QTest::keyClick(operatorFilter, Qt::Key_Return);
    QCOMPARE(table->model()->rowCount(), 2);

    // Dates: nothing tomorrow, everything today.
    fromEnabled->setChecked(true);
    from->setDate(QDate::currentDate().addDays(1));
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 0);
    from->setDate(QDate::currentDate());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 2);
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("audit")));

    QTest::mouseClick(clear, Qt::LeftButton);
    QVERIFY(table->model()->rowCount() >= all);
    QVERIFY(action->text().isEmpty());
}

void TestAudit::exportWritesNeutralisedCsv()
{
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    window->showTab(MainWindow::AuditTab);
    auto* view = window->findChild<AuditView*>();
    auto* exportButton = view->findChild<QPushButton*>(QStringLiteral("auditExportButton"));
    QVERIFY(exportButton->isEnabled());
    const QString path = m_fixture.filePath(QStringLiteral("audit.csv"));
    SaveFileDialog::setNextFileName(path);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTRY_VERIFY(QFile::exists(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY2(csv.contains(QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\")\"")), qPrintable(csv));
    QVERIFY(!csv.contains(QStringLiteral(",\"=HYPERLINK")));
    QVERIFY(csv.contains(QStringLiteral("Plain reason")));
    auto* banner = view->findChild<MessageBanner*>(QStringLiteral("auditBanner"));
    QVERIFY2(banner->text().contains(QStringLiteral("Exported")), qPrintable(banner->text()));
    QCOMPARE(banner->level(), MessageBanner::Level::Success);

    // Cancelling the file dialog writes nothing.
    const QString other = m_fixture.filePath(QStringLiteral("cancelled.csv"));
    SaveFileDialog::setNextFileName(QString());
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTest::qWait(50);
    QVERIFY(!QFile::exists(other));
}

void TestAudit::auditorIsReadOnlyAndVerifiesTheChain()
{
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    // No action can be requested, approved or resolved, and every button says why.
    auto* panel = window->findChild<SmileIdPanel*>();
    panel->findChild<QLineEdit*>(QStringLiteral("smileIdUserId"))->setText(QStringLiteral("REF-000010"));
    for (QPushButton* b : panel->findChildren<QPushButton*>()) {
        QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
        QVERIFY2(b->toolTip().contains(QStringLiteral("Auditors")), qPrintable(b->toolTip()));
    }
    auto* approvals = window->findChild<ApprovalsView*>();
    QCOMPARE(approvals->count(), 2);
    for (const char* name : {"approveButton", "rejectButton"}) {
        auto* b = approvals->findChild<QPushButton*>(QString::fromLatin1(name));
        QVERIFY(!b->isEnabled());
        QVERIFY(b->toolTip().contains(QStringLiteral("supervisor")));
    }
    // The policy can be read, not changed (the dialog opens read-only: tst_approvals).
    QVERIFY(window->findChild<QAction*>(QStringLiteral("policyAction"))
                ->toolTip()
                .contains(QStringLiteral("Read")));

    window->showTab(MainWindow::AuditTab);
    auto* view = window->findChild<AuditView*>();
    QVERIFY(view->model()->rowCount() > 0);
    QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("auditVerifyButton")), Qt::LeftButton);
    auto* banner = view->findChild<MessageBanner*>(QStringLiteral("auditBanner"));
    QVERIFY2(banner->text().startsWith(QStringLiteral("Chain verified: ")), qPrintable(banner->text()));
    QString error;
    const qint64 entries = m_fixture.store()->auditEntries(AuditFilter(), &error)->size();
    QVERIFY(banner->text().contains(QStringLiteral("%1 entries").arg(entries)));
    QCOMPARE(banner->level(), MessageBanner::Level::Success);
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("audit-verified")));
}

void TestAudit::brokenChainIsNamed()
{
    // Someone edits a reason behind the console's back.
    const QString path = m_fixture.storeUrl().mid(QStringLiteral("sqlite:").size());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        // What someone with the file's owner rights can do; the hash chain must still tell.
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_no_update")));
        QVERIFY(q.exec(QStringLiteral("UPDATE audit SET reason = 'nothing to see' WHERE seq = 3")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    window->showTab(MainWindow::AuditTab);
    auto* view = window->findChild<AuditView*>();
    QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("auditVerifyButton")), Qt::LeftButton);
    auto* banner = view->findChild<MessageBanner*>(QStringLiteral("auditBanner"));
    QVERIFY2(banner->text().startsWith(QStringLiteral("Broken at entry 3: ")), qPrintable(banner->text()));
    QCOMPARE(banner->level(), MessageBanner::Level::Error);
    QVERIFY(UiTestFixture::screenshot(view, QStringLiteral("audit-broken")));
}

// The table, its tooltip and the detail pane give times in the operator's language (DisplayTime),
// not the ISO 8601 the audit log stores.
void TestAudit::timesReadInTheOperatorsLocale()
{
    const QLocale saved;
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    window->showTab(MainWindow::AuditTab);
    auto* view = window->findChild<AuditView*>();
    auto* table = view->findChild<QTableView*>(QStringLiteral("auditTable"));
    QVERIFY(table && table->model()->rowCount() > 0);
    const QModelIndex time = table->model()->index(0, AuditModel::TimeColumn);
    const AuditEntry entry = view->model()->itemAt(time);
    const QString french =
        QLocale(QLocale::French, QLocale::France).toString(entry.time.toLocalTime(), QLocale::ShortFormat);
    QCOMPARE(time.data().toString(), french);
    QVERIFY(!time.data(Qt::ToolTipRole).toString().contains(AuditEntry::formatTime(entry.time)));
    QCOMPARE(time.data(Qt::ToolTipRole).toString(), DisplayTime::formatLong(entry.time));

    table->setCurrentIndex(time);
    const QString detail = view->findChild<QPlainTextEdit*>(QStringLiteral("auditDetail"))->toPlainText();
    QVERIFY2(detail.contains(french), qPrintable(detail));
    QVERIFY2(!detail.contains(AuditEntry::formatTime(entry.time)), qPrintable(detail));
    QLocale::setDefault(saved);
}

QTEST_MAIN(TestAudit)
#include "tst_audit.moc"
