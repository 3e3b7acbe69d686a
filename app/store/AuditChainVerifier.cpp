// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditChainVerifier.h"

QByteArray AuditChainVerifier::zeroHash()
{
    return QByteArray(64, '0');
}

bool AuditChainVerifier::broken(qint64 seq, const QString& problem)
{
    m_result.ok = false;
    m_result.firstBrokenSeq = seq;
    m_result.problem = problem;
    return false;
}

bool AuditChainVerifier::add(const AuditEntry& e)
{
    if (!m_result.ok)
        return false;
    if (e.seq != m_expected) {
        if (m_expected == 1)
            return broken(1, tr("entry 1 missing (the log starts at entry %1)").arg(e.seq));
        return broken(m_expected, tr("entry %1 missing (sequence jumps from %2 to %3)")
                                      .arg(m_expected)
                                      .arg(m_expected - 1)
                                      .arg(e.seq));
    }
    if (e.prevHash != m_previousHash) {
        if (e.seq == 1)
            return broken(1, tr("entry 1: its prev_hash is not the start of a chain (64 zeros)"));
        return broken(e.seq,
                      tr("entry %1: its prev_hash does not match the hash of entry %2 (one of them was "
                         "changed or replaced)")
                          .arg(e.seq)
                          .arg(e.seq - 1));
    }
    if (!e.hashMatches())
        return broken(e.seq, tr("entry %1: hash does not match its contents").arg(e.seq));
    m_previousHash = e.hash;
    m_result.headSeq = e.seq;
    m_result.headHash = e.hash;
    ++m_expected;
    ++m_result.entries;
    return true;
}

AuditVerification AuditChainVerifier::verify(const QList<AuditEntry>& entries)
{
    AuditChainVerifier verifier;
    for (const AuditEntry& e : entries)
        if (!verifier.add(e))
            break;
    return verifier.result();
}
