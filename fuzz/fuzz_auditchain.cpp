// SPDX-License-Identifier: GPL-3.0-or-later
// The audit hash-chain verifier (AuditChainVerifier, used by SqlStore::verifyAudit). The fuzz bytes
// describe a chain of entries and then edits to it (change a field, a hash, a prev_hash, a seq,
// drop or swap entries). An unedited chain must verify; an edited one must name an entry at or
// before the first edit, and never crash.
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
    qint64 firstEdit = -1;
    for (; at + 1 < size && !entries.isEmpty(); at += 2) {
        const int index = data[at + 1] % entries.size();
        AuditEntry& e = entries[index];
        const qint64 seq = e.seq;
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
        if (firstEdit < 0 || seq < firstEdit)
            firstEdit = seq;
    }
    const AuditVerification edited = AuditChainVerifier::verify(entries);
    if (!edited.ok && (edited.firstBrokenSeq < 1 || edited.problem.isEmpty()))
        std::abort();
    if (!edited.ok && firstEdit > 0 && edited.firstBrokenSeq > firstEdit + 1)
        std::abort(); // the break must be found no later than the first edited entry
    return 0;
}
