// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/AuditCheckpointService.h"

#include <QObject>
#include <functional>

class SecretStore;

/// The console's audit checkpoints (docs/architecture.md section 2): at sign-out, and whenever the
/// audit log has grown by the policy's audit.checkpoint_every entries since the last checkpoint. The
/// signing key is the operator's, kept in the keychain (CheckpointKeySecret); the chain is verified
/// and signed off the GUI thread, on a store connection of its own; the checkpoint goes into the
/// store and into the witness folder of the settings (audit/witness_folder, or
/// $IDENTITYDESK_WITNESS_DIR), outside the store.
class ConsoleCheckpointer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleCheckpointer)

public:
    /// secrets (and the store of `checkpoints`) are not owned; without secrets no checkpoint is made.
    ConsoleCheckpointer(AuditCheckpointService checkpoints, const Operator& op, SecretStore* secrets,
                        QObject* parent = nullptr);

    /// The settings key of the witness folder.
    static QString witnessSettingsKey() { return QStringLiteral("audit/witness_folder"); }
    static QString witnessFolder();

    /// Signs a checkpoint when the log has grown by the policy's number of entries since the last.
    void checkpointIfDue();
    using Done = std::function<void(bool ok, const QString& message)>;
    /// Signs one now (sign-out); done runs later, here, unless this object is gone.
    void checkpointNow(Done done = {});
    bool isBusy() const { return m_busy; }

signals:
    void checkpointed(bool ok, const QString& message);

private:
    AuditCheckpointService m_checkpoints;
    Operator m_operator;
    SecretStore* m_secrets;
    bool m_busy = false;
    bool m_automaticFailed = false; ///< an automatic checkpoint failed: no more until sign-out
};
