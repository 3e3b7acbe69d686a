// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionRecord.h"

#include "Policy.h"

namespace {
struct StateName
{
    ActionRecord::State state;
    const char* name;
};
constexpr StateName kStateNames[] = {
    {ActionRecord::State::PendingApproval, "pending-approval"},
    {ActionRecord::State::Approved, "approved"},
    {ActionRecord::State::Rejected, "rejected"},
    {ActionRecord::State::Sending, "sending"},
    {ActionRecord::State::Succeeded, "succeeded"},
    {ActionRecord::State::AlreadyInState, "already-in-state"},
    {ActionRecord::State::Failed, "failed"},
    {ActionRecord::State::Unresolved, "unresolved"},
    {ActionRecord::State::Cancelled, "cancelled"},
};
} // namespace

QString ActionRecord::stateName(State state)
{
    for (const StateName& s : kStateNames)
        if (s.state == state)
            return QString::fromLatin1(s.name);
    return QString();
}

std::optional<ActionRecord::State> ActionRecord::stateFromName(const QString& name)
{
    for (const StateName& s : kStateNames)
        if (name == QLatin1String(s.name))
            return s.state;
    return std::nullopt;
}

QString ActionRecord::policyKey() const
{
    return Policy::keyFor(request);
}

QString ActionRecord::actionKey() const
{
    ActionRequest own = request;
    own.jobId.clear();
    return Policy::keyFor(own);
}
