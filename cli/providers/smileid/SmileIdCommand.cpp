// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdCommand.h"

#include "CliCommonOptions.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "SmileIdJobStatusCommand.h"
#include "domain/ActionRequest.h"
#include "providers/smileid/SmileIdFlagOption.h"

void SmileIdCommand::run(const QStringList& words)
{
    auto usage = [this](const QString& message) {
        m_context.error(message);
        emit finished(ExitCode::Usage);
    };
    if (words.value(0) == QLatin1String("job-status")) {
        auto* status = new SmileIdJobStatusCommand(m_context, this);
        connect(status, &CliCommand::finished, this, &CliCommand::finished);
        status->run(words.mid(1));
        return;
    }
    if (words.value(0) != QLatin1String("flag") || words.size() != 2)
        return usage(tr("usage: smileid flag USER_ID (--active true|false | --fraudulent true|false | "
                        "--allow-reenroll | --delete) --reason TEXT"));
    QStringList chosen;
    QJsonObject params;
    for (const SmileIdFlagOption& option : SmileIdFlagOption::all()) {
        const QByteArray name = option.option.toLatin1();
        if (!m_context.isSet(name.constData()))
            continue;
        chosen << QStringLiteral("--") + option.option;
        std::optional<bool> value = true;
        if (option.takesValue) {
            value = SmileIdFlagOption::parseValue(m_context.value(name.constData()));
            if (!value)
                return usage(tr("--%1 takes true or false").arg(option.option));
        }
        params = option.params(*value);
    }
    if (chosen.size() != 1)
        return usage(chosen.isEmpty()
                         ? tr("choose one of --active, --fraudulent, --allow-reenroll, --delete")
                         : tr("one flag per request: %1 given").arg(chosen.join(QStringLiteral(", "))));
    if (m_context.value("reason").trimmed().isEmpty())
        return usage(tr("--reason TEXT is required"));

    ActionRequest request;
    request.provider = QStringLiteral("smileid");
    request.action = QStringLiteral("flag");
    request.userId = words.at(1);
    request.params = params;
    request.reason = m_context.value("reason");
    submit(request);
}

CliCommandSpec SmileIdCommand::spec()
{
    auto flag = [](const char* name, const char* description) {
        return CliOption{QString::fromLatin1(name),
                         QStringLiteral("BOOL"),
                         QString::fromLatin1(description),
                         CliOption::Value::Choice,
                         {QStringLiteral("true"), QStringLiteral("false")}};
    };
    CliCommandSpec s;
    s.word = QStringLiteral("smileid");
    s.summary = QStringLiteral("Smile ID: enrollee flags and job status");
    s.verbs = {QStringLiteral("flag"), QStringLiteral("job-status")};
    s.forms = {
        {QStringLiteral(
             "smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | "
             "--delete) --reason TEXT"),
         QStringLiteral("Changes one flag of a Smile ID enrollee through the action pipeline (one flag per "
                        "request).")},
        {QStringLiteral("smileid job-status USER_ID JOB_ID [--history] [--image-links]"),
         QStringLiteral(
             "Reads a job's status. The answer's signature is verified: a forged or missing one is a "
             "SECURITY WARNING (exit 3).")},
    };
    s.options = {
        flag("active", "Activate (true) or deactivate (false) the enrollee."),
        flag("fraudulent", "Mark the enrollee fraudulent (true) or clear the mark (false)."),
        {QStringLiteral("allow-reenroll"), QString(), QStringLiteral("Let the enrollee enroll again.")},
        {QStringLiteral("delete"), QString(), QStringLiteral("Delete the enrollee.")},
        CliCommonOptions::reason(),
        CliCommonOptions::despite(),
        CliCommonOptions::history(),
        CliCommonOptions::imageLinks()};
    s.examples = {QStringLiteral(
        "IDENTITYDESK_PASSWORD=... identitydesk-cli --operator bob --profile p.json \\\n"
        "    smileid flag REF-000042 --fraudulent true --reason \"Chargeback ring, case 4711\"")};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new SmileIdCommand(context, parent);
    };
    return s;
}
