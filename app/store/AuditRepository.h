// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AuditCheckpoint.h"
#include "AuditFilter.h"
#include "AuditVerification.h"
#include "domain/AuditEntry.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

/// The tamper-evident audit log and its signed checkpoints (docs/architecture.md section 2). Part of
/// Store: the other repositories append their entries through the same chain, in their own
/// transactions. Errors as Store's.
class AuditRepository
{
public:
    virtual ~AuditRepository() = default;

    /// Appends an entry on its own (policy changes, sign-ins …); fills seq, prevHash and hash.
    virtual bool appendAudit(AuditEntry entry, QString* error) = 0;
    /// Oldest first. AuditFilter::from and ::to are inclusive.
    virtual std::optional<QList<AuditEntry>> auditEntries(const AuditFilter& filter, QString* error) = 0;
    virtual AuditVerification verifyAudit() = 0;

    // Checkpoints (schema version 6, docs/architecture.md section 2). The defaults refuse, for
    // stores that keep none.
    /// The store's own id (a UUID), which every checkpoint of it names.
    virtual std::optional<QString> storeId(QString* error) { return checkpointsUnsupported<QString>(error); }
    /// The stored hash of entry seq; nullopt with an *empty* *error when there is no such entry.
    virtual std::optional<QByteArray> auditHash(qint64 seq, QString* error)
    {
        Q_UNUSED(seq);
        return checkpointsUnsupported<QByteArray>(error);
    }
    /// Records that the production profile with this fingerprint key (ProfileStoreBinding) works
    /// with this store, and appends `entry` ("profile-bound"), in one transaction; a profile already
    /// recorded is left alone and nothing is appended (*added says which happened).
    virtual bool bindProfile(const QString& key, const QString& fingerprint, const AuditEntry& entry,
                             bool* added, QString* error)
    {
        Q_UNUSED(key);
        Q_UNUSED(fingerprint);
        Q_UNUSED(entry);
        Q_UNUSED(added);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// The keys allowed to sign this store's checkpoints.
    virtual std::optional<QList<CheckpointKeyRecord>> checkpointKeys(QString* error)
    {
        return checkpointsUnsupported<QList<CheckpointKeyRecord>>(error);
    }
    /// Registers key (its keyId, publicKey and operatorName) and appends `entry` (its audit record) in
    /// one transaction; key.auditSeq becomes the entry's seq. A key already registered is left alone
    /// and nothing is appended: *added (if given) says which happened.
    virtual bool registerCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                                       QString* error)
    {
        Q_UNUSED(key);
        Q_UNUSED(entry);
        Q_UNUSED(added);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// Keeps a signed checkpoint (its key must be registered).
    virtual bool addCheckpoint(const AuditCheckpoint& checkpoint, QString* error)
    {
        Q_UNUSED(checkpoint);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// The checkpoints kept, oldest first.
    virtual std::optional<QList<AuditCheckpoint>> checkpoints(QString* error)
    {
        return checkpointsUnsupported<QList<AuditCheckpoint>>(error);
    }

private:
    template <typename T> static std::optional<T> checkpointsUnsupported(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not keep audit checkpoints.");
        return std::nullopt;
    }
};
