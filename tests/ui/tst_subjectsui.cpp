// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 7 in the console: federated search over the index, Trust Swiftly and SDK.Finance, the 360
// view, links and the subjects import, against an in-process sandbox over TLS and a real SQLite store.
#include "Population.h"
#include "SandboxServer.h"
#include "SubjectsCsvWriter.h"
#include "UiTestFixture.h"
#include "main/MainWindow.h"
#include "models/FederatedSearchModel.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "services/SearchService.h"
#include "services/SubjectService.h"
#include "store/Store.h"
#include "subjects/FederatedSortModel.h"
#include "subjects/ImportSubjectsDialog.h"
#include "subjects/LinkSubjectDialog.h"
#include "subjects/LinkSuggestionsDialog.h"
#include "subjects/ProfileSectionBox.h"
#include "subjects/SourceStatusStrip.h"
#include "subjects/SubjectProfileView.h"
#include "widgets/MessageBanner.h"
#include "widgets/OpenFileDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

class TestSubjectsUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void federatedSearchShowsBothProvidersAndStatus();
    void staleSearchIsCancelled();
    void localIndexAnswersEveryKeystroke();
    void profile360OfALinkedSubject();
    void forgedJobSignatureIsASecurityWarning();
    void linkToWritesTheLink();
    void confirmingASuggestionLinks();
    void auditorCannotLink();
    void importWithABadRowImportsNothing();
    void importRunsOffTheGuiThreadWithProgressAndCancel();
    void quittingMidImportWritesNothing();
    void checkingTheFileShowsProgressAndCancels();

private:
    /// A subjects CSV of `count` generated people (more than the sandbox's population).
    QString writeLargeFile(quint32 count);
    qsizetype subjectCount();
    bool importSubjects(quint32 count);
    QString email(quint32 n) const { return m_fixture.sandbox()->population().user(n).email; }
    UiTestFixture m_fixture;
};

void TestSubjectsUi::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(300, &error), qPrintable(error));
}

void TestSubjectsUi::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
}

bool TestSubjectsUi::importSubjects(quint32 count)
{
    const QString path = m_fixture.filePath(QStringLiteral("subjects.csv"));
    QString error;
    if (!SubjectsCsvWriter::write(m_fixture.sandbox()->population(), count, path, &error))
        return false;
    SubjectService subjects(*m_fixture.store(), m_fixture.signIn(QStringLiteral("officer")));
    const SubjectImportReport report = subjects.planImport(path);
    return subjects.applyImport(report, QStringLiteral("test import"), &error);
}

void TestSubjectsUi::federatedSearchShowsBothProvidersAndStatus()
{
    QVERIFY(importSubjects(20));
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QAbstractItemModelTester tester(window->resultsProxy(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), email(3)));
    // One row for the linked person, known to both searching providers (and the index).
    const int row = UiTestFixture::resultRow(window.get(), QStringLiteral("sdkfinance"));
    QVERIFY(row >= 0);
    QCOMPARE(row, UiTestFixture::resultRow(window.get(), QStringLiteral("trustswiftly")));
    const QModelIndex providers = window->resultsProxy()->index(row, FederatedSearchModel::ProvidersColumn);
    QVERIFY2(providers.data().toString().contains(QStringLiteral("Trust Swiftly")) &&
                 providers.data().toString().contains(QStringLiteral("SDK.Finance")),
             qPrintable(providers.data().toString()));
    QCOMPARE(window->resultsProxy()->index(row, FederatedSearchModel::SubjectColumn).data().toString(),
             SubjectsCsvWriter::referenceFor(3));
    auto* strip = window->findChild<SourceStatusStrip*>(QStringLiteral("sourceStatusStrip"));
    for (const QString& source :
         {QStringLiteral("index"), QStringLiteral("trustswiftly"), QStringLiteral("sdkfinance")})
        QVERIFY2(strip->statusText(source).contains(QStringLiteral("result")),
                 qPrintable(strip->statusText(source)));
    // Sorting and the provider filter work on what is shown.
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    table->sortByColumn(FederatedSearchModel::EmailColumn, Qt::DescendingOrder);
    window->resultsProxy()->setProviderFilter(QStringLiteral("smartid"));
    QVERIFY(window->resultsProxy()->rowCount() >= 1);
    window->resultsProxy()->setProviderFilter(QString());
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("search-federated")));
}

