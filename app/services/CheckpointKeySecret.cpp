// SPDX-License-Identifier: GPL-3.0-or-later
#include "CheckpointKeySecret.h"

#include "SecretStore.h"

QString CheckpointKeySecret::secretName(const QString& operatorName)
{
    return QStringLiteral("audit-checkpoint-key/") + operatorName;
}

void CheckpointKeySecret::load(SecretStore* secrets, const QString& operatorName, QObject* context, Done done)
{
    const QString name = secretName(operatorName);
    secrets->read(name, context, [secrets, name, context, done](const SecretStore::Result& read) {
        if (read.status == SecretStore::Result::Status::Failed) {
            done(std::nullopt, tr("Cannot read the checkpoint signing key from %1: %2")
                                   .arg(secrets->description(), read.error));
            return;
        }
        QString error;
        if (read.status == SecretStore::Result::Status::Found) {
            const std::optional<CheckpointKey> key = CheckpointKey::fromPrivateText(read.value, &error);
            done(key, key ? QString()
                          : tr("The checkpoint signing key in %1 is damaged: %2")
                                .arg(secrets->description(), error));
            return;
        }
        const std::optional<CheckpointKey> key = CheckpointKey::generate(&error);
        if (!key) {
            done(std::nullopt, error);
            return;
        }
        secrets->write(name, key->privateText(), context,
                       [secrets, key, done](const SecretStore::Result& written) {
                           if (!written.ok())
                               done(std::nullopt, tr("Cannot keep the new checkpoint signing key in %1: %2")
                                                      .arg(secrets->description(), written.error));
                           else
                               done(key, QString());
                       });
    });
}
