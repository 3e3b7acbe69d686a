// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionPrinter.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/Policy.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"

#include <QJsonDocument>

namespace ActionPrinter {
QJsonObject toJson(const ActionRecord& r)
{
    QJsonObject o{
        {QStringLiteral("id"), double(r.id)},
        {QStringLiteral("provider"), r.request.provider},
        {QStringLiteral("action"), r.actionKey()},
        {QStringLiteral("user_id"), r.request.userId},
        {QStringLiteral("params"), r.request.params},
        {QStringLiteral("reason"), r.request.reason},
        {QStringLiteral("initiator"), r.initiator},
        {QStringLiteral("requires_approval"), r.requiresApproval},
        {QStringLiteral("state"), ActionRecord::stateName(r.state)},
        {QStringLiteral("created_at"), r.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("decided_by"), r.decidedBy},
        {QStringLiteral("decision_reason"), r.decisionReason},
        {QStringLiteral("http_status"), r.httpStatus},
        {QStringLiteral("provider_code"), r.providerCode},
        {QStringLiteral("message"), r.outcomeMessage},
    };
    if (!r.request.jobId.isEmpty()) // a row of a bulk job
        o.insert(QStringLiteral("bulk_job"), r.request.jobId.toDouble());
    return o;
}

int exitCodeFor(const ActionTicket& ticket)
{
    switch (ticket.failure()) {
    case ActionTicket::Failure::Invalid:
        return ExitCode::Usage;
    case ActionTicket::Failure::NotPermitted:
        return ExitCode::NotPermitted;
    case ActionTicket::Failure::StoreFailed:
        // An outcome that could not be recorded is as good as unknown; a store that failed before
        // anything was sent is no provider's refusal, and may work again (as a network would).
        return ticket.hasOutcome() ? ExitCode::Unknown : ExitCode::Network;
    case ActionTicket::Failure::None:
        break;
    }
    switch (ticket.record().state) {
    case ActionRecord::State::PendingApproval:
        return ExitCode::WaitingForApproval;
    case ActionRecord::State::Succeeded:
    case ActionRecord::State::AlreadyInState:
        return ExitCode::Done;
    case ActionRecord::State::Unresolved:
        return ExitCode::Unknown;
    case ActionRecord::State::Failed:
        return ticket.hasOutcome() && ticket.outcome().kind == ActionOutcome::Kind::NotSent
                   ? ExitCode::Network
                   : ExitCode::Rejected;
    default:
        return ExitCode::Rejected;
    }
}

QString unresolvedHint(CliContext& context, const ActionRecord& record)
{
    QString error;
    const ActionService* service = context.actionService(&error);
    ActionRecord listed = record;
    listed.state = ActionRecord::State::Unresolved; // as it is listed (now, or from the next start)
    // Re-check where the provider can tell; elsewhere a person checks and resolves it.
    const bool canRecheck = service && service->authorisation().recheckRestriction(listed).isEmpty();
    return canRecheck
               ? QCoreApplication::translate("ActionPrinter",
                                             "Action #%1 may have been processed — see `unresolved list`. "
                                             "Check it with `unresolved recheck %1`; it is not sent again.")
                     .arg(record.id)
               : QCoreApplication::translate(
                     "ActionPrinter",
                     "Action #%1 may have been processed — see `unresolved list`. Check the user at the "
                     "provider, then record it with `unresolved resolve %1 --outcome succeeded|failed "
                     "--reason …`; it is not sent again.")
                     .arg(record.id);
}

int report(CliContext& context, const ActionTicket& ticket)
{
    const int code = exitCodeFor(ticket);
    // An unknown outcome says where it went and how it is settled — never "try again".
    const QString hint = code == ExitCode::Unknown && ticket.record().id > 0
                             ? unresolvedHint(context, ticket.record())
                             : QString();
    if (context.json()) {
        QJsonObject o = ticket.record().id ? toJson(ticket.record()) : QJsonObject();
        o.insert(QStringLiteral("message"), ticket.message());
        o.insert(QStringLiteral("exit_code"), code);
        if (ticket.hasOutcome())
            o.insert(QStringLiteral("outcome"), ActionOutcome::kindName(ticket.outcome().kind));
        context.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        context.out().flush();
        if (code != ExitCode::Done && code != ExitCode::WaitingForApproval)
            context.error(ticket.message()); // errors on stderr, --json or not
        if (!hint.isEmpty())
            context.error(hint);
    } else if (code == ExitCode::Done || code == ExitCode::WaitingForApproval) {
        context.out() << ticket.message() << '\n';
        if (ticket.record().state == ActionRecord::State::AlreadyInState)
            context.out() << QCoreApplication::translate("ActionPrinter",
                                                         "Nothing changed: already in this state.")
                          << '\n';
        context.out().flush();
    } else {
        context.error(ticket.message());
        if (!hint.isEmpty())
            context.error(hint);
    }
    return code;
}
} // namespace ActionPrinter
