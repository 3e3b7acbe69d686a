// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApplication.h"

#include "ApprovalsCommand.h"
#include "AuditCommand.h"
#include "BulkCommand.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "IdentityDeskVersion.h"
#include "JobsCommand.h"
#include "OperatorsCommand.h"
#include "SdkFinanceCommand.h"
#include "SmartIdCommand.h"
#include "SmileIdCommand.h"
#include "SubjectsCommand.h"
#include "TrustSwiftlyCommand.h"
#include "UnresolvedCommand.h"
#include "UsersCommand.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

QString CliApplication::usage()
{
    return QStringLiteral(
        R"(Usage: identitydesk-cli [--profile FILE] [--store URL] [--operator NAME] [--json] COMMAND ...
       identitydesk-cli --version | --help

Commands:
  users search TEXT [--provider NAME] [--limit N]
  users show ID [--provider NAME]      (360 view; ID is a subject, or a provider's id with --provider)
  subjects import FILE.csv [--dry-run] [--reason TEXT] | subjects link SUBJECT PROVIDER:ID [--reason TEXT]
  smileid job-status USER_ID JOB_ID [--history] [--image-links]
  smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXT
  trustswiftly workflows
  trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT
  smartid unenroll USER --reason TEXT
  sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
  sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT
  sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT
  approvals list | approvals approve ID | approvals reject ID --reason TEXT
  unresolved list | unresolved recheck ID
  unresolved resolve ID --outcome succeeded|failed --reason TEXT
  audit list [--limit N] | audit verify | audit export FILE.csv
  bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency N]
                   header row: provider,action,user_id,params,reason; exit 5 when submitted for
                   approval, 0 for a clean dry run, 2 when rows are invalid (listed with line numbers),
                   7 when they are refused only for the operator's role or a permission
  jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv
                   a bulk job's ID is its action number: approvals approve ID runs it
  operators add NAME --role officer|supervisor|auditor | operators list

Options:
  --profile FILE   connection profile (JSON, mode 0600); default: $IDENTITYDESK_PROFILE or
                   profile.json in the per-user configuration folder
  --store URL      sqlite:PATH or postgresql://user[:password]@host[:port]/db;
                   default: the SQLite file in the per-user data folder
  --operator NAME  who is acting; the password comes from $IDENTITYDESK_PASSWORD or a prompt
                   (a new operator's from $IDENTITYDESK_NEW_PASSWORD or a prompt)
  --json           print one JSON document on stdout

Exit codes: 0 done (also: already in that state), 2 usage error, 3 rejected by the provider,
            4 network/TLS/timeout (nothing was processed), 5 waiting for approval,
            6 outcome unknown (recorded as unresolved), 7 not permitted,
            130 a bulk job paused by Ctrl-C (resume it with jobs resume ID).
)");
}

CliApplication::CliApplication(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
    , m_parser(std::make_unique<QCommandLineParser>())
{}

CliApplication::~CliApplication() = default;

void CliApplication::printJsonError(int exitCode, const QString& message)
{
    m_jsonErrorPrinted = true;
    m_out << QJsonDocument(
                 QJsonObject{{QStringLiteral("exit_code"), exitCode}, {QStringLiteral("message"), message}})
                 .toJson(QJsonDocument::Indented);
}

void CliApplication::done(int exitCode)
{
    // With --json every command prints one document, a failure too (its message also on stderr).
    if (m_context && m_context->json() && !m_context->printed() && !m_jsonErrorPrinted &&
        exitCode != ExitCode::Done)
        printJsonError(exitCode, m_context->lastError());
    m_out.flush();
    m_err.flush();
    QTimer::singleShot(0, this, [this, exitCode] { emit finished(exitCode); });
}

void CliApplication::usageError(const QString& message)
{
    m_err << "identitydesk-cli: " << message << "\n\n" << usage();
    if (m_parser->optionNames().contains(QStringLiteral("json")))
        printJsonError(ExitCode::Usage, message);
    done(ExitCode::Usage);
}

void CliApplication::start(const QStringList& arguments)
{
    QCommandLineParser& p = *m_parser;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    auto option = [](const char* name, const char* valueName = nullptr) {
        return valueName
                   ? QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(valueName))
                   : QCommandLineOption(QString::fromLatin1(name));
    };
    p.addOptions({option("profile", "FILE"), option("store", "URL"), option("operator", "NAME"),
                  option("json"), option("limit", "N"), option("provider", "NAME"), option("reason", "TEXT"),
                  option("role", "ROLE"), option("active", "BOOL"), option("fraudulent", "BOOL"),
                  option("allow-reenroll"), option("delete"), option("outcome", "OUTCOME"),
                  option("from", "WORKFLOW"), option("to", "WORKFLOW"), option("version"),
                  QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")})});
    // sdkfinance: --field may be given several times (QCommandLineParser::values).
    p.addOptions({option("status", "STATUS"), option("page", "N"), option("field", "PATH")});
    // subjects import / smileid job-status / users show / bulk
    p.addOptions({option("dry-run"), option("history"), option("image-links"), option("concurrency", "N")});
    if (!p.parse(arguments))
        return usageError(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        m_out << usage();
        return done(ExitCode::Done);
    }
    if (p.isSet(QStringLiteral("version"))) {
        if (p.isSet(QStringLiteral("json")))
            m_out << QJsonDocument(
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("identitydesk-cli")},
                                     {QStringLiteral("version"), QStringLiteral(IDENTITYDESK_VERSION)}})
                         .toJson(QJsonDocument::Compact)
                  << '\n';
        else
            m_out << "identitydesk-cli " << IDENTITYDESK_VERSION << '\n';
        return done(ExitCode::Done);
    }
    const QStringList words = p.positionalArguments();
    if (words.isEmpty())
        return usageError(tr("no command given"));

    m_context = std::make_unique<CliContext>(p, m_out, m_err);
    const QString group = words.first();
    CliCommand* command = nullptr;
    if (group == QLatin1String("users"))
        command = new UsersCommand(*m_context, this);
    else if (group == QLatin1String("smileid"))
        command = new SmileIdCommand(*m_context, this);
    else if (group == QLatin1String("trustswiftly"))
        command = new TrustSwiftlyCommand(*m_context, this);
    else if (group == QLatin1String("smartid"))
        command = new SmartIdCommand(*m_context, this);
    else if (group == QLatin1String("sdkfinance"))
        command = new SdkFinanceCommand(*m_context, this);
    else if (group == QLatin1String("approvals"))
        command = new ApprovalsCommand(*m_context, this);
    else if (group == QLatin1String("unresolved"))
        command = new UnresolvedCommand(*m_context, this);
    else if (group == QLatin1String("audit"))
        command = new AuditCommand(*m_context, this);
    else if (group == QLatin1String("subjects"))
        command = new SubjectsCommand(*m_context, this);
    else if (group == QLatin1String("operators"))
        command = new OperatorsCommand(*m_context, this);
    else if (group == QLatin1String("bulk"))
        command = new BulkCommand(*m_context, this);
    else if (group == QLatin1String("jobs"))
        command = new JobsCommand(*m_context, this);
    if (!command)
        return usageError(tr("unknown command '%1'").arg(words.join(QLatin1Char(' '))));
    connect(command, &CliCommand::finished, this, [this](int code) { done(code); });
    command->run(words.mid(1));
}
