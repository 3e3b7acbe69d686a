// SPDX-License-Identifier: GPL-3.0-or-later
#include "UnresolvedCommand.h"

#include "ActionTable.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "services/ActionService.h"

void UnresolvedCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    const bool list = verb == QLatin1String("list") && words.size() == 1;
    const bool resolve = verb == QLatin1String("resolve") && words.size() == 2;
    const QString outcome = m_context.value("outcome");
    bool ok = true;
    const qint64 id = resolve ? words.at(1).toLongLong(&ok) : 0;
    if ((!list && !resolve) || !ok ||
        (resolve && ((outcome != QLatin1String("succeeded") && outcome != QLatin1String("failed")) ||
                     m_context.value("reason").trimmed().isEmpty()))) {
        m_context.error(
            tr("usage: unresolved list | unresolved resolve ID --outcome succeeded|failed --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    ActionService* service = m_context.actionService(&error, false);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    if (list) {
        emit finished(ActionTable::print(m_context, ActionRecord::State::Unresolved));
        return;
    }
    if (!service->resolve(id, outcome == QLatin1String("succeeded"), m_context.value("reason"), &error)) {
        m_context.error(error);
        emit finished(error.contains(QLatin1String("Auditors")) ? ExitCode::NotPermitted : ExitCode::Usage);
        return;
    }
    m_context.out() << tr("Action #%1 resolved as %2.").arg(id).arg(outcome) << '\n';
    emit finished(ExitCode::Done);
}
