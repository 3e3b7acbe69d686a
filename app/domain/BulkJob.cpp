// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJob.h"

namespace {
struct Name
{
    BulkJob::RunState state;
    const char* name;
};
constexpr Name kNames[] = {
    {BulkJob::RunState::WaitingForApproval, "waiting-for-approval"},
    {BulkJob::RunState::Running, "running"},
    {BulkJob::RunState::Paused, "paused"},
    {BulkJob::RunState::Finished, "finished"},
    {BulkJob::RunState::Cancelled, "cancelled"},
    {BulkJob::RunState::Rejected, "rejected"},
};
} // namespace

QString BulkJob::runStateName(RunState state)
{
    for (const Name& n : kNames)
        if (n.state == state)
            return QString::fromLatin1(n.name);
    return QString();
}

BulkJob::RunState BulkJob::runStateFromName(const QString& name)
{
    for (const Name& n : kNames)
        if (name == QLatin1String(n.name))
            return n.state;
    return RunState::WaitingForApproval;
}

AuditEntry BulkJob::auditEntry(qint64 jobId, const QString& fileName, const Operator& op,
                               const QString& event)
{
    AuditEntry e;
    e.operatorName = op.name;
    e.role = Roles::toString(op.role);
    e.event = event;
    e.action = provider();
    e.provider = provider();
    e.subjectIds = QStringList{fileName};
    e.actionId = jobId;
    e.requestSummary.insert(QStringLiteral("bulk_job"), double(jobId));
    return e;
}
