// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/ActionRequest.h"
#include "providers/smartid/SmartIdClient.h"

void SmartIdCommand::run(const QStringList& words)
{
    if (words.value(0) != QLatin1String("unenroll") || words.size() != 2 ||
        m_context.value("reason").trimmed().isEmpty()) {
        m_context.error(tr("usage: smartid unenroll USER --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    // The pipeline checks it too; here it is refused before the sign-in or the store is touched.
    if (const QString problem = SmartIdClient::userIdProblem(words.at(1)); !problem.isEmpty()) {
        m_context.error(problem);
        emit finished(ExitCode::Usage);
        return;
    }
    ActionRequest request;
    request.provider = QStringLiteral("smartid");
    request.action = QStringLiteral("unenroll");
    request.userId = words.at(1);
    request.reason = m_context.value("reason");
    submit(request);
}

CliCommandSpec SmartIdCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("smartid");
    s.summary = QStringLiteral("SmartID Suite: biometric un-enrollment");
    s.verbs = {QStringLiteral("unenroll")};
    s.forms = {{QStringLiteral("smartid unenroll USER --reason TEXT"),
                QStringLiteral("Removes a user's biometric enrollment, so that the user enrolls again.")}};
    s.options = {CliCommonOptions::reason(), CliCommonOptions::despite()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new SmartIdCommand(context, parent);
    };
    return s;
}
