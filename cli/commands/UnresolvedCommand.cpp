// SPDX-License-Identifier: GPL-3.0-or-later
#include "UnresolvedCommand.h"

#include "CliCommonOptions.h"

#include "ActionPrinter.h"
#include "ActionTable.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"

void UnresolvedCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    const bool list = verb == QLatin1String("list") && words.size() == 1;
    const bool resolve = verb == QLatin1String("resolve") && words.size() == 2;
    const bool recheck = verb == QLatin1String("recheck") && words.size() == 2;
    const QString outcome = m_context.value("outcome");
    bool ok = true;
    const qint64 id = resolve || recheck ? words.at(1).toLongLong(&ok) : 0;
    if ((!list && !resolve && !recheck) || !ok ||
        (resolve && ((outcome != QLatin1String("succeeded") && outcome != QLatin1String("failed")) ||
                     m_context.value("reason").trimmed().isEmpty()))) {
        m_context.error(tr("usage: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome "
                           "succeeded|failed --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    // Re-checking asks the provider, so it needs the profile.
    ActionService* service = m_context.actionService(&error, recheck);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    if (list) {
        emit finished(ActionTable::print(m_context, ActionRecord::State::Unresolved));
        return;
    }
    if (recheck) {
        ActionTicket* ticket = service->recheck(id);
        connect(ticket, &ActionTicket::finished, this,
                [this, ticket] { emit finished(reportRecheck(*ticket)); });
        return;
    }
    if (!service->resolve(id, outcome == QLatin1String("succeeded"), m_context.value("reason"), &error)) {
        m_context.error(error);
        emit finished(error.contains(QLatin1String("Auditors")) ? ExitCode::NotPermitted : ExitCode::Usage);
        return;
    }
    m_context.done(tr("Action #%1 resolved as %2.").arg(id).arg(outcome),
                   QJsonObject{{QStringLiteral("id"), double(id)}, {QStringLiteral("resolved_as"), outcome}});
    emit finished(ExitCode::Done);
}

int UnresolvedCommand::reportRecheck(const ActionTicket& ticket)
{
    int code = ActionPrinter::exitCodeFor(ticket);
    if (ticket.failure() == ActionTicket::Failure::None)
        code = ticket.record().state == ActionRecord::State::Succeeded ? ExitCode::Done
               : ticket.outcome().kind == ActionOutcome::Kind::NotSent
                   ? ExitCode::Network
                   : ExitCode::Unknown; // still unresolved
    QJsonObject json = ticket.record().id ? ActionPrinter::toJson(ticket.record()) : QJsonObject();
    json.insert(QStringLiteral("exit_code"), code);
    if (ticket.hasOutcome())
        json.insert(QStringLiteral("read_back"), ActionOutcome::kindName(ticket.outcome().kind));
    if (code == ExitCode::Done || m_context.json())
        m_context.done(ticket.message(), json);
    if (code != ExitCode::Done)
        m_context.error(ticket.message());
    return code;
}

CliCommandSpec UnresolvedCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("unresolved");
    s.summary = QStringLiteral("actions whose outcome is unknown");
    s.verbs = {QStringLiteral("list"), QStringLiteral("recheck"), QStringLiteral("resolve")};
    s.forms = {
        {QStringLiteral("unresolved list"),
         QStringLiteral("Lists the actions that may or may not have been processed (a timeout, a dropped "
                        "connection, a console that stopped).")},
        {QStringLiteral("unresolved recheck ID"),
         QStringLiteral(
             "Reads the state back from the provider where it can tell; nothing is ever sent again "
             "(exit 6 when the change did not take effect, 4 when the provider could not be asked).")},
        {QStringLiteral("unresolved resolve ID --outcome succeeded|failed --reason TEXT"),
         QStringLiteral("Records what a person found out at the provider.")},
    };
    s.options = {{QStringLiteral("outcome"),
                  QStringLiteral("OUTCOME"),
                  QStringLiteral("What happened at the provider."),
                  CliOption::Value::Choice,
                  {QStringLiteral("succeeded"), QStringLiteral("failed")}},
                 CliCommonOptions::reason()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new UnresolvedCommand(context, parent);
    };
    return s;
}
