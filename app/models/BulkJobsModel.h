// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkJob.h"

#include <QAbstractTableModel>
#include <QList>

class BulkJobService;

/// Bulk jobs, newest first: state and counts from the store, live counts and ETA from the jobs this
/// console runs.
class BulkJobsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkJobsModel)

public:
    enum Column
    {
        IdColumn,
        FileColumn,
        StateColumn,
        ProgressColumn,
        DoneColumn,
        AlreadyColumn,
        RejectedColumn,
        UnknownColumn,
        RemainingColumn,
        InvalidColumn,
        EtaColumn,
        ColumnCount
    };
    enum Role
    {
        JobIdRole = Qt::UserRole + 1,
        PercentRole, ///< 0..100
    };

    explicit BulkJobsModel(BulkJobService* jobs, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Reads the store again. False with lastError().
    bool refresh();
    /// Updates one job's row from its runner (cheap: no store read).
    void updateLive(qint64 jobId);
    QString lastError() const { return m_error; }
    BulkJob itemAt(const QModelIndex& index) const;
    int rowOf(qint64 jobId) const;
    /// Seconds left for a job run here, -1 when unknown.
    int etaSeconds(qint64 jobId) const;
    static int percent(const BulkCounts& counts);
    /// The State column's text: the stored run state, or where the job stands for this console
    /// ("approved, not started", "running in another console", "interrupted").
    QString stateText(const BulkJob& job) const;
    /// What the State column's text means and what to do about it; empty for a plain run state.
    QString stateToolTip(const BulkJob& job) const;

private:
    /// Where a job stands for this console, beyond its stored run state.
    enum class Whereabouts
    {
        Here,         ///< run here, or its stored state says it all
        NotStarted,   ///< approved in a console that did not run it
        OtherConsole, ///< running or paused by a process that is alive
        Interrupted,  ///< "running" by a process that is gone
    };
    Whereabouts whereabouts(const BulkJob& job) const;

    BulkJobService* m_jobs;
    QList<BulkJob> m_items;
    QString m_error;
};
