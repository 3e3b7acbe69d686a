// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "store/AuditCheckpoint.h"
#include "store/StoreOpener.h"

#include <QString>
#include <optional>

class CheckpointKey;

/// Signs an audit checkpoint (AuditCheckpointService::checkpoint()) on the thread that calls sign(),
/// with a store connection of that thread: for a worker thread, since the whole chain is read. Copies
/// share the opener and may run on any thread.
class AuditCheckpointSigner final
{
public:
    /// opener: Store::opener() of the console's store (AuditCheckpointService::signer()).
    explicit AuditCheckpointSigner(StoreOpener opener);

    /// Signs the head of the chain and keeps the checkpoint in the store, then writes it into the
    /// witness folder unless `witness` is empty. nullopt with *error when any step fails.
    std::optional<AuditCheckpoint> sign(const Operator& op, const CheckpointKey& key, const QString& witness,
                                        QString* error) const;

private:
    StoreOpener m_opener;
};
