// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommonOptions.h"

#include "domain/Subject.h"

CliOption CliCommonOptions::reason()
{
    return {
        QStringLiteral("reason"), QStringLiteral("TEXT"),
        QStringLiteral("Why the action is taken (required for every change; at most 2,000 characters). It is "
                       "written into every audit entry of the action."),
        CliOption::Value::Text};
}

CliOption CliCommonOptions::despite()
{
    return {QStringLiteral("despite"), QStringLiteral("ID"),
            QStringLiteral("Send although action ID, still waiting for approval, in flight or unresolved, "
                           "already does the same to the same person: says that you have looked at it. "
                           "Without it such a repeat is refused (exit 7, naming the earlier action)."),
            CliOption::Value::Text};
}

CliOption CliCommonOptions::limit(const QString& description)
{
    return {QStringLiteral("limit"), QStringLiteral("N"), description, CliOption::Value::Text};
}

CliOption CliCommonOptions::dryRun(const QString& description)
{
    return {QStringLiteral("dry-run"), QString(), description};
}

CliOption CliCommonOptions::provider(const QString& description)
{
    return {QStringLiteral("provider"), QStringLiteral("NAME"), description, CliOption::Value::Choice,
            Subject::providers()};
}

CliOption CliCommonOptions::history()
{
    return {QStringLiteral("history"), QString(),
            QStringLiteral("Also list the Smile ID job's history of results.")};
}

CliOption CliCommonOptions::imageLinks()
{
    return {
        QStringLiteral("image-links"), QString(),
        QStringLiteral("Also print the Smile ID job's image links (they expire; they are never stored).")};
}
