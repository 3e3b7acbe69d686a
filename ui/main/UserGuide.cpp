// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserGuide.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

QString UserGuide::path()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    const QStringList candidates{
        bin.filePath(QStringLiteral("../share/doc/identitydesk/user-guide.md")), // Linux packages
        bin.filePath(QStringLiteral("../Resources/user-guide.md")),              // macOS bundle
        bin.filePath(QStringLiteral("user-guide.md")),                           // Windows
        QStringLiteral(IDENTITYDESK_SOURCE_DOCS "/user-guide.md"),               // a build
    };
    for (const QString& candidate : candidates)
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).canonicalFilePath();
    return QString();
}
