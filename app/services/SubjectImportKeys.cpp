// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectImportKeys.h"

#include <QHashFunctions>

namespace {
constexpr size_t kSeed1 = 0x9E3779B97F4A7C15ULL;
constexpr size_t kSeed2 = 0xC2B2AE3D27D4EB4FULL;
constexpr qsizetype kFirstCapacity = 64;
} // namespace

void SubjectImportKeys::grow(Shard& shard)
{
    const QList<Slot> old = std::move(shard.table);
    shard.table = QList<Slot>(old.isEmpty() ? kFirstCapacity : old.size() * 2);
    const size_t mask = size_t(shard.table.size()) - 1;
    Slot* table = shard.table.data();
    for (const Slot& s : old) {
        if (s.line == 0)
            continue;
        size_t at = size_t(s.h1) & mask;
        while (table[at].line != 0)
            at = (at + 1) & mask;
        table[at] = s;
    }
}

int SubjectImportKeys::firstLine(QStringView kind, QStringView key, int line)
{
    const quint64 h1 = qHash(key, qHash(kind, kSeed1));
    const auto h2 = quint32(qHash(key, qHash(kind, kSeed2)) >> 7);
    Shard& shard = m_shards[size_t(h1 >> 56)];
    if ((shard.size + 1) * 4 > shard.table.size() * 3)
        grow(shard);
    const size_t mask = size_t(shard.table.size()) - 1;
    Slot* table = shard.table.data();
    for (size_t at = size_t(h1) & mask;; at = (at + 1) & mask) {
        Slot& s = table[at];
        if (s.line == 0) {
            s = Slot{h1, h2, line};
            ++shard.size;
            ++m_size;
            return 0;
        }
        if (s.h1 == h1 && s.h2 == h2)
            return s.line;
    }
}
