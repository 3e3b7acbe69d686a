// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

class CheckpointKey;

/// A signed statement of where the audit chain ended (docs/architecture.md section 2,
/// "Checkpoints"): this store's entry `seq` had hash `headHash`, as `operatorName` saw it at `time`.
/// Kept in the store and, above all, outside it (a witness folder, a file), so that a store cut
/// short, or rewritten and re-hashed end to end, no longer matches it.
struct AuditCheckpoint
{
    Q_DECLARE_TR_FUNCTIONS(AuditCheckpoint)

public:
    QString storeId;
    qint64 seq = 0;
    QByteArray headHash; ///< hex, as in the audit table
    QDateTime time;      ///< UTC, millisecond precision
    QString operatorName;
    QString keyId;        ///< CheckpointKey::keyIdOf() of the signing key
    QByteArray signature; ///< raw Ed25519 signature of signedBytes()

    /// The exact bytes signed: one "name:length:value\n" line per field in a fixed order, after a
    /// format line (docs/architecture.md section 2).
    QByteArray signedBytes() const;
    /// Fills keyId and signature.
    bool sign(const CheckpointKey& key, QString* error);
    /// Whether signature is publicKey's signature of signedBytes() and keyId names publicKey.
    bool signatureValid(const QByteArray& publicKey) const;

    /// The checkpoint file: a small JSON document.
    QByteArray toJson() const;
    /// Reads a checkpoint file; nullopt with *error when it is not one.
    static std::optional<AuditCheckpoint> fromJson(const QByteArray& json, QString* error);
    /// A file name for it in a witness folder: "<store id>-<seq, 12 digits>-<time>.json".
    QString fileName() const;
};

/// A public key allowed to sign checkpoints of a store (the audit_keys table).
struct CheckpointKeyRecord
{
    QString keyId;
    QByteArray publicKey; ///< raw 32 bytes
    QString operatorName;
    QDateTime createdAt;
    qint64 auditSeq = 0; ///< the audit entry that registered it
};

/// What a checkpoint says about the store today.
struct CheckpointVerdict
{
    bool ok = false;
    qint64 firstAffectedSeq = 0; ///< the first entry missing, changed or possibly rewritten
    QString problem;
};
