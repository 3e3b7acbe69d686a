// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionResultText.h"

#include "domain/PrintableText.h"
#include "net/ApiError.h"
#include "services/ActionTicket.h"

ActionResultText::Text ActionResultText::forTicket(const ActionTicket& ticket)
{
    using Level = MessageBanner::Level;
    if (ticket.failure() != ActionTicket::Failure::None)
        return {Level::Error, tr("Not sent: %1").arg(ticket.message())};
    const ActionRecord& record = ticket.record();
    const ActionOutcome& outcome = ticket.outcome();
    switch (record.state) {
    case ActionRecord::State::PendingApproval:
        return {Level::Info,
                tr("Waiting for approval #%1: another supervisor must approve it under Approvals "
                   "before it is sent.")
                    .arg(record.id)};
    case ActionRecord::State::Succeeded:
        return {Level::Success, tr("Succeeded: %1").arg(ticket.message())};
    case ActionRecord::State::AlreadyInState:
        return {Level::Success, tr("Already in that state, nothing to change: %1").arg(ticket.message())};
    case ActionRecord::State::Unresolved:
        return {
            Level::Warning,
            tr("Outcome unknown, listed under Unresolved as #%1: %2").arg(record.id).arg(ticket.message())};
    case ActionRecord::State::Failed: {
        if (ticket.hasOutcome() && outcome.kind == ActionOutcome::Kind::NotSent)
            return {Level::Error,
                    tr("Not processed by the provider (nothing changed): %1").arg(ticket.message())};
        QString code;
        if (!record.providerCode.isEmpty() && record.httpStatus > 0)
            code = tr(" (code %1, HTTP %2)").arg(record.providerCode).arg(record.httpStatus);
        else if (!record.providerCode.isEmpty())
            code = tr(" (code %1)").arg(record.providerCode);
        else if (record.httpStatus > 0)
            code = tr(" (HTTP %1)").arg(record.httpStatus);
        return {Level::Error, tr("Rejected by the provider%1: %2").arg(code, ticket.message())};
    }
    case ActionRecord::State::Rejected:
        return {Level::Error,
                tr("Rejected by a supervisor: %1").arg(PrintableText::escaped(record.decisionReason))};
    default:
        return {Level::Info, ticket.message()};
    }
}

ActionResultText::Text ActionResultText::forWaiting(int attempt, int delayMs, const ApiError& reason)
{
    const int seconds = qMax(1, (delayMs + 999) / 1000);
    if (reason.kind == ApiError::Kind::RateLimited)
        return {MessageBanner::Level::Info, tr("Waiting for rate limit (%1 s)…").arg(seconds)};
    return {MessageBanner::Level::Info,
            tr("%1 Trying again in %2 s (attempt %3).").arg(reason.message()).arg(seconds).arg(attempt + 1)};
}
