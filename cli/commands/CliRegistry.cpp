// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliRegistry.h"

#include "AdminCommand.h"
#include "ApprovalsCommand.h"
#include "AuditCommand.h"
#include "BulkCommand.h"
#include "JobsCommand.h"
#include "OperatorsCommand.h"
#include "SubjectsCommand.h"
#include "UnresolvedCommand.h"
#include "UsersCommand.h"
#include "providers/sdkfinance/SdkFinanceCommand.h"
#include "providers/smartid/SmartIdCommand.h"
#include "providers/smileid/SmileIdCommand.h"
#include "providers/trustswiftly/TrustSwiftlyCommand.h"

#include <QSet>

namespace {
constexpr int kWidth = 100;

/// text folded at kWidth, each line starting with indent.
QString wrapped(const QString& text, int indent)
{
    const QString pad(indent, QLatin1Char(' '));
    QString out;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > kWidth) {
            out += pad + line + QLatin1Char('\n');
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += pad + line + QLatin1Char('\n');
    return out;
}

QString optionLabel(const CliOption& o)
{
    QString label = QStringLiteral("--") + o.name;
    if (!o.shortName.isEmpty())
        label = QStringLiteral("-") + o.shortName + QStringLiteral(", ") + label;
    if (o.takesValue())
        label += QLatin1Char(' ') + o.valueName;
    return label;
}

QString optionTable(const QList<CliOption>& options)
{
    QString out;
    for (const CliOption& o : options) {
        const QString label = QStringLiteral("  ") + optionLabel(o);
        const QString text = wrapped(o.description, 20);
        out += label.size() < 19 ? label.leftJustified(20) + text.mid(20) : label + QLatin1Char('\n') + text;
    }
    return out;
}
} // namespace

const QList<CliCommandSpec>& CliRegistry::commands()
{
    static const QList<CliCommandSpec> all{
        UsersCommand::spec(),        SubjectsCommand::spec(),   SmileIdCommand::spec(),
        TrustSwiftlyCommand::spec(), SmartIdCommand::spec(),    SdkFinanceCommand::spec(),
        ApprovalsCommand::spec(),    UnresolvedCommand::spec(), AuditCommand::spec(),
        BulkCommand::spec(),         JobsCommand::spec(),       OperatorsCommand::spec(),
        AdminCommand::spec(),
    };
    return all;
}

const CliCommandSpec* CliRegistry::find(const QString& word)
{
    for (const CliCommandSpec& spec : commands())
        if (spec.word == word)
            return &spec;
    return nullptr;
}

const QList<CliOption>& CliRegistry::globalOptions()
{
    static const QList<CliOption> all{
        {QStringLiteral("profile"),
         QStringLiteral("FILE"),
         QStringLiteral("The connection profile (JSON, readable by its owner only: mode 0600). Default: "
                        "$IDENTITYDESK_PROFILE, else profile.json in the per-user configuration folder."),
         CliOption::Value::File,
         {},
         QStringLiteral("*.json")},
        {QStringLiteral("store"), QStringLiteral("URL"),
         QStringLiteral(
             "The store of actions and the audit log: sqlite:PATH or "
             "postgresql://user[:password]@host[:port]/db. Default: the SQLite file in the per-user "
             "data folder."),
         CliOption::Value::Store},
        {QStringLiteral("operator"), QStringLiteral("NAME"),
         QStringLiteral(
             "Who is acting (default: $IDENTITYDESK_OPERATOR): every command that reads provider data "
             "or changes anything signs the operator in first. The password comes from "
             "$IDENTITYDESK_PASSWORD or a prompt."),
         CliOption::Value::Text},
        {QStringLiteral("json"), QString(),
         QStringLiteral("Print one JSON document on stdout; errors still go to stderr, and a failure prints "
                        "{\"exit_code\", \"message\"}.")},
        {QStringLiteral("help"),
         QString(),
         QStringLiteral("Print this help and exit."),
         CliOption::Value::None,
         {},
         QString(),
         QStringLiteral("h")},
        {QStringLiteral("version"), QString(), QStringLiteral("Print the version and exit.")},
    };
    return all;
}

