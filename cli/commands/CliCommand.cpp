// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommand.h"

#include "ActionPrinter.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "TerminationSignalWatcher.h"
#include "WaitLine.h"
#include "WaitNotice.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"

#include <QPointer>
#include <csignal>

namespace {
QString signalName(int signalNumber)
{
    switch (signalNumber) {
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
#ifdef SIGHUP
    case SIGHUP:
        return QStringLiteral("SIGHUP");
#endif
    default:
        return QStringLiteral("signal %1").arg(signalNumber);
    }
}
} // namespace

void CliCommand::finishWith(ActionTicket* ticket)
{
    connect(ticket, &ActionTicket::waiting, this, [this](int attempt, int delayMs, const ApiError& reason) {
        if (WaitLine* line = WaitLine::installed()) {
            HttpWait wait;
            wait.kind = reason.kind == ApiError::Kind::RateLimited ? HttpWait::Kind::RateLimit
                                                                   : HttpWait::Kind::Retry;
            wait.provider = reason.provider;
            wait.attempt = attempt;
            wait.delayMs = delayMs;
            wait.reason = reason;
            line->waiting(wait);
        } else {
            m_context.error(WaitNotice::text(delayMs, reason));
        }
    });
    // Ctrl-C, SIGTERM or a closed terminal while the action is on its way: its outcome is recorded
    // (unknown, or not sent) before the process ends, instead of leaving it Sending.
    auto* interrupts = new TerminationSignalWatcher(this);
    auto interrupted = std::make_shared<bool>(false);
    connect(interrupts, &TerminationSignalWatcher::terminationRequested, this,
            [this, ticket = QPointer<ActionTicket>(ticket), interrupted](int signalNumber) {
                QString error;
                ActionService* service = m_context.actionService(&error);
                if (ticket && service && service->interruptSending(ticket, signalName(signalNumber)))
                    *interrupted = true;
                // Otherwise the ticket has finished, or is finishing: its report follows as it is.
            });
    connect(ticket, &ActionTicket::finished, this, [this, ticket, interrupts, interrupted] {
        if (WaitLine* line = WaitLine::installed())
            line->clear();
        int code = ActionPrinter::report(m_context, *ticket);
        // Stopped before anything reached the provider: the shell's code for an interrupted command.
        if (*interrupted && ticket->hasOutcome() && ticket->outcome().kind == ActionOutcome::Kind::NotSent)
            code = ExitCode::Interrupted;
        delete interrupts; // the default handlers again
        emit finished(code);
    });
}

void CliCommand::submit(const ActionRequest& request)
{
    QString error;
    ActionService* service = m_context.actionService(&error);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    if (refuseRepeat(service, request))
        return;
    finishWith(service->submit(request));
}

bool CliCommand::refuseRepeat(ActionService* service, const ActionRequest& request)
{
    QString error;
    const std::optional<ActionRecord> earlier = service->repeatOf(request, &error);
    if (!error.isEmpty()) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return true;
    }
    if (!earlier || m_context.value("despite").trimmed() == QString::number(earlier->id))
        return false;
    m_context.error(
        tr("action #%1 already does this to %2 at %3 and is %4: nothing was sent. Look at it "
           "first (approvals list, unresolved list); to send anyway, repeat with --despite %1.")
            .arg(earlier->id)
            .arg(request.userId.trimmed(), request.provider, ActionRecord::stateName(earlier->state)));
    emit finished(ExitCode::NotPermitted);
    return true;
}
