// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/CheckpointKey.h"

#include <QCoreApplication>
#include <QString>
#include <optional>

/// The CLI's checkpoint signing key: a file readable by its owner only (mode 0600, like a profile),
/// holding CheckpointKey::privateText(). Named by --key, else $IDENTITYDESK_CHECKPOINT_KEY, else
/// checkpoint-key in the per-user configuration folder.
class CheckpointKeyFile final
{
    Q_DECLARE_TR_FUNCTIONS(CheckpointKeyFile)

public:
    CheckpointKeyFile() = delete;

    /// The path: option (when not empty), the environment, or the default.
    static QString path(const QString& option);
    /// Reads the key at path; makes a new one there (mode 0600) when the file does not exist
    /// (*created is then true). Refuses a file that its group or others may read or write.
    static std::optional<CheckpointKey> loadOrCreate(const QString& path, bool* created, QString* error);
};
