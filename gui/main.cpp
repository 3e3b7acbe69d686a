// SPDX-License-Identifier: GPL-3.0-or-later
#include "IdentityDeskVersion.h"
#include "i18n/Translations.h"
#include "main/ConsoleLauncher.h"
#include "main/SmokeQuit.h"
#include "theme/ThemeManager.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QNetworkProxyFactory>
#include <QSettings>
#include <QStandardPaths>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("IdentityDesk"));
    QApplication::setApplicationName(QStringLiteral("identitydesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("IdentityDesk"));
    QApplication::setApplicationVersion(QStringLiteral(IDENTITYDESK_VERSION));
    // The system's proxy unless the user chose another (Profiles > Edit profiles…, applied later).
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/identitydesk.svg")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.identitydesk.IdentityDesk"));
    Translations::install(QSettings().value(QStringLiteral("ui/language")).toString());
    ThemeManager::apply(ThemeManager::saved());

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Operator console for identity-verification providers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QObject::tr("Start the bundled sandbox and connect to it, with a throwaway "
                                              "store and demo operators."));
    const QCommandLineOption profile(QStringLiteral("profile"), QObject::tr("Connection profile file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption store(QStringLiteral("store"),
                                   QObject::tr("Store URL: sqlite:PATH or postgresql://… (default: %1).")
                                       .arg(QStringLiteral("sqlite:<per-user data folder>")),
                                   QStringLiteral("URL"));
    const QCommandLineOption users(QStringLiteral("demo-users"),
                                   QObject::tr("Population of the demo sandbox (default 100000)."),
                                   QStringLiteral("N"), QStringLiteral("100000"));
    parser.addOptions({demo, profile, store, users});
    // Hidden, for the package smoke test: quit MS milliseconds after the first window is shown
    // (also IDENTITYDESK_SMOKE_QUIT_MS).
    QCommandLineOption smokeQuit(QStringLiteral("quit-after-shown"), QString(), QStringLiteral("MS"));
    smokeQuit.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(smokeQuit);
    parser.process(app);
    const QString smokeMs = parser.isSet(smokeQuit) ? parser.value(smokeQuit)
                                                    : qEnvironmentVariable("IDENTITYDESK_SMOKE_QUIT_MS");
    if (!smokeMs.isEmpty())
        new SmokeQuit(smokeMs.toInt(), &app);

    ConsoleLauncher::Options options;
    options.demo = parser.isSet(demo);
    options.storeUrl = parser.value(store);
    options.sandboxArguments = {QStringLiteral("--users"), parser.value(users)};
    options.profilePath = parser.value(profile);
    options.firstRunWizard = true;
    if (!options.demo && options.profilePath.isEmpty()) {
        const QString fallback = QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                                     .filePath(QStringLiteral("profile.json"));
        if (QFileInfo::exists(fallback))
            options.profilePath = fallback;
    }

    ConsoleLauncher launcher(options);
    QObject::connect(&launcher, &ConsoleLauncher::quitRequested, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    launcher.start();
    return QApplication::exec();
}
