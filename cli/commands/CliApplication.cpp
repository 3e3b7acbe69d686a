// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApplication.h"

#include "CliCommand.h"
#include "CliContext.h"
#include "CliRegistry.h"
#include "ExitCode.h"
#include "IdentityDeskVersion.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

QString CliApplication::usage()
{
    return CliRegistry::shortUsage();
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
    for (const CliOption& o : CliRegistry::allOptions()) {
        QStringList names{o.name};
        if (!o.shortName.isEmpty())
            names.prepend(o.shortName);
        p.addOption(o.takesValue() ? QCommandLineOption(names, QString(), o.valueName)
                                   : QCommandLineOption(names));
    }
    if (!p.parse(arguments))
        return usageError(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        m_out << CliRegistry::help();
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
    const CliCommandSpec* spec = CliRegistry::find(group);
    CliCommand* command = spec ? spec->create(*m_context, this) : nullptr;
    if (!command)
        return usageError(tr("unknown command '%1'").arg(words.join(QLatin1Char(' '))));
    connect(command, &CliCommand::finished, this, [this](int code) { done(code); });
    command->run(words.mid(1));
}
