// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "store/AuditCheckpoint.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QList>
#include <optional>

class AuditCheckpointSigner;
class CheckpointKey;

/// Signs, keeps and checks audit checkpoints (docs/architecture.md section 2, "Checkpoints"), for
/// the CLI and the console alike. The signing key comes from the caller (a key file for the CLI, the
/// keychain through SecretStore for the console): only its public half ever reaches the store.
class AuditCheckpointService final
{
    Q_DECLARE_TR_FUNCTIONS(AuditCheckpointService)

public:
    explicit AuditCheckpointService(Store* store);

    /// Registers key in the store when it is not yet (an audit entry "checkpoint-key-added" by op),
    /// verifies the chain, signs its head and keeps the checkpoint in the store. Refuses a broken
    /// chain (*chainBroken is then set, when given): a checkpoint vouches for what it covers.
    std::optional<AuditCheckpoint> checkpoint(const Operator& op, const CheckpointKey& key, QString* error,
                                              bool* chainBroken = nullptr);

    /// Whether the log has grown by the policy's audit.checkpoint_every entries since the last
    /// checkpoint kept; false when the log is empty or the store cannot be read (*error then says why).
    bool isDue(QString* error) const;
    /// What signs a checkpoint on a worker thread, with a connection of its own to this store.
    AuditCheckpointSigner signer() const;

    /// Writes the checkpoint file to path atomically (QSaveFile).
    static bool writeFile(const AuditCheckpoint& checkpoint, const QString& path, QString* error);
    /// Writes it into the witness folder (created if missing) as checkpoint.fileName(); the path.
    static std::optional<QString> writeToWitness(const AuditCheckpoint& checkpoint, const QString& folder,
                                                 QString* error);
    /// Reads a checkpoint file.
    static std::optional<AuditCheckpoint> readFile(const QString& path, QString* error);

    struct Report
    {
        AuditVerification chain;
        QList<CheckpointVerdict> verdicts; ///< one per checkpoint given, in that order
        bool ok() const;
        /// The first entry named by the chain or by any checkpoint (0: none).
        qint64 firstAffectedSeq() const;
    };
    /// Verifies the chain, then each checkpoint: its store, its key (registered in the store), its
    /// signature, and that the entry it covers is still there with the hash it had. nullopt with
    /// *error when the store cannot be read.
    std::optional<Report> verify(const QList<AuditCheckpoint>& checkpoints, QString* error);

private:
    Store* m_store;
};