QList<CliOption> CliRegistry::allOptions()
{
    QList<CliOption> all = globalOptions();
    QSet<QString> seen;
    for (const CliOption& o : all)
        seen.insert(o.name);
    for (const CliCommandSpec& spec : commands())
        for (const CliOption& o : spec.options)
            if (!seen.contains(o.name)) {
                seen.insert(o.name);
                all << o;
            }
    return all;
}

QStringList CliRegistry::commandsTaking(const QString& name)
{
    QStringList words;
    for (const CliCommandSpec& spec : commands())
        for (const CliOption& o : spec.options)
            if (o.name == name && !words.contains(spec.word))
                words << spec.word;
    return words;
}

const QList<CliExitStatus>& CliRegistry::exitCodes()
{
    static const QList<CliExitStatus> all{
        {0, QStringLiteral("done"),
         QStringLiteral("Done (also: the user was already in that state, which is said).")},
        {2, QStringLiteral("usage error"),
         QStringLiteral("Usage error: a wrong command, option or value; nothing was sent or stored.")},
        {3, QStringLiteral("rejected by the provider"),
         QStringLiteral("Rejected by the provider (also: a 401 that persists after one fresh login, a forged "
                        "Smile ID signature, an audit chain or audit checkpoint that does not verify).")},
        {4, QStringLiteral("network/TLS/timeout (nothing was processed)"),
         QStringLiteral("Network, TLS or timeout, or a store that cannot be reached or written: nothing was "
                        "processed (also: a 429 that outlasts the retries).")},
        {5, QStringLiteral("waiting for approval"),
         QStringLiteral("Waiting for approval by a second supervisor.")},
        {6, QStringLiteral("outcome unknown (recorded as unresolved)"),
         QStringLiteral(
             "Outcome unknown: recorded as unresolved (see unresolved list and unresolved recheck).")},
        {7, QStringLiteral("not permitted"),
         QStringLiteral(
             "Not permitted: the operator's role, the policy, the provider login's permission, or a "
             "wrong operator name or password.")},
        {130, QStringLiteral("a bulk job paused by Ctrl-C"),
         QStringLiteral("A bulk job paused by Ctrl-C (resume it with jobs resume ID).")},
    };
    return all;
}

const QList<QPair<QString, QString>>& CliRegistry::environment()
{
    static const QList<QPair<QString, QString>> all{
        {QStringLiteral("IDENTITYDESK_PROFILE"),
         QStringLiteral("The connection profile when --profile is not given.")},
        {QStringLiteral("IDENTITYDESK_OPERATOR"),
         QStringLiteral("The operator when --operator is not given.")},
        {QStringLiteral("IDENTITYDESK_PASSWORD"),
         QStringLiteral("The operator's password; without it the CLI asks on the terminal.")},
        {QStringLiteral("IDENTITYDESK_NEW_PASSWORD"),
         QStringLiteral("A new operator's password (operators add); without it the CLI asks.")},
        {QStringLiteral("IDENTITYDESK_WITNESS_DIR"),
         QStringLiteral("The witness folder of audit checkpoints when --witness is not given.")},
        {QStringLiteral("IDENTITYDESK_CHECKPOINT_KEY"),
         QStringLiteral("The checkpoint signing key file when --key is not given.")},
        {QStringLiteral("IDENTITYDESK_SMILEID_API_KEY"),
         QStringLiteral("Smile ID's api_key when the profile has none.")},
        {QStringLiteral("IDENTITYDESK_SDKFINANCE_PASSWORD"),
         QStringLiteral("SDK.Finance's password when the profile has none.")},
        {QStringLiteral("IDENTITYDESK_TRUSTSWIFTLY_API_KEY"),
         QStringLiteral("Trust Swiftly's api_key when the profile has none.")},
        {QStringLiteral("IDENTITYDESK_SMARTID_API_KEY"),
         QStringLiteral("SmartID Suite's api_key when the profile has none.")},
    };
    return all;
}

