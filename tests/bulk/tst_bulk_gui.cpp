// SPDX-License-Identifier: GPL-3.0-or-later
// The bulk job dialog and the Jobs view as widgets, offscreen: the preview names invalid lines, the
// job is submitted for approval, a second supervisor's approval runs it and the progress bar follows,
// Pause / Resume / Cancel / Export by clicks, the resume offer for interrupted jobs.
#include "SandboxServer.h"
#include "TestStore.h"
#include "approvals/ApprovalsView.h"
#include "bulk/BulkJobDialog.h"
#include "bulk/JobsView.h"
#include "models/ActionsModel.h"
#include "models/BulkJobsModel.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "widgets/MessageBanner.h"
#include "widgets/SaveFileDialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDir>
#include <QHostInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>
#include <unistd.h>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
}

class TestBulkGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void dialogPreviewSubmitAndJobsViewProgress();
    void interruptedJobsAreOffered();
    void approvalsShowTheJobsPreview();
    void jobsSayWhereTheyStand();
    void productionAsksBeforeSubmitting();

private:
    std::unique_ptr<ActionService> serviceFor(const QString& name);
    QString writeCsv(int from, int count, bool withInvalid);
    qint64 submittedJob(int from, int count);
    qint64 approvedJob(int from, int count);

    TestStore m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_dir;
};

void TestBulkGui::initTestCase()
{
    QString error;
    QVERIFY2(m_testStore.create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore.url(), &error);
    QVERIFY2(m_store, qPrintable(error));
    for (const auto& [name, role] :
         {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor}}) {
        Operator op;
        op.name = QString::fromLatin1(name);
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        QVERIFY(hash);
        QVERIFY2(m_store->addOperator(op, *hash, &error), qPrintable(error));
    }
    SandboxServer::Options options;
    options.users = 100;
    options.faults.latencyMs = 60;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    const QString profilePath = m_dir.filePath(QStringLiteral("p.json"));
    QVERIFY2(m_sandbox->writeProfile(profilePath, &error), qPrintable(error));
    auto profile = ConnectionProfile::load(profilePath, &error);
    QVERIFY2(profile, qPrintable(error));
    m_session = std::make_unique<Session>(*profile);
}

std::unique_ptr<ActionService> TestBulkGui::serviceFor(const QString& name)
{
    QString error;
    const std::optional<Operator> op = OperatorService(m_store.get()).signIn(name, kPassword, &error);
    if (!op)
        return nullptr;
    auto service = std::make_unique<ActionService>(m_store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : m_session->executors())
        service->registerExecutor(ex);
    return service;
}

QString TestBulkGui::writeCsv(int from, int count, bool withInvalid)
{
    const QString path = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write("provider,action,user_id,params,reason\n");
    for (int i = from; i < from + count; ++i)
        f.write("smileid,flag," + m_sandbox->population().user(quint32(i)).referenceId.toUtf8() +
                ",active=false,dormant account\n");
    if (withInvalid)
        f.write("smileid,flag,REF-000001,fraudulent=perhaps,typo\n");
    return path;
}

