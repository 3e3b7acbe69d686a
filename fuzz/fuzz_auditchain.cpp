// SPDX-License-Identifier: GPL-3.0-or-later
// The audit hash-chain verifier (AuditChainVerifier, used by SqlStore::verifyAudit). The fuzz bytes
// describe a chain of entries and then edits to it (change a field, a hash, a prev_hash, a seq,
// drop or swap entries). An unedited chain (or one cut short at the end) must verify; an edited
// one must name exactly the first entry that differs from the chain as written.
#include "store/AuditChainVerifier.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const int count = 1 + data[0] % 12;
    QList<AuditEntry> entries;
    QByteArray previous = AuditChainVerifier::zeroHash();
    size_t at = 2;
    for (int i = 0; i < count; ++i) {
        AuditEntry e;
        e.seq = i + 1;
        e.time = QDateTime::fromMSecsSinceEpoch(1700000000000LL + i * 1000, Qt::UTC);
        const size_t length = at < size ? data[at] % 16 : 0;
        const QByteArray text = QByteArray(reinterpret_cast<const char*>(data) + qMin(at, size),
                                           static_cast<qsizetype>(qMin(length, size - qMin(at, size))));
        at += length + 1;
        e.operatorName = QString::fromUtf8(text);
        e.reason = QString::fromUtf8(text.toHex());
        e.event = QStringLiteral("intent");
        e.subjectIds = {QString::number(i)};
        e.prevHash = previous;
        e.hash = e.computeHash();
        previous = e.hash;
        entries << e;
    }
    const AuditVerification clean = AuditChainVerifier::verify(entries);
    if (!clean.ok || clean.entries != count)
        std::abort();

    // Edits: each remaining pair of bytes is (what, where).
    const QList<AuditEntry> original = entries;
    for (; at + 1 < size && !entries.isEmpty(); at += 2) {
        const int index = data[at + 1] % entries.size();
        AuditEntry& e = entries[index];
        switch (data[at] % 6) {
        case 0:
            e.reason += QLatin1Char('x');
            break;
        case 1:
            e.hash[data[at] % e.hash.size()] = e.hash.at(data[at] % e.hash.size()) == 'a' ? 'b' : 'a';
            break;
        case 2:
            e.prevHash = QByteArray(64, 'f');
            break;
        case 3:
            e.seq += 1 + data[at + 1];
            break;
        case 4:
            entries.removeAt(index);
            break;
        case 5:
            if (index + 1 < entries.size())
                entries.swapItemsAt(index, index + 1);
            break;
        }
    }
    // The first position where the edited list differs from the chain that was written.
    qsizetype firstDiff = -1;
    for (qsizetype i = 0; i < qMin(entries.size(), original.size()) && firstDiff < 0; ++i) {
        const AuditEntry& a = entries.at(i);
        const AuditEntry& b = original.at(i);
        if (a.seq != b.seq || a.hash != b.hash || a.prevHash != b.prevHash ||
            a.canonicalJson() != b.canonicalJson())
            firstDiff = i;
    }
    const AuditVerification edited = AuditChainVerifier::verify(entries);
    if (firstDiff < 0) {
        // Unchanged, or only entries cut off the end (a shorter chain is still a chain).
        if (!edited.ok || edited.entries != entries.size())
            std::abort();
        return 0;
    }
    // Changed: the verifier must name exactly the first changed entry, with a reason.
    if (edited.ok || edited.firstBrokenSeq != firstDiff + 1 || edited.problem.isEmpty())
        std::abort();
    return 0;
}
