// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-sandbox: emulates the identity-verification providers over TLS on 127.0.0.1.

#include "Faults.h"
#include "Population.h"
#include "SandboxServer.h"
#include "StdinWatcher.h"
#include "SubjectsCsvWriter.h"
#include "TerminationSignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

constexpr int kUsageError = 2;
constexpr int kStartError = 1;

int usageError(const QString& message)
{
    std::fprintf(stderr, "identitydesk-sandbox: %s\nTry 'identitydesk-sandbox --help'.\n",
                 qPrintable(message));
    return kUsageError;
}

void printLine(FILE* stream, const QString& line)
{
    std::fputs(line.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("identitydesk-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDENTITYDESK_SANDBOX_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Emulates the identity-verification providers over TLS on 127.0.0.1, with an ephemeral CA.\n"
        "Prints 'identitydesk-sandbox listening on https://127.0.0.1:PORT' once ready."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0: any free port)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption usersOption(
        QStringLiteral("users"),
        QStringLiteral("Number of emulated users, 0 to %1.").arg(Population::kMaxUsers), QStringLiteral("N"),
        QStringLiteral("1000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed of the population and of the fault sequence."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption faultsOption(
        QStringLiteral("faults"),
        QStringLiteral(
            "Faults to inject, e.g. latency=200,error-rate=0.05,drop-after-processing=0.01,hang=0.01,"
            "spike=0.02:1500 (2 % of the answers 1.5 s later),rate-limit=60/min."),
        QStringLiteral("SPEC"));
    const QCommandLineOption profileOption(
        QStringLiteral("write-profile"),
        QStringLiteral("Write a connection profile (mode 0600) for this sandbox, with its CA next to it."),
        QStringLiteral("FILE"));
    const QCommandLineOption quietOption(QStringLiteral("quiet"),
                                         QStringLiteral("Do not log requests on stderr."));
    parser.addOptions({portOption, usersOption, seedOption, faultsOption, profileOption, quietOption});
    const QCommandLineOption tokenLifetimeOption(
        QStringLiteral("sdkfinance-token-lifetime"),
        QStringLiteral("Seconds an SDK.Finance login token is accepted (0 refuses every token)."),
        QStringLiteral("S"), QStringLiteral("3600"));
    parser.addOption(tokenLifetimeOption);
    const QCommandLineOption providerFaultsOption(
        QStringLiteral("provider-faults"),
        QStringLiteral(
            "Faults for one provider only, e.g. sdkfinance:latency=2000 or trustswiftly:error-rate=1 "
            "(repeatable; replaces --faults for that provider)."),
        QStringLiteral("PROVIDER:SPEC"));
    const QCommandLineOption badSignatureOption(
        QStringLiteral("smileid-bad-signature"),
        QStringLiteral("Sign Smile ID job_status answers with a wrong key (clients must flag them)."));
    const QCommandLineOption writeSubjectsOption(
        QStringLiteral("write-subjects"),
        QStringLiteral("Write a subjects CSV (the header identitydesk-cli subjects import reads) for the "
                       "first --subjects people."),
        QStringLiteral("FILE"));
    const QCommandLineOption subjectsOption(
        QStringLiteral("subjects"), QStringLiteral("How many people --write-subjects lists (default 1000)."),
        QStringLiteral("N"), QStringLiteral("1000"));
    parser.addOptions({providerFaultsOption, badSignatureOption, writeSubjectsOption, subjectsOption});
    const QCommandLineOption exitWithStdinOption(
        QStringLiteral("exit-with-stdin"),
        QStringLiteral("Quit when standard input closes: the program that started the sandbox with a pipe on "
                       "its input has ended, however it ended (identitydesk --demo does this)."));
    parser.addOption(exitWithStdinOption);

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    SandboxOptions options;
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return usageError(QStringLiteral("--port must be a number from 0 to 65535"));
    options.port = static_cast<quint16>(port);
    options.users = parser.value(usersOption).toUInt(&ok);
    if (!ok || options.users > Population::kMaxUsers)
        return usageError(QStringLiteral("--users must be a number from 0 to %1").arg(Population::kMaxUsers));
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usageError(QStringLiteral("--seed must be a non-negative integer"));
    QString faultsError;
    const std::optional<Faults> faults = Faults::parse(parser.value(faultsOption), &faultsError);
    if (!faults)
        return usageError(QStringLiteral("--faults: %1").arg(faultsError));
    options.faults = *faults;
    options.sdkFinanceTokenLifetimeSeconds = parser.value(tokenLifetimeOption).toInt(&ok);
    if (!ok || options.sdkFinanceTokenLifetimeSeconds < 0)
        return usageError(
            QStringLiteral("--sdkfinance-token-lifetime must be a number of seconds, 0 or more"));
    const bool quiet = parser.isSet(quietOption);
    for (const QString& spec : parser.values(providerFaultsOption)) {
        const QString provider = spec.section(u':', 0, 0);
        const std::optional<Faults> scoped = Faults::parse(spec.section(u':', 1), &faultsError);
        if (provider.isEmpty() || !spec.contains(u':') || !scoped)
            return usageError(QStringLiteral("--provider-faults: '%1': %2")
                                  .arg(spec, faultsError.isEmpty() ? QStringLiteral("expected PROVIDER:SPEC")
                                                                   : faultsError));
        static const QStringList providers = {QStringLiteral("smileid"), QStringLiteral("sdkfinance"),
                                              QStringLiteral("trustswiftly"), QStringLiteral("smartid")};
        if (!providers.contains(provider))
            return usageError(QStringLiteral("--provider-faults: '%1': unknown provider '%2' (one of %3)")
                                  .arg(spec, provider, providers.join(QStringLiteral(", "))));
        if (scoped->rateLimitPerMinute > 0 && provider != QLatin1String("trustswiftly"))
            return usageError(
                QStringLiteral("--provider-faults: '%1': only Trust Swiftly has a rate limit").arg(spec));
        options.providerFaults.insert(provider, *scoped);
    }
    options.smileIdBadSignature = parser.isSet(badSignatureOption);
    const uint subjectCount = parser.value(subjectsOption).toUInt(&ok);
    if (!ok)
        return usageError(QStringLiteral("--subjects must be a non-negative number"));

    SandboxServer server(options);
    QString error;
    if (!server.start(&error)) {
        printLine(stderr, QStringLiteral("identitydesk-sandbox: %1").arg(error));
        return kStartError;
    }
    if (parser.isSet(profileOption) && !server.writeProfile(parser.value(profileOption), &error)) {
        printLine(stderr, QStringLiteral("identitydesk-sandbox: %1").arg(error));
        return kStartError;
    }

    if (parser.isSet(writeSubjectsOption) &&
        !SubjectsCsvWriter::write(server.population(), subjectCount, parser.value(writeSubjectsOption),
                                  &error)) {
        printLine(stderr, QStringLiteral("identitydesk-sandbox: %1").arg(error));
        return kStartError;
    }

    TerminationSignalWatcher watcher;
    QObject::connect(&watcher, &TerminationSignalWatcher::terminationRequested, &app,
                     &QCoreApplication::quit);
    StdinWatcher stdinWatcher;
    if (parser.isSet(exitWithStdinOption)) {
        QObject::connect(&stdinWatcher, &StdinWatcher::closed, &app, &QCoreApplication::quit);
        stdinWatcher.start();
    }
    if (!quiet) {
        QObject::connect(&server, &SandboxServer::requestReceived, &app, [](const RecordedRequest& request) {
            // Plain concatenation: the path and query may hold '%' sequences that arg() would expand.
            QString line = request.receivedAt.toString(Qt::ISODateWithMs) + u' ' +
                           QString::fromLatin1(request.method) + u' ' + request.path +
                           (request.query.isEmpty() ? QString() : u'?' + QString::fromLatin1(request.query)) +
                           QStringLiteral(" -> ") + QString::number(request.status);
            if (!request.fault.isEmpty())
                line += QStringLiteral(" [fault: %1]").arg(request.fault);
            printLine(stderr, line);
        });
        printLine(stderr, QStringLiteral("identitydesk-sandbox %1: %2 users, seed %3%4")
                              .arg(QCoreApplication::applicationVersion())
                              .arg(server.population().size())
                              .arg(options.seed)
                              .arg(options.faults.isEmpty()
                                       ? QString()
                                       : QStringLiteral(", faults %1").arg(options.faults.toString())));
    }

    // The one line on stdout: other programs read the port from it.
    printLine(stdout,
              QStringLiteral("identitydesk-sandbox listening on %1").arg(server.baseUrl().toString()));
    return QCoreApplication::exec();
}
