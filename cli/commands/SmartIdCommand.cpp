// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdCommand.h"

#include "CliCommonOptions.h"

#include "ActionPrinter.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "WaitNotice.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"

void SmartIdCommand::run(const QStringList& words)
{
    if (words.value(0) != QLatin1String("unenroll") || words.size() != 2 ||
        m_context.value("reason").trimmed().isEmpty()) {
        m_context.error(tr("usage: smartid unenroll USER --reason TEXT"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    ActionService* service = m_context.actionService(&error);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    ActionRequest request;
    request.provider = QStringLiteral("smartid");
    request.action = QStringLiteral("unenroll");
    request.userId = words.at(1);
    request.reason = m_context.value("reason");
    ActionTicket* ticket = service->submit(request);
    connect(ticket, &ActionTicket::waiting, this, [this](int, int delayMs, const ApiError& reason) {
        m_context.error(WaitNotice::text(delayMs, reason));
    });
    connect(ticket, &ActionTicket::finished, this,
            [this, ticket] { emit finished(ActionPrinter::report(m_context, *ticket)); });
}

CliCommandSpec SmartIdCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("smartid");
    s.summary = QStringLiteral("SmartID Suite: biometric un-enrollment");
    s.verbs = {QStringLiteral("unenroll")};
    s.forms = {{QStringLiteral("smartid unenroll USER --reason TEXT"),
                QStringLiteral("Removes a user's biometric enrollment, so that the user enrolls again.")}};
    s.options = {CliCommonOptions::reason()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new SmartIdCommand(context, parent);
    };
    return s;
}
