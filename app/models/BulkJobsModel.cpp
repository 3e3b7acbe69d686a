// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJobsModel.h"

#include "domain/DisplayTime.h"
#include "domain/PrintableText.h"
#include "services/ActionService.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "services/SenderToken.h"
#include "store/Store.h"

#include <QLocale>

BulkJobsModel::BulkJobsModel(BulkJobService* jobs, QObject* parent)
    : QAbstractTableModel(parent)
    , m_jobs(jobs)
{}

int BulkJobsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int BulkJobsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int BulkJobsModel::percent(const BulkCounts& c)
{
    const int todo = c.valid() - c.cancelled;
    if (todo <= 0) // nothing was to be sent: complete, unless every row was cancelled (or rejected)
        return c.cancelled > 0 ? 0 : 100;
    return int(100.0 * c.finished() / todo);
}

int BulkJobsModel::etaSeconds(qint64 jobId) const
{
    BulkJobRunner* r = m_jobs ? m_jobs->runner(jobId) : nullptr;
    return r && r->state() == BulkJob::RunState::Running ? r->etaSeconds() : -1;
}

BulkJobsModel::Whereabouts BulkJobsModel::whereabouts(const BulkJob& j) const
{
    if (m_jobs && m_jobs->runner(j.id))
        return Whereabouts::Here;
    if (BulkJobService::runByAnotherConsole(j))
        return Whereabouts::OtherConsole;
    if (j.approvalState == ActionRecord::State::Approved &&
        j.runState == BulkJob::RunState::WaitingForApproval)
        return Whereabouts::NotStarted;
    // "Running" with nobody alive running it: its console was killed or crashed.
    return j.runState == BulkJob::RunState::Running ? Whereabouts::Interrupted : Whereabouts::Here;
}

QString BulkJobsModel::stateText(const BulkJob& j) const
{
    switch (whereabouts(j)) {
    case Whereabouts::NotStarted:
        return tr("approved, not started");
    case Whereabouts::OtherConsole:
        return j.runState == BulkJob::RunState::Paused ? tr("paused in another console")
                                                       : tr("running in another console");
    case Whereabouts::Interrupted:
        return tr("interrupted");
    case Whereabouts::Here:
        break;
    }
    return BulkJob::runStateName(j.runState);
}

QString BulkJobsModel::stateToolTip(const BulkJob& j) const
{
    switch (whereabouts(j)) {
    case Whereabouts::NotStarted:
        return tr("Approved in a console that did not run it. Resume runs it here.");
    case Whereabouts::OtherConsole:
        return tr("Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. "
                  "If that console stops, the job is offered here (on another machine, %n minute(s) after it "
                  "was last heard from).",
                  nullptr, BulkJob::kRunnerLeaseSeconds / 60)
            .arg(SenderToken::display(j.runner), DisplayTime::format(j.updatedAt));
    case Whereabouts::Interrupted:
        return tr("The console that ran it stopped. Resume continues with the rows not yet sent; rows that "
                  "were in flight are under Unresolved and are never sent again without a decision.");
    case Whereabouts::Here:
        break;
    }
    return QString();
}

QVariant BulkJobsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const BulkJob& j = m_items.at(index.row());
    if (role == JobIdRole)
        return j.id;
    if (role == PercentRole)
        return percent(j.counts);
    if (role == Qt::TextAlignmentRole && index.column() != FileColumn && index.column() != StateColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == StateColumn)
        return stateToolTip(j);
    if (role != Qt::DisplayRole)
        return QVariant();
    const BulkCounts& c = j.counts;
    switch (Column(index.column())) {
    case IdColumn:
        return j.id;
    case FileColumn: // a file's name may hold anything: shown escaped (PrintableText)
        return PrintableText::escaped(j.fileName);
    case StateColumn:
        return stateText(j);
    case ProgressColumn:
        return tr("%1%").arg(percent(c));
    case DoneColumn:
        return c.succeeded;
    case AlreadyColumn:
        return c.alreadyInState;
    case RejectedColumn:
        return c.rejected;
    case UnknownColumn:
        return c.unknown;
    case RemainingColumn:
        return c.remaining();
    case InvalidColumn:
        return c.invalid;
    case EtaColumn: {
        const int eta = etaSeconds(j.id);
        return eta < 0 ? QString() : tr("%1 s").arg(eta);
    }
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant BulkJobsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case IdColumn:
        return tr("Job");
    case FileColumn:
        return tr("File");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case DoneColumn:
        return tr("Done");
    case AlreadyColumn:
        return tr("Already");
    case RejectedColumn:
        return tr("Rejected");
    case UnknownColumn:
        return tr("Unknown");
    case RemainingColumn:
        return tr("Remaining");
    case InvalidColumn:
        return tr("Invalid");
    case EtaColumn:
        return tr("ETA");
    case ColumnCount:
        break;
    }
    return QVariant();
}

bool BulkJobsModel::refresh()
{
    if (!m_jobs)
        return false;
    const std::optional<QList<BulkJob>> jobs = m_jobs->jobs(&m_error);
    if (!jobs)
        return false;
    beginResetModel();
    m_items = *jobs;
    for (BulkJob& j : m_items)
        if (BulkJobRunner* r = m_jobs->runner(j.id)) {
            j.counts = r->counts();
            j.runState = r->state();
        }
    endResetModel();
    return true;
}

void BulkJobsModel::updateLive(qint64 jobId)
{
    const int row = rowOf(jobId);
    BulkJobRunner* r = m_jobs ? m_jobs->runner(jobId) : nullptr;
    if (row < 0 || !r) {
        refresh();
        return;
    }
    m_items[row].counts = r->counts();
    m_items[row].runState = r->state();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

BulkJob BulkJobsModel::itemAt(const QModelIndex& index) const
{
    return index.isValid() && index.row() < m_items.size() ? m_items.at(index.row()) : BulkJob{};
}

int BulkJobsModel::rowOf(qint64 jobId) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).id == jobId)
            return i;
    return -1;
}
