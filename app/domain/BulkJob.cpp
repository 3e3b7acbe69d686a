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
