// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApprovalsCommand.h"

#include "CliCommonOptions.h"

#include "ActionTable.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "JobsCommand.h"
#include "services/ActionService.h"
#include "store/Store.h"

void ApprovalsCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    const bool list = verb == QLatin1String("list") && words.size() == 1;
    const bool decide = (verb == QLatin1String("approve") || verb == QLatin1String("reject") ||
                         verb == QLatin1String("withdraw")) &&
                        words.size() == 2;
    if (!list && !decide) {
        m_context.error(
            tr("usage: approvals list | approvals approve ID | approvals reject ID --reason TEXT | "
               "approvals withdraw ID --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    bool ok = true;
    const qint64 id = decide ? words.at(1).toLongLong(&ok) : 0;
    if (!ok || (decide && id <= 0)) {
        m_context.error(tr("'%1' is not an action number").arg(words.at(1)));
        emit finished(ExitCode::Usage);
        return;
    }
    if (verb == QLatin1String("reject") && m_context.value("reason").trimmed().isEmpty()) {
        m_context.error(tr("a rejection needs --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    if (verb == QLatin1String("withdraw") && m_context.value("reason").trimmed().isEmpty()) {
        m_context.error(tr("withdrawing a request needs --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    // Listing and rejecting need no provider; approving sends, so it needs the profile, except for a
    // change of the rules (policy, roles), which is sent nowhere.
    bool needsProfile = verb == QLatin1String("approve");
    if (needsProfile) {
        Store* store = m_context.store(&error);
        const std::optional<ActionRecord> action = store ? store->action(id, &error) : std::nullopt;
        needsProfile = !action || !GovernanceChange::isGovernance(action->request);
    }
    ActionService* service = m_context.actionService(&error, needsProfile);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    if (service->expireWaiting(&error) < 0) {
        m_context.error(error);
        emit finished(ExitCode::Network);
        return;
    }
    if (list) {
        emit finished(ActionTable::print(m_context, ActionRecord::State::PendingApproval));
        return;
    }
    if (verb == QLatin1String("reject")) {
        if (!service->reject(id, m_context.value("reason"), &error)) {
            m_context.error(error);
            emit finished(error.contains(QLatin1String("supervisor")) ||
                                  error.contains(QLatin1String("four-eyes"))
                              ? ExitCode::NotPermitted
                              : ExitCode::Usage);
            return;
        }
        m_context.done(tr("Action #%1 rejected; nothing was sent.").arg(id),
                       QJsonObject{{QStringLiteral("id"), double(id)},
                                   {QStringLiteral("state"), QStringLiteral("rejected")}});
        emit finished(ExitCode::Done);
        return;
    }
    if (verb == QLatin1String("withdraw")) {
        QString readError;
        const std::optional<ActionRecord> found = service->storedAction(id, &readError);
        if (!service->withdraw(id, m_context.value("reason"), &error)) {
            m_context.error(error);
            // Someone else's request, or no longer waiting: not permitted; no such action: usage.
            emit finished(found && !service->authorisation().withdrawRestriction(*found).isEmpty()
                              ? ExitCode::NotPermitted
                              : ExitCode::Usage);
            return;
        }
        m_context.done(tr("Action #%1 withdrawn; nothing was sent.").arg(id),
                       QJsonObject{{QStringLiteral("id"), double(id)},
                                   {QStringLiteral("state"), QStringLiteral("cancelled")}});
        emit finished(ExitCode::Done);
        return;
    }
    if (JobsCommand::isBulkJob(m_context, id)) {
        // Approving a bulk job runs it (docs/architecture.md section 6).
        auto* jobs = new JobsCommand(m_context, this);
        connect(jobs, &CliCommand::finished, this, &CliCommand::finished);
        jobs->approveAndRun(id);
        return;
    }
    finishWith(service->approve(id, m_context.value("reason")));
}

CliCommandSpec ApprovalsCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("approvals");
    s.summary = QStringLiteral("actions waiting for a second supervisor");
    s.verbs = {QStringLiteral("list"), QStringLiteral("approve"), QStringLiteral("reject"),
               QStringLiteral("withdraw")};
    s.forms = {
        {QStringLiteral("approvals list"), QStringLiteral("Lists the actions waiting for approval.")},
        {QStringLiteral("approvals approve ID"),
         QStringLiteral(
             "Approves and sends action ID (a supervisor other than its requester); for a bulk job, "
             "runs it.")},
        {QStringLiteral("approvals reject ID --reason TEXT"),
         QStringLiteral("Rejects action ID; nothing is sent.")},
        {QStringLiteral("approvals withdraw ID --reason TEXT"),
         QStringLiteral("Withdraws action ID, still waiting for approval (its requester or a supervisor); "
                        "nothing is sent, and the withdrawal is audited.")},
    };
    s.options = {CliCommonOptions::reason()};
    s.examples = {QStringLiteral(
        "IDENTITYDESK_PASSWORD=... identitydesk-cli --operator alice --profile p.json approvals approve 1")};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new ApprovalsCommand(context, parent);
    };
    return s;
}
