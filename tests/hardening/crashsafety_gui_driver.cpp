// SPDX-License-Identifier: GPL-3.0-or-later
// The console as a supervisor uses it, for tst_crashsafety to kill with SIGKILL: signs in to the
// store, opens the main window on a connection profile (what ConsoleLauncher does after the sign-in
// dialog, including the recovery of actions a killed console left in flight), then works through
// the Approvals tab by clicks: every pending action and bulk job is approved (Approve…, a reason,
// OK), which sends the action or runs the job in this window; interrupted jobs are resumed from the
// Jobs tab's banner. Exits 0 once nothing is pending, running or left to resume, 1 on a problem.
// Usage: crashsafety_gui_driver --store URL --profile FILE --operator NAME  (IDENTITYDESK_PASSWORD)
#include "bulk/JobsView.h"
#include "dialogs/ReasonDialog.h"
#include "main/MainWindow.h"
#include "services/OperatorService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "widgets/MessageBanner.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDeadlineTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <cstdio>

namespace {
QString argument(const QStringList& args, const QString& name)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 ? args.value(at + 1) : QString();
}

int failWith(const QString& message)
{
    std::fprintf(stderr, "crashsafety_gui_driver: %s\n", qPrintable(message));
    return 1;
}

/// What still waits for a decision, runs or can be resumed; empty when the work is done.
QString notDone(Store* store)
{
    QString error;
    const auto pending = store->actionsInState(ActionRecord::State::PendingApproval, &error);
    const auto approved = store->actionsInState(ActionRecord::State::Approved, &error);
    const auto sending = store->actionsInState(ActionRecord::State::Sending, &error);
    const auto jobs = store->bulkJobs(&error);
    if (!pending || !approved || !sending || !jobs)
        return error;
    QStringList left;
    for (const BulkJob& job : *jobs)
        if (job.runState != BulkJob::RunState::Finished && job.runState != BulkJob::RunState::Cancelled)
            left << QStringLiteral("job #%1 is %2 (%3 rows pending)")
                        .arg(job.id)
                        .arg(BulkJob::runStateName(job.runState))
                        .arg(job.counts.pending);
    // A job's own record stays Approved once it has run; single actions never do.
    for (const ActionRecord& a : *approved)
        if (a.request.provider != BulkJob::provider())
            left << QStringLiteral("action #%1 is approved but not sent").arg(a.id);
    for (const ActionRecord& a : *pending)
        left << QStringLiteral("action #%1 waits for approval").arg(a.id);
    for (const ActionRecord& a : *sending)
        left << QStringLiteral("action #%1 is being sent").arg(a.id);
    return left.join(QStringLiteral("; "));
}

/// Clicks Resume on the Jobs tab's banner, if it offers it.
void resumeInterruptedJobs(MainWindow& window)
{
    window.showTab(MainWindow::JobsTab);
    auto* banner = window.jobsView()->findChild<MessageBanner*>(QStringLiteral("jobsBanner"));
    if (!banner || !banner->isVisible())
        return;
    for (QPushButton* button : banner->findChildren<QPushButton*>())
        if (button->isVisible() && button->text().contains(QLatin1String("Resume")))
            QTest::mouseClick(button, Qt::LeftButton);
}

/// Approves the first action the Approvals tab lists; false when there is none to approve.
bool approveFirst(MainWindow& window)
{
    window.showTab(MainWindow::ApprovalsTab);
    auto* table = window.findChild<QTableView*>(QStringLiteral("approvalsTable"));
    auto* approve = window.findChild<QPushButton*>(QStringLiteral("approveButton"));
    if (!table || !approve || table->model()->rowCount() == 0)
        return false;
    const QVariant first = table->model()->index(0, 0).data();
    table->selectRow(0);
    if (!QTest::qWaitFor([approve] { return approve->isEnabled(); }, 2000))
        return false;
    QTest::mouseClick(approve, Qt::LeftButton);
    ReasonDialog* dialog = nullptr;
    const bool appeared = QTest::qWaitFor(
        [&dialog] {
            for (QWidget* w : QApplication::topLevelWidgets())
                for (auto* d : w->findChildren<ReasonDialog*>())
                    if (d->isVisible())
                        dialog = d;
            return dialog != nullptr;
        },
        5000);
    if (!appeared || !dialog)
        return false;
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("reasonDialogOk"));
    if (!reason || !ok)
        return false;
    QTest::keyClicks(reason, QStringLiteral("four-eyes check done"));
    QTest::mouseClick(ok, Qt::LeftButton);
    // Until the list shows it gone (it is read again at most every 200 ms), so it is not clicked twice.
    return QTest::qWaitFor(
        [table, first] {
            return table->model()->rowCount() == 0 || table->model()->index(0, 0).data() != first;
        },
        3000);
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(argument(args, QStringLiteral("--store")), &error);
    if (!store)
        return failWith(error);
    const std::optional<Operator> op = OperatorService(store.get())
                                           .signIn(argument(args, QStringLiteral("--operator")),
                                                   qEnvironmentVariable("IDENTITYDESK_PASSWORD"), &error);
    if (!op)
        return failWith(error);
    MainWindow window(ConsoleServices(store.get()), *op);
    if (!window.openProfile(argument(args, QStringLiteral("--profile"))))
        return failWith(QStringLiteral("the profile did not open"));
    window.show();
    window.recoverInterruptedActions();

    QDeadlineTimer deadline(120000);
    while (!deadline.hasExpired()) {
        resumeInterruptedJobs(window);
        if (!approveFirst(window)) {
            if (notDone(store.get()).isEmpty())
                return 0;
            QTest::qWait(50); // rows and outcomes still on their way
            continue;
        }
        QTest::qWait(20);
    }
    return failWith(QStringLiteral("not done after two minutes: ") + notDone(store.get()));
}
