// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkJob.h"
#include "domain/BulkRow.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class ActionService;
class Store;
class BulkJobRunner;

/// Bulk jobs (docs/architecture.md section 6, issue 8): store a dry-run-checked job for one supervisor's
/// approval, run approved jobs here (one BulkJobRunner each), resume interrupted ones, cancel, export
/// results. A job's id is the id of its action record (provider "bulk"), so the approvals queue shows it.
class BulkJobService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkJobService)

public:
    explicit BulkJobService(ActionService* actions, QObject* parent = nullptr);

    ActionService* actions() const { return m_actions; }
    /// The job as stored, with its counts; nullopt with *error ("not found" included).
    std::optional<BulkJob> job(qint64 jobId, QString* error) const;
    /// Every job, newest first, with their counts.
    std::optional<QList<BulkJob>> jobs(QString* error) const;
    /// Run a job in this process as soon as it is approved here (the GUI; the CLI runs it itself).
    void setRunOnApproval(bool run) { m_runOnApproval = run; }

    /// Stores the checked rows (valid and invalid) as one job waiting for a supervisor's approval, with
    /// its intent in the audit log. Needs at least one valid row. Returns the job id.
    std::optional<qint64> submit(const QString& fileName, const QList<BulkRow>& rows, const QString& reason,
                                 int concurrency, QString* error);
    /// Starts (or resumes) an approved job in this process; an existing runner is resumed.
    BulkJobRunner* run(qint64 jobId, QString* error);
    BulkJobRunner* runner(qint64 jobId) const;
    /// Cancels the rows not yet started: through the runner when it runs here, else in the store.
    bool cancel(qint64 jobId, QString* error);
    /// Approved jobs that stopped without finishing (paused, or their console is gone) and that no
    /// other live console runs or holds paused.
    std::optional<QList<BulkJob>> resumable(QString* error) const;
    /// Every row with its outcome, as spreadsheet-safe CSV.
    bool exportResults(qint64 jobId, const QString& path, QString* error) const;

    /// A sentence for the approvals queue: file, row counts per provider, the first rows' previews.
    static QString describeJob(const ActionRequest& jobRequest);
    /// Whether a "host:pid" runner is a live process other than this one: on this machine the
    /// process is asked; on another one, it must have renewed its claim (`lastRenewed`, the job's
    /// updated_at) within BulkJob::kRunnerLeaseSeconds.
    static bool runnerAlive(const QString& runner, const QDateTime& lastRenewed);
    /// Whether a live other console runs the job or holds it paused: only that console may pause or
    /// resume it (its rows are being claimed there). Cancel works from any console: that runner sees
    /// its rows cancelled and ends the job as cancelled.
    static bool runByAnotherConsole(const BulkJob& job);

signals:
    void runnerStarted(qint64 jobId);
    void jobChanged(qint64 jobId);

private:
    ActionService* m_actions;
    Store* m_store; ///< the actions' store: its jobs, and the job's action record
    QHash<qint64, QPointer<BulkJobRunner>> m_runners;
    bool m_runOnApproval = false;
};