void TestSubjectsUi::staleSearchIsCancelled()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    QTest::keyClicks(search, email(11));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(window->searchService()->isBusy());
    // At once, before the first query is answered: another person.
    search->clear();
    QTest::keyClicks(search, email(12));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(UiTestFixture::waitForSearch(window.get()));
    QTest::qWait(200); // late answers of the first query would land now
    QAbstractItemModel* model = window->resultsProxy();
    QVERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString shown = model->index(row, FederatedSearchModel::EmailColumn).data().toString();
        QVERIFY2(shown != email(11).toLower(), qPrintable(shown));
    }
}

void TestSubjectsUi::localIndexAnswersEveryKeystroke()
{
    QVERIFY(importSubjects(20));
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    QVERIFY(search);
    const QString reference = SubjectsCsvWriter::referenceFor(7);
    QAbstractItemModel* model = window->resultsProxy();
    const auto shows = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, FederatedSearchModel::SubjectColumn).data().toString() == reference)
                return true;
        }
        return false;
    };
    // Each keystroke from the fourth on: the person is there once the events of that keystroke are
    // handled, with no wait for the providers' debounce (no qWait, no timer runs out here).
    for (qsizetype i = 0; i < reference.size(); ++i) {
        QTest::keyClick(search, reference.at(i).toLatin1());
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        if (i >= 3)
            QVERIFY2(shows(), qPrintable(search->text()));
    }
}

void TestSubjectsUi::profile360OfALinkedSubject()
{
    QVERIFY(importSubjects(20));
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), email(7)));
    SubjectProfileView* view = window->profileView();
    QTRY_VERIFY_WITH_TIMEOUT(!view->service()->isLoading() &&
                                 view->section(QStringLiteral("trustswiftly"))->stateText().isEmpty(),
                             15000);
    const QString jobs = view->section(QStringLiteral("smileid_jobs"))->bodyText();
    QVERIFY2(jobs.contains(QStringLiteral("JOB-000007")) && jobs.contains(QStringLiteral("verified")),
             qPrintable(jobs));
    QVERIFY(view->securityWarning().isEmpty());
    QVERIFY2(view->section(QStringLiteral("trustswiftly"))->bodyText().contains(QStringLiteral("flow_")),
             qPrintable(view->section(QStringLiteral("trustswiftly"))->bodyText()));
    QVERIFY(view->section(QStringLiteral("smileid"))->bodyText().contains(QStringLiteral("audit log")));
    QVERIFY(view->section(QStringLiteral("sdkfinance"))->bodyText().contains(SdkFinanceEmulator::userId(7)));
    QVERIFY(view->section(QStringLiteral("smartid"))->bodyText().contains(QStringLiteral("enrolled")));
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("profileTitle"))
                ->text()
                .contains(SubjectsCsvWriter::referenceFor(7)));
    // The history and image links on demand.
    auto* more = view->findChild<QPushButton*>(QStringLiteral("loadJobDetails"));
    QVERIFY(more->isVisible());
    QTest::mouseClick(more, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !view->service()->isLoading() &&
            view->section(QStringLiteral("smileid_jobs"))->bodyText().contains(QStringLiteral("History")),
        15000);
    // The selfie and liveness images as pictures, on demand, over TLS from the sandbox.
    auto* showImages = view->findChild<QPushButton*>(QStringLiteral("showJobImages"));
    QVERIFY(showImages && showImages->isVisible());
    QTest::mouseClick(showImages, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        [view] {
            const QList<QLabel*> pictures = view->findChildren<QLabel*>(QStringLiteral("jobImage"));
            if (pictures.size() != 2)
                return false;
            for (QLabel* picture : pictures)
                if (picture->pixmap().isNull())
                    return false;
            return true;
        }(),
        15000);
    QVERIFY(!view->section(QStringLiteral("smileid_jobs"))->bodyText().contains(QStringLiteral("https://")));
    // The action panels are there for the person's ids.
    QCOMPARE(window->findChild<QLineEdit*>(QStringLiteral("sdkFinanceUserId"))->text(),
             SdkFinanceEmulator::userId(7));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("search-360")));
}

