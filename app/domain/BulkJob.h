// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"
#include "AuditEntry.h"
#include "BulkCounts.h"
#include "Operator.h"

#include <QDateTime>
#include <QString>

/// A bulk job: many rows under one approval. Its id is the id of its own action record (provider
/// "bulk", action "job"), so `approvals list` shows it and `approvals approve ID` runs it.
struct BulkJob
{
    /// Where the job's run stands (its approval is the state of its action record).
    enum class RunState
    {
        WaitingForApproval,
        Running,   ///< approved; rows are being sent (or the runner was interrupted: see runner)
        Paused,    ///< approved; no new row is started until resumed
        Finished,  ///< every valid row has an outcome
        Cancelled, ///< the rows not yet started were cancelled
        Rejected,  ///< a supervisor rejected the job: nothing was sent
    };

    qint64 id = 0;
    QString fileName;
    QString reason;
    QString initiator;
    QString approvedBy;
    RunState runState = RunState::WaitingForApproval;
    ActionRecord::State approvalState = ActionRecord::State::PendingApproval;
    int concurrency = 8; ///< rows in flight per provider
    QString runner;      ///< "host:pid" of the process running it, empty when none
    QDateTime createdAt;
    QDateTime updatedAt; ///< also renewed by its runner every kRunnerHeartbeatSeconds (its lease)
    BulkCounts counts;

    /// A console running a job (or holding it paused) renews its claim this often...
    static constexpr int kRunnerHeartbeatSeconds = 30;
    /// ...and a console on another machine that has not renewed it for this long is presumed gone
    /// (on this machine, the process is asked directly).
    static constexpr int kRunnerLeaseSeconds = 120;

    static QString runStateName(RunState state);
    static RunState runStateFromName(const QString& name);
    /// The provider and action of a job's own action record.
    static QString provider() { return QStringLiteral("bulk"); }
    static QString action() { return QStringLiteral("job"); }
    /// An audit entry about the job itself (event "paused", "resumed", "rows-cancelled", …) by op, under
    /// the job's action id, with the job id in the request summary.
    static AuditEntry auditEntry(qint64 jobId, const QString& fileName, const Operator& op,
                                 const QString& event);
};
