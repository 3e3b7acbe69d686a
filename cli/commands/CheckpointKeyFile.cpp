// SPDX-License-Identifier: GPL-3.0-or-later
#include "CheckpointKeyFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>

QString CheckpointKeyFile::path(const QString& option)
{
    if (!option.isEmpty())
        return option;
    const QString fromEnvironment =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_CHECKPOINT_KEY"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("checkpoint-key"));
}

std::optional<CheckpointKey> CheckpointKeyFile::loadOrCreate(const QString& path, bool* created,
                                                             QString* error)
{
    *created = false;
    const auto fail = [&](const QString& message) -> std::optional<CheckpointKey> {
        *error = tr("the checkpoint key %1: %2").arg(path, message);
        return std::nullopt;
    };
    QFile file(path);
    if (!QFileInfo::exists(path)) {
        const std::optional<CheckpointKey> key = CheckpointKey::generate(error);
        if (!key)
            return std::nullopt;
        QDir().mkpath(QFileInfo(path).absolutePath());
        // Created owner-only from the first byte; NewOnly never follows a link planted meanwhile.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                       QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return fail(file.errorString());
        const QByteArray text = key->privateText().toLatin1() + '\n';
        if (file.write(text) != text.size() || !file.flush()) {
            file.close();
            file.remove();
            return fail(file.errorString());
        }
        file.close();
        *created = true;
        return key;
    }
#ifdef Q_OS_UNIX
    if (file.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther))
        return fail(tr("the file holds a private key and must be readable by its owner only (chmod 600 %1)")
                        .arg(path));
#endif
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QString problem;
    const std::optional<CheckpointKey> key =
        CheckpointKey::fromPrivateText(QString::fromLatin1(file.read(4096)), &problem);
    if (!key)
        return fail(problem);
    return key;
}
