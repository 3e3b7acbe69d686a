// SPDX-License-Identifier: GPL-3.0-or-later
#include "IdentityDeskVersion.h"
#include "main/MainWindow.h"
#include "services/DemoSandbox.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("IdentityDesk"));
    QApplication::setApplicationName(QStringLiteral("identitydesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("IdentityDesk"));
    QApplication::setApplicationVersion(QStringLiteral(IDENTITYDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Operator console for identity-verification providers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the bundled sandbox and connect to it."));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Connection profile file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption users(QStringLiteral("demo-users"),
                                   QStringLiteral("Population of the demo sandbox (default 100000)."),
                                   QStringLiteral("N"), QStringLiteral("100000"));
    parser.addOptions({demo, profile, users});
    parser.process(app);

    MainWindow window;
    window.show();

    DemoSandbox sandbox;
    if (parser.isSet(demo)) {
        window.showStatusMessage(QObject::tr("Starting the demo sandbox…"));
        QObject::connect(&sandbox, &DemoSandbox::ready, &window,
                         [&window](const QString& path) { window.openProfile(path); });
        QObject::connect(&sandbox, &DemoSandbox::failed, &window,
                         [&window](const QString& message) { window.showError(message); });
        sandbox.start(QString(), {QStringLiteral("--users"), parser.value(users)});
    } else {
        QString path = parser.value(profile);
        if (path.isEmpty()) {
            const QString fallback = QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                                         .filePath(QStringLiteral("profile.json"));
            if (QFileInfo::exists(fallback))
                path = fallback;
        }
        if (!path.isEmpty())
            window.openProfile(path);
    }
    return QApplication::exec();
}