const QList<QPair<QString, QString>>& CliRegistry::files()
{
    static const QList<QPair<QString, QString>> all{
        {QStringLiteral("~/.config/IdentityDesk/identitydesk/profile.json"),
         QStringLiteral(
             "The default connection profile (mode 0600). Format: {\"name\", \"ca_file\", \"smileid\": "
             "{\"portal_url\", \"api_url\", \"partner_id\", \"api_key\", \"email\", \"environment\"}, "
             "\"sdkfinance\": {\"base_url\", \"login\", \"password\"}, \"trustswiftly\": {\"base_url\", "
             "\"api_key\"}, \"smartid\": {\"base_url\", \"api_key\"}}; a relative ca_file is relative to "
             "the profile's folder.")},
        {QStringLiteral("~/.config/IdentityDesk/identitydesk/checkpoint-key"),
         QStringLiteral("The default key that signs audit checkpoints (Ed25519, mode 0600, made by the first "
                        "audit checkpoint); only its public half is registered in the store.")},
        {QStringLiteral("~/.local/share/IdentityDesk/identitydesk/identitydesk.sqlite"),
         QStringLiteral(
             "The default store: operators, actions, approvals, bulk jobs, the subject index and the "
             "hash-chained audit log.")},
    };
    return all;
}

QStringList CliRegistry::synopsis()
{
    return {QStringLiteral(
                "identitydesk-cli [--profile FILE] [--store URL] [--operator NAME] [--json] COMMAND ..."),
            QStringLiteral("identitydesk-cli --version | --help")};
}

QString CliRegistry::shortUsage()
{
    const QStringList lines = synopsis();
    QString out = QStringLiteral("Usage: ") + lines.at(0) + QStringLiteral("\n       ") + lines.at(1) +
                  QStringLiteral("\n\nCommands:\n");
    for (const CliCommandSpec& spec : commands())
        for (const CliForm& form : spec.forms)
            out += QStringLiteral("  ") + form.synopsis + QLatin1Char('\n');
    out += QStringLiteral("\nOptions:\n") + optionTable(globalOptions());
    QStringList codes;
    for (const CliExitStatus& status : exitCodes())
        codes << QString::number(status.code) + QLatin1Char(' ') + status.brief;
    out += QStringLiteral("\n") +
           wrapped(QStringLiteral("Exit codes: ") + codes.join(QStringLiteral(", ")) + QLatin1Char('.'), 0);
    return out + QStringLiteral("\nSee identitydesk-cli --help or man identitydesk-cli for every option.\n");
}

QString CliRegistry::help()
{
    const QStringList lines = synopsis();
    QString out = QStringLiteral("Usage: ") + lines.at(0) + QStringLiteral("\n       ") + lines.at(1) +
                  QLatin1Char('\n');
    for (const CliCommandSpec& spec : commands()) {
        out += QLatin1Char('\n') + spec.word + QStringLiteral(": ") + spec.summary + QLatin1Char('\n');
        for (const CliForm& form : spec.forms)
            out += QStringLiteral("  ") + form.synopsis + QLatin1Char('\n') + wrapped(form.description, 6);
    }
    out += QStringLiteral("\nOptions:\n") + optionTable(globalOptions());
    QList<CliOption> commandOptions = allOptions().mid(globalOptions().size());
    for (CliOption& o : commandOptions)
        o.description +=
            QStringLiteral(" (") + commandsTaking(o.name).join(QStringLiteral(", ")) + QLatin1Char(')');
    out += QStringLiteral("\nCommand options:\n") + optionTable(commandOptions);
    out += QStringLiteral("\nEnvironment:\n");
    for (const auto& [name, meaning] : environment())
        out += QStringLiteral("  ") + name + QLatin1Char('\n') + wrapped(meaning, 6);
    out += QStringLiteral("\nFiles:\n");
    for (const auto& [path, meaning] : files())
        out += QStringLiteral("  ") + path + QLatin1Char('\n') + wrapped(meaning, 6);
    out += QStringLiteral("\nExit codes:\n");
    for (const CliExitStatus& status : exitCodes())
        out += QString::number(status.code).rightJustified(5) + QStringLiteral("  ") +
               wrapped(status.meaning, 7).mid(7);
    return out;
}