void TestBulkGui::dialogPreviewSubmitAndJobsViewProgress()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    QVERIFY(olivia && sam);
    BulkJobService oliviaJobs(olivia.get());
    BulkJobDialog dialog(&oliviaJobs);
    dialog.show();
    auto* submit = dialog.findChild<QPushButton*>(QStringLiteral("submitJob"));
    auto* preview = dialog.findChild<QTableWidget*>(QStringLiteral("bulkPreview"));
    QVERIFY(submit && preview);
    QVERIFY(!submit->isEnabled());
    const int total = 30;
    dialog.loadFile(writeCsv(10, total, true));
    QTRY_COMPARE(preview->rowCount(), total + 1);
    QCOMPARE(preview->item(total, 0)->text(), QString::number(total + 2)); // CSV line number
    QCOMPARE(preview->item(total, 4)->text(), QStringLiteral("invalid"));
    QVERIFY(preview->item(total, 5)->text().contains(QLatin1String("true or false")));
    QVERIFY(preview->item(0, 5)->text().contains(m_sandbox->population().user(10).referenceId));
    QTRY_VERIFY(submit->isEnabled());
    QVERIFY(m_sandbox->requestLog().isEmpty()); // the dry run sent nothing
    const QString checked = dialog.findChild<QLabel*>(QStringLiteral("bulkSummary"))->text();
    QVERIFY2(checked.contains(QStringLiteral("Invalid: line(s) %1.").arg(total + 2)), qPrintable(checked));
    QDir().mkpath(QStringLiteral(SCREENSHOT_DIR));
    dialog.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-dialog.png"));

    // In a long file, the refused rows alone: one click, and back.
    auto* invalidOnly = dialog.findChild<QCheckBox*>(QStringLiteral("invalidOnly"));
    QVERIFY(invalidOnly && invalidOnly->isEnabled());
    QTest::mouseClick(invalidOnly, Qt::LeftButton);
    QVERIFY(invalidOnly->isChecked());
    for (int i = 0; i < total; ++i)
        QVERIFY(preview->isRowHidden(i));
    QVERIFY(!preview->isRowHidden(total));
    dialog.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-dialog-invalid-only.png"));
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(&dialog, Qt::Key_I, Qt::AltModifier); // its mnemonic (an animated click)
    QTRY_VERIFY(!invalidOnly->isChecked());
    QVERIFY(!preview->isRowHidden(0));
    QSignalSpy submitted(&dialog, &BulkJobDialog::submitted);
    QTest::mouseClick(submit, Qt::LeftButton);
    QCOMPARE(submitted.size(), 1);
    const qint64 job = dialog.submittedJobId();
    QVERIFY(job > 0);
    QVERIFY(!submit->isEnabled());

    // The supervisor's console: Jobs view on a job service that runs what is approved here.
    BulkJobService samJobs(sam.get());
    samJobs.setRunOnApproval(true);
    JobsView view;
    view.setJobService(&samJobs);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(900, 400);
    view.show();
    auto* bar = view.findChild<QProgressBar*>(QStringLiteral("jobProgress"));
    auto* summary = view.findChild<QLabel*>(QStringLiteral("jobSummary"));
    auto* pause = view.findChild<QPushButton*>(QStringLiteral("pauseJob"));
    auto* resume = view.findChild<QPushButton*>(QStringLiteral("resumeJob"));
    auto* cancel = view.findChild<QPushButton*>(QStringLiteral("cancelJob"));
    auto* exportButton = view.findChild<QPushButton*>(QStringLiteral("exportJob"));
    QVERIFY(bar && summary && pause && resume && cancel && exportButton);
    QCOMPARE(view.model()->rowCount(), 1);
    QVERIFY(summary->text().contains(QLatin1String("Waiting for a supervisor")));
    QVERIFY(!pause->isEnabled());
    QVERIFY(!resume->isEnabled()); // not approved yet

    ActionTicket* ticket = sam->approve(job);
    QSignalSpy approved(ticket, &ActionTicket::finished);
    QVERIFY(approved.wait());
    BulkJobRunner* runner = samJobs.runner(job);
    QVERIFY(runner);
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 20000);
    QTRY_VERIFY(pause->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QCOMPARE(runner->state(), BulkJob::RunState::Paused);
    QTRY_VERIFY(resume->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(runner->unfinished(), 0, 10000);
    const int atPause = bar->value();
    QVERIFY(atPause < 100);
    view.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-jobs-paused.png"));
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), 100, 30000);
    QTRY_VERIFY(summary->text().contains(QStringLiteral("done %1").arg(total)));
    QTRY_VERIFY(!cancel->isEnabled());
    view.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-jobs-finished.png"));

    const QString out = m_dir.filePath(QStringLiteral("gui-export.csv"));
    SaveFileDialog::setNextFileName(out);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTRY_VERIFY(QFile::exists(out));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().count("\"succeeded\""), total);
}

qint64 TestBulkGui::submittedJob(int from, int count)
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    BulkJobDialog dialog(new BulkJobService(olivia.get(), olivia.get()), nullptr);
    dialog.loadFile(writeCsv(from, count, false));
    QTest::qWait(50);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("submitJob")), Qt::LeftButton);
    return dialog.submittedJobId();
}

