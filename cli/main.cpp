// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApplication.h"
#include "WaitLine.h"
#include "i18n/Translations.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("identitydesk"));
    Translations::install(QString()); // the system's language
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Every wait of every command is told on stderr: rate limits, retries, a provider slow to answer.
    WaitLine waits;
    HttpWaitObserver::install(&waits);
    CliApplication cli(out, err);
    QObject::connect(&cli, &CliApplication::finished, &app, [](int code) { QCoreApplication::exit(code); });
    cli.start(QCoreApplication::arguments());
    return QCoreApplication::exec();
}
