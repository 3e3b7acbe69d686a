// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRepository.h"
#include "domain/ActionRecord.h"
#include "domain/AuditEntry.h"
#include "domain/BulkJob.h"
#include "domain/BulkRow.h"

#include <QList>
#include <QString>
#include <optional>

/// Bulk jobs and their rows (docs/architecture.md section 6). Part of Store: a job's rows become
/// actions of the pipeline, written with their audit entries in one transaction per batch.
/// Errors as Store's.
class BulkJobRepository
{
public:
    virtual ~BulkJobRepository() = default;

    /// Inserts the job's action record (provider "bulk", PendingApproval), its intent entry, the job and
    /// every row in one transaction; returns the job id (= the action id).
    virtual std::optional<qint64> createBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                                const BulkJob& job, const QList<BulkRow>& rows,
                                                QString* error) = 0;
    virtual std::optional<BulkJob> bulkJob(qint64 id, QString* error) = 0;
    /// Newest first, with their counts.
    virtual std::optional<QList<BulkJob>> bulkJobs(QString* error) = 0;
    /// Sets the run state and the runner ("host:pid", empty when none). A job that has ended
    /// (Finished, Cancelled, Rejected) is left as it is, and that is not an error.
    virtual bool setBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner,
                                    QString* error) = 0;
    /// The same, and appends entry (a pause or a resume: who and why) in the same transaction, only
    /// when the state changed; *changed (if given) says whether it did.
    virtual bool setBulkJobRunStateAudited(qint64 id, BulkJob::RunState state, const QString& runner,
                                           const AuditEntry& entry, bool* changed, QString* error) = 0;
    /// Claims job id for runner: sets it Running only if its run state and runner are still
    /// expectedState and expectedRunner (as read just before), so that two consoles starting it at
    /// once cannot both run it. Appends entry (if its event is set) in the same transaction when the
    /// claim succeeds; *claimed says whether it did. Losing the claim is not an error.
    virtual bool claimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                              const QString& runner, const AuditEntry& entry, bool* claimed,
                              QString* error) = 0;
    /// Renews the runner's lease (the job's updated_at) while that runner still runs the job or holds
    /// it paused; otherwise nothing changes, and that is not an error.
    virtual bool renewBulkJobRunner(qint64 id, const QString& runner, QString* error) = 0;
    /// Rows with line > afterLine in line order, at most limit (0: all); only Pending ones if asked.
    virtual std::optional<QList<BulkRow>> bulkJobRows(qint64 jobId, int afterLine, int limit,
                                                      bool pendingOnly, QString* error) = 0;
    /// One row of a bulk job about to be sent: its action record (request.jobId set), intent entry and line.
    struct RowIntent
    {
        ActionRecord action;
        AuditEntry intent;
        int line = 0;
    };
    /// What recordBulkBatch() did, in the order given.
    struct BulkBatchResult
    {
        QList<bool> applied; ///< per outcome: false when its action was no longer in its expected state
        QList<qint64> ids; ///< per intent: the new action's id; 0 when the row was no longer Pending; -1 when
                           ///< an enforced team store refused it (changed since submitted: never send it)
    };
    /// One durable write for the rows of bulk jobs, in one transaction:
    /// - the outcomes: transitionAction() for each, except that an action no longer in its expected
    ///   state is left alone (nothing written for it) and does not stop the others;
    /// - the intents: the pipeline's createAction for each row that is still Pending (its action, its
    ///   intent entry, the row linked to it). A row that is no longer Pending (another console submitted
    ///   or cancelled it) gets id 0 and must not be sent: so a row is never submitted twice.
    /// nullopt with *error when the transaction failed: nothing changed.
    virtual std::optional<BulkBatchResult>
    recordBulkBatch(const QList<ActionRepository::Transition>& outcomes, const QList<RowIntent>& intents,
                    QString* error) = 0;
    /// Pending rows become Cancelled and the job too (unless it had finished), in one transaction with
    /// `entry` (BulkJob::auditEntry: who cancelled) appended to the audit log, its request summary
    /// holding the lines cancelled; returns how many rows.
    virtual std::optional<int> cancelPendingBulkRows(qint64 jobId, const AuditEntry& entry,
                                                     QString* error) = 0;
    virtual std::optional<BulkCounts> bulkJobCounts(qint64 jobId, QString* error) = 0;
};