qint64 TestBulkGui::approvedJob(int from, int count)
{
    const qint64 job = submittedJob(from, count);
    if (job <= 0)
        return 0;
    auto sam = serviceFor(QStringLiteral("sam"));
    ActionTicket* ticket = sam->approve(job); // approved in a console that does not run it
    QSignalSpy done(ticket, &ActionTicket::finished);
    done.wait();
    return job;
}

void TestBulkGui::interruptedJobsAreOffered()
{
    const qint64 job = approvedJob(60, 5);
    QVERIFY(job > 0);
    auto sam = serviceFor(QStringLiteral("sam"));
    BulkJobService jobs(sam.get());
    JobsView view;
    view.setJobService(&jobs);
    view.show();
    QCOMPARE(view.offerInterruptedJobs(), 1);
    auto* banner = view.findChild<MessageBanner*>(QStringLiteral("jobsBanner"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("#%1").arg(job)));
    QPushButton* resume = nullptr;
    for (QPushButton* b : banner->findChildren<QPushButton*>())
        if (b->isVisible() && b->text().contains(QLatin1String("Resume")))
            resume = b;
    QVERIFY(resume);
    resume->setFocus();
    QTest::keyClick(resume, Qt::Key_Space); // keyboard reachable
    QTRY_VERIFY(jobs.runner(job));
    QSignalSpy finished(jobs.runner(job), &BulkJobRunner::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(jobs.runner(job)->counts().succeeded, 5);
    QCOMPARE(view.offerInterruptedJobs(), 0);
}

void TestBulkGui::approvalsShowTheJobsPreview()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    auto sam = serviceFor(QStringLiteral("sam"));
    BulkJobDialog dialog(new BulkJobService(olivia.get(), olivia.get()), nullptr);
    dialog.loadFile(writeCsv(80, 4, true));
    QTRY_VERIFY(dialog.findChild<QPushButton*>(QStringLiteral("submitJob"))->isEnabled());
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("submitJob")), Qt::LeftButton);
    const qint64 job = dialog.submittedJobId();
    QVERIFY(job > 0);
    ApprovalsView view(new ActionsModel(m_store.get(), ActionRecord::State::PendingApproval));
    view.setActionService(sam.get());
    const int row = view.model()->rowOf(job);
    QVERIFY(row >= 0);
    const QString text = view.model()->index(row, ActionsModel::ActionColumn).data().toString();
    QVERIFY2(text.contains(QLatin1String("4 valid row")) && text.contains(QLatin1String("1 invalid")) &&
                 text.contains(m_sandbox->population().user(80).referenceId),
             qPrintable(text));
}