void TestSubjectsUi::forgedJobSignatureIsASecurityWarning()
{
    UiTestFixture forged;
    QString error;
    QVERIFY2(forged.createStore(&error), qPrintable(error));
    QVERIFY2(forged.startSandbox(50, true, &error), qPrintable(error));
    const QString path = forged.filePath(QStringLiteral("subjects.csv"));
    QVERIFY(SubjectsCsvWriter::write(forged.sandbox()->population(), 10, path, &error));
    SubjectService subjects(*forged.store(), forged.signIn(QStringLiteral("officer")));
    QVERIFY2(subjects.applyImport(subjects.planImport(path), QStringLiteral("test"), &error),
             qPrintable(error));

    auto window = forged.openWindow(QStringLiteral("officer"));
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), forged.sandbox()->population().user(2).email));
    SubjectProfileView* view = window->profileView();
    QTRY_VERIFY_WITH_TIMEOUT(!view->securityWarning().isEmpty(), 15000);
    QVERIFY(view->securityWarning().contains(QStringLiteral("Security warning")));
    // Never shown as normal data.
    QVERIFY(view->section(QStringLiteral("smileid_jobs"))->bodyText().isEmpty());
    QVERIFY(!view->section(QStringLiteral("smileid_jobs"))->stateText().isEmpty());
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("search-360-forged-signature")));
}

void TestSubjectsUi::linkToWritesTheLink()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), email(30)));
    // Let the 360 view finish first (cancelling its SDK.Finance requests mid-flight crashes in
    // HttpClient::onAttemptFinished: reported to the core).
    QTRY_VERIFY_WITH_TIMEOUT(!window->profileView()->service()->isLoading(), 15000);
    auto* link = window->profileView()->findChild<QPushButton*>(QStringLiteral("linkToSubject"));
    QVERIFY(link->isEnabled());
    QTest::mouseClick(link, Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<LinkSubjectDialog>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("linkReference")),
                     QStringLiteral("CASE-30"));
    auto* confirm = dialog->findChild<QPushButton*>(QStringLiteral("linkConfirm"));
    QVERIFY(!confirm->isEnabled()); // no reason yet
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("linkReason")),
                     QStringLiteral("same passport"));
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());
    QString error;
    const std::optional<Subject> s =
        window->subjectService()->subjectByLink(QStringLiteral("trustswiftly"), QStringLiteral("30"), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->reference, QStringLiteral("CASE-30"));
    // The search runs again and the row now carries the subject.
    QVERIFY(UiTestFixture::waitForSearch(window.get()));
    QTRY_VERIFY(
        UiTestFixture::resultRow(window.get(), QStringLiteral("trustswiftly"), QStringLiteral("30")) >= 0);
    const int row =
        UiTestFixture::resultRow(window.get(), QStringLiteral("trustswiftly"), QStringLiteral("30"));
    QCOMPARE(window->resultsProxy()->index(row, FederatedSearchModel::SubjectColumn).data().toString(),
             QStringLiteral("CASE-30"));
}

void TestSubjectsUi::confirmingASuggestionLinks()
{
    // Every fifth person is imported without the SDK.Finance id: same e-mail, not linked.
    QVERIFY(SubjectsCsvWriter::leavesOutSdkFinance(5));
    QVERIFY(importSubjects(10));
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), email(5)));
    QTRY_VERIFY_WITH_TIMEOUT(!window->profileView()->service()->isLoading(), 15000);
    auto* banner = window->findChild<MessageBanner*>(QStringLiteral("suggestionBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
    QVERIFY2(banner->text().contains(QStringLiteral("same e-mail")), qPrintable(banner->text()));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("search-suggestion")));
    emit banner->actionTriggered();
    auto* dialog = UiTestFixture::waitForDialog<LinkSuggestionsDialog>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("suggestionReference"))->text(),
             SubjectsCsvWriter::referenceFor(5));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("suggestionReason")),
                     QStringLiteral("checked the documents"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("suggestionConfirm")), Qt::LeftButton);
    QTRY_VERIFY2(!dialog->isVisible(), qPrintable(dialog->errorText()));
    QString error;
    const std::optional<Subject> s = window->subjectService()->subjectByLink(
        QStringLiteral("sdkfinance"), SdkFinanceEmulator::userId(5), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->reference, SubjectsCsvWriter::referenceFor(5));
}

