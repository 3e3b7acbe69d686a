// SPDX-License-Identifier: GPL-3.0-or-later
#include "JobsView.h"

#include "models/BulkJobsModel.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "widgets/MessageBanner.h"
#include "widgets/ModelTexts.h"
#include "widgets/SaveFileDialog.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

JobsView::JobsView(QWidget* parent)
    : QWidget(parent)
    , m_banner(new MessageBanner(this))
    , m_table(new QTableView(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_pause(new QPushButton(this))
    , m_resume(new QPushButton(this))
    , m_cancel(new QPushButton(this))
    , m_export(new QPushButton(this))
{
    m_banner->setObjectName(QStringLiteral("jobsBanner"));
    m_banner->hide();
    m_table->setObjectName(QStringLiteral("jobsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_progress->setObjectName(QStringLiteral("jobProgress"));
    m_progress->setRange(0, 100);
    m_summary->setObjectName(QStringLiteral("jobSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_pause->setObjectName(QStringLiteral("pauseJob"));
    m_resume->setObjectName(QStringLiteral("resumeJob"));
    m_cancel->setObjectName(QStringLiteral("cancelJob"));
    m_export->setObjectName(QStringLiteral("exportJob"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    buttons->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);

    connect(m_pause, &QPushButton::clicked, this, &JobsView::pauseCurrent);
    connect(m_resume, &QPushButton::clicked, this, &JobsView::resumeCurrent);
    connect(m_cancel, &QPushButton::clicked, this, &JobsView::cancelCurrent);
    connect(m_export, &QPushButton::clicked, this, &JobsView::exportCurrent);
    connect(m_banner, &MessageBanner::actionTriggered, this, &JobsView::resumeInterrupted);
    retranslateUi();
}

void JobsView::retranslateUi()
{
    m_table->setAccessibleName(tr("Bulk jobs"));
    m_progress->setAccessibleName(tr("Progress of the selected bulk job"));
    m_pause->setText(tr("&Pause"));
    m_pause->setToolTip(tr("Start no new rows; the rows already sent finish and are recorded."));
    m_resume->setText(tr("Res&ume"));
    m_cancel->setText(tr("&Cancel job"));
    m_cancel->setToolTip(tr("Cancel the rows not yet sent; the rows already sent finish and are recorded."));
    m_export->setText(tr("E&xport results…"));
    updateWidgets();
}

void JobsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // The headers and the state words of the table in the new language.
        ModelTexts::reread(m_table->model());
    }
    QWidget::changeEvent(event);
}

void JobsView::setJobService(BulkJobService* jobs)
{
    if (m_jobs)
        disconnect(m_jobs, nullptr, this, nullptr);
    m_jobs = jobs;
    delete m_model;
    m_model = jobs ? new BulkJobsModel(jobs, this) : nullptr;
    m_table->setModel(m_model);
    if (m_model) {
        // The state says where the job stands ("running in another console"): never elided.
        m_table->horizontalHeader()->setSectionResizeMode(BulkJobsModel::StateColumn,
                                                          QHeaderView::ResizeToContents);
        connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &JobsView::updateWidgets);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsView::updateWidgets);
        connect(m_model, &QAbstractItemModel::modelReset, this, &JobsView::updateWidgets);
        connect(jobs, &BulkJobService::jobChanged, this, [this](qint64 id) {
            if (m_model->rowOf(id) < 0)
                refresh();
            else
                m_model->updateLive(id);
        });
        connect(jobs, &BulkJobService::runnerStarted, this, [this](qint64 id) {
            refresh();
            const int row = m_model->rowOf(id);
            if (row >= 0)
                m_table->selectRow(row);
        });
    }
    refresh();
}

void JobsView::refresh()
{
    if (!m_model)
        return;
    const qint64 current = currentJobId();
    if (!m_model->refresh())
        m_banner->showMessage(MessageBanner::Level::Error,
                              tr("The bulk jobs could not be read: %1").arg(m_model->lastError()));
    const int row = m_model->rowOf(current);
    if (row >= 0)
        m_table->selectRow(row);
    else if (m_model->rowCount() > 0 && current == 0)
        m_table->selectRow(0);
    updateWidgets();
}

int JobsView::offerInterruptedJobs()
{
    m_interrupted.clear();
    if (!m_jobs)
        return 0;
    QString error;
    const std::optional<QList<BulkJob>> jobs = m_jobs->resumable(&error);
    if (!jobs) {
        m_banner->showMessage(MessageBanner::Level::Error,
                              tr("Interrupted bulk jobs could not be looked for: %1").arg(error));
        return -1;
    }
    for (const BulkJob& j : *jobs)
        m_interrupted << j.id;
    if (m_interrupted.isEmpty())
        return 0;
    QStringList ids;
    int remaining = 0;
    for (const BulkJob& j : *jobs) {
        ids << QStringLiteral("#%1").arg(j.id);
        remaining += j.counts.pending;
    }
    m_banner->showMessage(
        MessageBanner::Level::Warning,
        tr("%n bulk job(s) stopped before finishing (%1), ", nullptr, int(ids.size()))
                .arg(ids.join(QStringLiteral(", "))) +
            tr("with %n row(s) not yet sent. Rows that were in flight are under Unresolved.", nullptr,
               remaining),
        tr("&Resume"));
    return int(m_interrupted.size());
}

void JobsView::resumeInterrupted()
{
    QStringList problems;
    for (qint64 id : std::as_const(m_interrupted)) {
        QString error;
        if (!m_jobs->run(id, &error))
            problems << error;
    }
    m_interrupted.clear();
    if (!problems.isEmpty())
        m_banner->showMessage(MessageBanner::Level::Error, problems.join(QLatin1Char('\n')));
    else
        m_banner->hide();
    refresh();
}

qint64 JobsView::currentJobId() const
{
    if (!m_model || !m_table->selectionModel())
        return 0;
    return m_model->itemAt(m_table->selectionModel()->currentIndex()).id;
}

void JobsView::updateWidgets()
{
    const qint64 id = currentJobId();
    const BulkJob job = m_model ? m_model->itemAt(m_table->selectionModel()->currentIndex()) : BulkJob{};
    BulkJobRunner* runner = m_jobs && id > 0 ? m_jobs->runner(id) : nullptr;
    const bool open = id > 0 && job.runState != BulkJob::RunState::Finished &&
                      job.runState != BulkJob::RunState::Cancelled &&
                      job.runState != BulkJob::RunState::Rejected;
    const bool running = runner && runner->state() == BulkJob::RunState::Running;
    const bool approved = job.approvalState == ActionRecord::State::Approved;
    const bool elsewhere = BulkJobService::runByAnotherConsole(job);
    m_pause->setEnabled(running);
    m_resume->setEnabled(open && approved && !running && !elsewhere);
    m_cancel->setEnabled(open);
    m_export->setEnabled(id > 0);
    m_progress->setEnabled(id > 0);
    m_progress->setValue(id > 0 ? BulkJobsModel::percent(job.counts) : 0);
    if (id <= 0) {
        m_summary->setText(tr("No bulk job selected. Start one with File > New bulk job."));
        return;
    }
    const BulkCounts& c = job.counts;
    QString text =
        tr("Job #%1 (%2): done %3, already in state %4, rejected %5, unknown %6, remaining %7, invalid %8.")
            .arg(id)
            .arg(m_model->stateText(job))
            .arg(c.succeeded)
            .arg(c.alreadyInState)
            .arg(c.rejected)
            .arg(c.unknown)
            .arg(c.remaining())
            .arg(c.invalid);
    if (c.cancelled > 0)
        text += QLatin1Char(' ') + tr("%n row(s) cancelled, never sent.", nullptr, c.cancelled);
    if (job.runState == BulkJob::RunState::Rejected)
        text += QLatin1Char(' ') + tr("Rejected by %1: nothing was sent.").arg(job.approvedBy);
    const int eta = m_model->etaSeconds(id);
    if (eta >= 0)
        text += QLatin1Char(' ') + tr("About %n second(s) left.", nullptr, eta);
    if (runner && !runner->problem().isEmpty())
        text += QLatin1Char(' ') + tr("Stopped: %1").arg(runner->problem());
    if (elsewhere)
        text += QLatin1Char(' ') + m_model->stateToolTip(job);
    if (job.approvalState == ActionRecord::State::PendingApproval)
        text +=
            QLatin1Char(' ') +
            tr("Waiting for a supervisor other than %1 to approve it (Approvals tab).").arg(job.initiator);
    m_summary->setText(text);
}

void JobsView::pauseCurrent()
{
    if (BulkJobRunner* r = m_jobs ? m_jobs->runner(currentJobId()) : nullptr)
        r->pause();
    updateWidgets();
}

void JobsView::resumeCurrent()
{
    QString error;
    if (m_jobs && !m_jobs->run(currentJobId(), &error))
        m_banner->showMessage(MessageBanner::Level::Error, error);
    refresh();
}

void JobsView::cancelCurrent()
{
    QString error;
    if (m_jobs && !m_jobs->cancel(currentJobId(), &error))
        m_banner->showMessage(MessageBanner::Level::Error, error);
    refresh();
}

void JobsView::exportCurrent()
{
    const qint64 id = currentJobId();
    if (!m_jobs || id <= 0)
        return;
    const auto write = [this, id](const QString& path) {
        if (path.isEmpty())
            return;
        QString error;
        if (m_jobs->exportResults(id, path, &error))
            m_banner->showMessage(MessageBanner::Level::Success,
                                  tr("The results of job #%1 were saved to %2.").arg(id).arg(path));
        else
            m_banner->showMessage(MessageBanner::Level::Error, error);
    };
    SaveFileDialog::ask(this, tr("Export results of job #%1").arg(id),
                        QStringLiteral("bulk-job-%1.csv").arg(id), tr("CSV files (*.csv)"), this, write);
}