void TestBulkGui::jobsSayWhereTheyStand()
{
    // Three approved jobs this console does not run: one never started, one "running" by a process that
    // is gone (a console killed mid-job), one "running" by a live process (another console: the test's
    // parent process stands in for it).
    const qint64 notStarted = approvedJob(90, 2);
    const qint64 interrupted = approvedJob(92, 2);
    const qint64 elsewhere = approvedJob(94, 2);
    const qint64 pausedElsewhere = approvedJob(96, 2);
    const qint64 rejected = submittedJob(98, 2);
    QVERIFY(notStarted > 0 && interrupted > 0 && elsewhere > 0 && pausedElsewhere > 0 && rejected > 0);
    QProcess gone;
    gone.start(QStringLiteral("true"), {});
    QVERIFY(gone.waitForStarted());
    const qint64 gonePid = gone.processId();
    QVERIFY(gone.waitForFinished());
    const QString host = QHostInfo::localHostName();
    const QString otherConsole = host + QStringLiteral(":%1").arg(qint64(::getppid()));
    QString error;
    QVERIFY2(m_store->setBulkJobRunState(interrupted, BulkJob::RunState::Running,
                                         host + QStringLiteral(":%1").arg(gonePid), &error),
             qPrintable(error));
    QVERIFY2(m_store->setBulkJobRunState(elsewhere, BulkJob::RunState::Running, otherConsole, &error),
             qPrintable(error));
    QVERIFY2(m_store->setBulkJobRunState(pausedElsewhere, BulkJob::RunState::Paused, otherConsole, &error),
             qPrintable(error));

    auto sam = serviceFor(QStringLiteral("sam"));
    QVERIFY2(sam->reject(rejected, QStringLiteral("wrong cohort"), &error), qPrintable(error));
    BulkJobService jobs(sam.get());
    JobsView view;
    view.setJobService(&jobs);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.show();
    auto* table = view.findChild<QTableView*>(QStringLiteral("jobsTable"));
    QVERIFY(table);
    const auto state = [&](qint64 job, int role) {
        const int row = view.model()->rowOf(job);
        return row < 0 ? QString()
                       : table->model()->index(row, BulkJobsModel::StateColumn).data(role).toString();
    };
    QCOMPARE(state(notStarted, Qt::DisplayRole), QStringLiteral("approved, not started"));
    QCOMPARE(state(interrupted, Qt::DisplayRole), QStringLiteral("interrupted"));
    QVERIFY(state(interrupted, Qt::ToolTipRole).contains(QLatin1String("Unresolved")));
    QCOMPARE(state(elsewhere, Qt::DisplayRole), QStringLiteral("running in another console"));
    QVERIFY(state(elsewhere, Qt::ToolTipRole).contains(otherConsole));
    QVERIFY(state(elsewhere, Qt::ToolTipRole).contains(QLatin1String("last heard from")));
    QCOMPARE(state(pausedElsewhere, Qt::DisplayRole), QStringLiteral("paused in another console"));
    view.resize(1000, 320);
    // The banner offers the first two, not the ones another console runs or holds paused, which cannot
    // be taken over.
    view.offerInterruptedJobs();
    auto* banner = view.findChild<MessageBanner*>(QStringLiteral("jobsBanner"));
    QVERIFY(banner && banner->isVisible());
    const auto offered = [&](qint64 job) {
        return banner->text().contains(QRegularExpression(QStringLiteral("#%1\\b").arg(job)));
    };
    QVERIFY(offered(notStarted));
    QVERIFY(offered(interrupted));
    QVERIFY(!offered(elsewhere));
    QVERIFY(!offered(pausedElsewhere));
    QVERIFY(!offered(rejected));
    QVERIFY(!jobs.run(elsewhere, &error));
    QVERIFY(error.contains(otherConsole));
    error.clear();
    QVERIFY(!jobs.run(pausedElsewhere, &error));
    QVERIFY(error.contains(otherConsole));

    // Selected, the job run elsewhere does not offer Resume here (Cancel works from any console: the
    // runner there sees its rows cancelled) and says who runs it.
    auto* resume = view.findChild<QPushButton*>(QStringLiteral("resumeJob"));
    auto* cancel = view.findChild<QPushButton*>(QStringLiteral("cancelJob"));
    auto* summary = view.findChild<QLabel*>(QStringLiteral("jobSummary"));
    QVERIFY(resume && cancel && summary);
    table->selectRow(view.model()->rowOf(elsewhere));
    QVERIFY(!resume->isEnabled());
    QVERIFY(cancel->isEnabled());
    QVERIFY2(summary->text().contains(QLatin1String("running in another console")),
             qPrintable(summary->text()));
    QVERIFY(summary->text().contains(otherConsole));
    QCOMPARE(m_store->bulkJob(elsewhere, &error)->runState, BulkJob::RunState::Running);
    view.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-jobs-states.png"));
    table->selectRow(view.model()->rowOf(pausedElsewhere));
    QVERIFY(!resume->isEnabled());
    QVERIFY(cancel->isEnabled());
    // A rejected job has nothing left to run or cancel, and says that none of it was sent.
    table->selectRow(view.model()->rowOf(rejected));
    QCOMPARE(state(rejected, Qt::DisplayRole), QStringLiteral("rejected"));
    auto* bar = view.findChild<QProgressBar*>(QStringLiteral("jobProgress"));
    QVERIFY(bar);
    QCOMPARE(bar->value(), 0); // none of it was sent: not shown as complete
    QCOMPARE(
        table->model()->index(view.model()->rowOf(rejected), BulkJobsModel::ProgressColumn).data().toString(),
        QStringLiteral("0%"));
    QVERIFY(!resume->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QVERIFY2(summary->text().contains(QLatin1String("remaining 0")), qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(
                 QRegularExpression(QStringLiteral("\\b2 row(s|\\(s\\)) cancelled, never sent\\."))),
             qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(QLatin1String("Rejected by sam: nothing was sent.")),
             qPrintable(summary->text()));
    view.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-jobs-rejected.png"));
    table->selectRow(view.model()->rowOf(interrupted));
    QVERIFY(resume->isEnabled());
    QVERIFY(cancel->isEnabled());

    // Resumed here, the interrupted job runs to its end and says so.
    QVERIFY2(jobs.run(interrupted, &error), qPrintable(error));
    QSignalSpy finished(jobs.runner(interrupted), &BulkJobRunner::finished);
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE(state(interrupted, Qt::DisplayRole), QStringLiteral("finished"));
    QVERIFY(state(interrupted, Qt::ToolTipRole).isEmpty());
}

QTEST_MAIN(TestBulkGui)
#include "tst_bulk_gui.moc"

void TestBulkGui::productionAsksBeforeSubmitting()
{
    auto olivia = serviceFor(QStringLiteral("olivia"));
    QVERIFY(olivia);
    BulkJobService jobs(olivia.get());
    BulkJobDialog dialog(&jobs, nullptr);
    dialog.setProductionEnvironment(QStringLiteral("Acme production"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* production = dialog.findChild<QLabel*>(QStringLiteral("bulkProduction"));
    QVERIFY(production && production->isVisible());
    QVERIFY(production->text().contains(QLatin1String("PRODUCTION")));
    QVERIFY(production->text().contains(QLatin1String("Acme production")));
    auto* submit = dialog.findChild<QPushButton*>(QStringLiteral("submitJob"));
    dialog.loadFile(writeCsv(90, 3, true));
    QTRY_VERIFY(submit->isEnabled());
    QSignalSpy submitted(&dialog, &BulkJobDialog::submitted);
    QString error;
    const auto jobsBefore = m_store->bulkJobs(&error);
    QVERIFY(jobsBefore);

    // Submit asks first, naming the environment, the profile and what the job holds; Cancel is the
    // default, and cancelling submits nothing.
    QTest::mouseClick(submit, Qt::LeftButton);
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = dialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation"))) &&
                box->isVisible());
    QVERIFY(box->text().contains(QLatin1String("PRODUCTION")));
    QVERIFY(box->text().contains(QLatin1String("Acme production")));
    QVERIFY2(box->informativeText().contains(QLatin1String("3 valid row")) &&
                 box->informativeText().contains(QStringLiteral("Smile ID flag × 3")),
             qPrintable(box->informativeText()));
    QCOMPARE(box->defaultButton(), box->findChild<QPushButton*>(QStringLiteral("productionCancel")));
    dialog.grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-production-dialog.png"));
    box->grab().save(QStringLiteral(SCREENSHOT_DIR "/bulk-production-confirmation.png"));
    QTest::keyClick(box, Qt::Key_Escape);
    QTRY_VERIFY(!dialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation")));
    QCOMPARE(submitted.size(), 0);
    QCOMPARE(dialog.submittedJobId(), 0);
    QCOMPARE(m_store->bulkJobs(&error)->size(), jobsBefore->size());
    QVERIFY(submit->isEnabled());

    // Confirmed: the job goes to approval, and only once.
    QTest::mouseClick(submit, Qt::LeftButton);
    QTRY_VERIFY((box = dialog.findChild<QMessageBox*>(QStringLiteral("productionConfirmation"))) &&
                box->isVisible());
    QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("productionConfirm")), Qt::LeftButton);
    QTRY_COMPARE(submitted.size(), 1);
    QVERIFY(dialog.submittedJobId() > 0);
    QCOMPARE(m_store->bulkJobs(&error)->size(), jobsBefore->size() + 1);
    QVERIFY(!submit->isEnabled());
}
