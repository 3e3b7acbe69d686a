// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/CheckpointKey.h"

#include <QCoreApplication>
#include <QString>
#include <functional>
#include <optional>

class QObject;
class SecretStore;

/// The console's checkpoint signing key, kept in a SecretStore (the OS keychain: KeychainSecretStore)
/// as CheckpointKey::privateText(), one per operator. The CLI keeps the same text in a key file.
class CheckpointKeySecret final
{
    Q_DECLARE_TR_FUNCTIONS(CheckpointKeySecret)

public:
    CheckpointKeySecret() = delete;

    /// The secret's name for an operator.
    static QString secretName(const QString& operatorName);
    /// The key, or the error.
    using Done = std::function<void(const std::optional<CheckpointKey>& key, const QString& error)>;
    /// Reads the operator's key; makes one and stores it when there is none yet. done runs later, on
    /// the caller's thread, and not at all once context is gone.
    static void load(SecretStore* secrets, const QString& operatorName, QObject* context, Done done);
};
