// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringView>
#include <array>

/// The references and provider ids a subjects CSV has given so far, and the line each was first
/// given on: what tells a row that repeats an earlier one (SubjectService::planImport) without
/// holding the file's text. Each key is kept as a 96-bit fingerprint (two independent seeded hashes)
/// and its line, 16 bytes in open-addressing tables at most 3/4 full (about 20-32 bytes a key); two
/// different keys are taken for one with a probability below 10^-14 at ten million keys.
class SubjectImportKeys final
{
public:
    /// The line `key` of `kind` (e.g. "subject", a provider key) was first given on; 0 when it is new,
    /// and then it is recorded as given on `line` (> 0).
    int firstLine(QStringView kind, QStringView key, int line);
    qsizetype size() const { return m_size; }

private:
    struct Slot
    {
        quint64 h1 = 0;
        quint32 h2 = 0;
        qint32 line = 0; ///< 0: empty
    };
    /// The keys are spread over kShards tables by their fingerprint's top byte, each grown on its own:
    /// growing copies one small table, so the memory held never doubles at once.
    static constexpr int kShards = 256;
    struct Shard
    {
        QList<Slot> table;
        qsizetype size = 0;
    };
    static void grow(Shard& shard);

    std::array<Shard, kShards> m_shards;
    qsizetype m_size = 0;
};
