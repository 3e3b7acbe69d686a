// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCheckpointSigner.h"

#include "services/AuditCheckpointService.h"
#include "store/Store.h"

AuditCheckpointSigner::AuditCheckpointSigner(StoreOpener opener)
    : m_opener(std::move(opener))
{}

std::optional<AuditCheckpoint> AuditCheckpointSigner::sign(const Operator& op, const CheckpointKey& key,
                                                           const QString& witness, QString* error) const
{
    const std::unique_ptr<Store> store = m_opener(error);
    if (!store)
        return std::nullopt;
    const std::optional<AuditCheckpoint> checkpoint =
        AuditCheckpointService(store.get()).checkpoint(op, key, error);
    if (!checkpoint)
        return std::nullopt;
    if (!witness.isEmpty() && !AuditCheckpointService::writeToWitness(*checkpoint, witness, error))
        return std::nullopt;
    return checkpoint;
}