void TestSubjectsUi::auditorCannotLink()
{
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    auto* link = window->profileView()->findChild<QPushButton*>(QStringLiteral("linkToSubject"));
    QVERIFY(!link->isEnabled());
    QVERIFY(link->toolTip().contains(QStringLiteral("Auditors")));
    auto* import = window->findChild<QAction*>(QStringLiteral("importSubjectsAction"));
    QVERIFY(!import->isEnabled());
    QVERIFY(import->toolTip().contains(QStringLiteral("Auditors")));
}

void TestSubjectsUi::importWithABadRowImportsNothing()
{
    const QString path = m_fixture.filePath(QStringLiteral("bad.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid\n"
               "CUST-A,a@example.com,REF-1,JOB-1,,1,\n"
               "CUST-B,b@example.com,REF-2\n"
               "CUST-C,c@example.com,,,,3,\n");
    file.close();
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    OpenFileDialog::setNextFileName(path);
    window->findChild<QAction*>(QStringLiteral("importSubjectsAction"))->trigger();
    auto* dialog = UiTestFixture::waitForDialog<ImportSubjectsDialog>();
    QVERIFY(dialog);
    QTRY_VERIFY(!dialog->isWorking()); // the dry run runs off the GUI thread
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("1 bad")), qPrintable(dialog->summaryText()));
    auto* rows = dialog->findChild<QTableWidget*>(QStringLiteral("importRows"));
    // Problems first, with the line they are on.
    QCOMPARE(rows->item(0, 0)->text(), QStringLiteral("3"));
    QCOMPARE(rows->item(0, 1)->text(), QStringLiteral("bad"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("importReason")), QStringLiteral("x"));
    QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("importConfirm"))->isEnabled());
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("import-subjects-bad-row")));
    dialog->reject();
    QString error;
    QVERIFY(!window->subjectService()->subject(QStringLiteral("CUST-A"), &error));
}

QString TestSubjectsUi::writeLargeFile(quint32 count)
{
    const QString path = m_fixture.filePath(QStringLiteral("large.csv"));
    QString error;
    const Population population(count, 7, {QStringLiteral("flow_MzA")});
    if (!SubjectsCsvWriter::write(population, count, path, &error))
        qWarning("%s", qPrintable(error));
    return path;
}

qsizetype TestSubjectsUi::subjectCount()
{
    QString error;
    const auto all = m_fixture.store()->findSubjects(QString(), 0, 1000000, &error);
    return all ? all->size() : -1;
}

void TestSubjectsUi::importRunsOffTheGuiThreadWithProgressAndCancel()
{
    // Large enough to take a few hundred milliseconds to write, small enough to keep the test short.
    constexpr quint32 kCount = 4000;
    const QString path = writeLargeFile(kCount);
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QCOMPARE(subjectCount(), 0);
    // The event loop must keep turning: a timer counts its ticks while the dialog works.
    int ticksWhileWorking = 0;
    QPointer<ImportSubjectsDialog> dialog;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, this, [&] {
        if (dialog && dialog->isWorking())
            ++ticksWhileWorking;
    });
    ticker.start();

    OpenFileDialog::setNextFileName(path);
    window->findChild<QAction*>(QStringLiteral("importSubjectsAction"))->trigger();
    dialog = UiTestFixture::waitForDialog<ImportSubjectsDialog>();
    QVERIFY(dialog);
    auto* bar = dialog->findChild<QProgressBar*>(QStringLiteral("importProgress"));
    auto* cancel = dialog->findChild<QPushButton*>(QStringLiteral("importCancel"));
    auto* confirm = dialog->findChild<QPushButton*>(QStringLiteral("importConfirm"));
    QVERIFY(bar && cancel && confirm);
    QVERIFY(dialog->isWorking());
    QVERIFY(!confirm->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isWorking(), 30000);
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("%1 new").arg(kCount)),
             qPrintable(dialog->summaryText()));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("importReason")),
                     QStringLiteral("bulk load"));
    QVERIFY(confirm->isEnabled());

    // Cancel as soon as the write reports progress: nothing is written, and the dialog says so.
    QList<int> seen;
    QString shownWhileWriting;
    const auto watch = connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
        seen << value;
        shownWhileWriting = bar->text();
        if (value > 0 && cancel->isEnabled())
            cancel->click();
    });
    confirm->click();
    QVERIFY(dialog->isWorking());
    QVERIFY(!confirm->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isWorking(), 30000);
    disconnect(watch);
    QVERIFY(dialog); // Cancel stops the work, it does not close the dialog
    QVERIFY2(!seen.isEmpty() && seen.constLast() < int(kCount), qPrintable(shownWhileWriting));
    QVERIFY2(shownWhileWriting.contains(QStringLiteral("of")), qPrintable(shownWhileWriting));
    QVERIFY2(dialog->errorText().contains(QStringLiteral("cancelled")) &&
                 dialog->errorText().contains(QStringLiteral("nothing was written")),
             qPrintable(dialog->errorText()));
    QCOMPARE(subjectCount(), 0);

    // Imported for real: progress on the way, the timer ticking, every subject written.
    seen.clear();
    ticksWhileWorking = 0;
    bool shot = false;
    connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
        seen << value;
        if (value > 0 && !shot)
            shot = UiTestFixture::screenshot(dialog, QStringLiteral("import-subjects-progress"));
    });
    QVERIFY(confirm->isEnabled());
    confirm->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 60000);
    QVERIFY2(std::any_of(seen.cbegin(), seen.cend(), [](int v) { return v > 0 && v < int(kCount); }),
             qPrintable(QStringLiteral("%1 progress values").arg(seen.size())));
    QVERIFY2(ticksWhileWorking >= 3, qPrintable(QString::number(ticksWhileWorking)));
    QCOMPARE(subjectCount(), qsizetype(kCount));
}

