// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Store.h"
#include "domain/AuditEntry.h"

#include <QByteArray>
#include <QCoreApplication>

/// The audit hash-chain check (docs/architecture.md section 2) as a pure function of the entries, fed in seq
/// order: the sequence starts at 1 without gaps, each prev_hash is the previous entry's hash (64 zeros for
/// the first) and each hash matches its entry's contents. SqlStore::verifyAudit feeds it its rows;
/// the fuzzer feeds it anything.
class AuditChainVerifier final
{
    Q_DECLARE_TR_FUNCTIONS(AuditChainVerifier)

public:
    /// The prev_hash of entry 1: 64 zeros (hex).
    static QByteArray zeroHash();

    /// Checks one more entry; false once the chain is broken (result() then names the first broken entry).
    bool add(const AuditEntry& entry);
    const AuditVerification& result() const { return m_result; }

    /// Checks a whole list at once.
    static AuditVerification verify(const QList<AuditEntry>& entries);

private:
    bool broken(qint64 seq, const QString& problem);

    AuditVerification m_result;
    qint64 m_expected = 1;
    QByteArray m_previousHash = zeroHash();
};