void TestSubjectsUi::quittingMidImportWritesNothing()
{
    const QString path = writeLargeFile(4000);
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    OpenFileDialog::setNextFileName(path);
    window->findChild<QAction*>(QStringLiteral("importSubjectsAction"))->trigger();
    QPointer<ImportSubjectsDialog> dialog = UiTestFixture::waitForDialog<ImportSubjectsDialog>();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isWorking(), 30000);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("importReason")), QStringLiteral("x"));
    auto* bar = dialog->findChild<QProgressBar*>(QStringLiteral("importProgress"));
    dialog->findChild<QPushButton*>(QStringLiteral("importConfirm"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 30000);
    QVERIFY(dialog->isWorking());
    // Closing the console under a running import: the transaction is rolled back, nothing crashes.
    window.reset();
    QVERIFY(dialog.isNull());
    QCOMPARE(subjectCount(), 0);
}

void TestSubjectsUi::checkingTheFileShowsProgressAndCancels()
{
    // The file is read and checked off the GUI thread, a batch at a time: the bar moves while it is
    // checked, and Cancel stops the check (no report, nothing written). Progress arrives as queued
    // signals, so connecting once the dialog is up misses none of them.
    constexpr quint32 kCount = 30000;
    const QString path = writeLargeFile(kCount);
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    OpenFileDialog::setNextFileName(path);
    window->findChild<QAction*>(QStringLiteral("importSubjectsAction"))->trigger();
    QPointer<ImportSubjectsDialog> dialog = UiTestFixture::waitForDialog<ImportSubjectsDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->isWorking());
    auto* bar = dialog->findChild<QProgressBar*>(QStringLiteral("importProgress"));
    auto* cancel = dialog->findChild<QPushButton*>(QStringLiteral("importCancel"));
    auto* confirm = dialog->findChild<QPushButton*>(QStringLiteral("importConfirm"));
    QVERIFY(bar && cancel && confirm);
    QList<int> seen;
    QString shown;
    const auto watch = connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
        seen << value;
        shown = bar->text();
        if (value > 0 && cancel->isEnabled())
            cancel->click();
    });
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isWorking(), 30000);
    disconnect(watch);
    QVERIFY(dialog); // Cancel stops the check, it does not close the dialog
    QVERIFY2(
        !seen.isEmpty() && seen.constLast() > 0 && seen.constLast() < int(kCount),
        qPrintable(QStringLiteral("%1 values, last %2").arg(seen.size()).arg(seen.value(seen.size() - 1))));
    QVERIFY2(shown.contains(QStringLiteral("Checking rows")) && shown.contains(QStringLiteral("of")),
             qPrintable(shown));
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("cancelled")), qPrintable(dialog->summaryText()));
    QVERIFY(!confirm->isEnabled());
    QCOMPARE(subjectCount(), 0);
    cancel->click(); // nothing runs now: Cancel closes
    QTRY_VERIFY(!dialog || !dialog->isVisible());
}

QTEST_MAIN(TestSubjectsUi)
#include "tst_subjectsui.moc"
