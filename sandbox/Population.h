// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PopulationUser.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <vector>

/// The emulated people: N users derived from (N, seed) alone, so every run with the same options
/// sees the same users. Built in milliseconds at N = 1,000,000 (one 16-bit name-pair index a user;
/// everything else is recomputed from a hash of (seed, id) when asked for).
class Population final
{
public:
    static constexpr quint32 kMaxUsers = 1000000;

    struct SearchResult
    {
        quint32 total = 0;        ///< all matches
        std::vector<quint32> ids; ///< the requested slice, ascending
    };

    /// `workflowIds`: the verification templates users are on; the first is the most common.
    Population(quint32 count, quint64 seed, const QStringList& workflowIds);

    quint32 size() const { return m_count; }
    quint64 seed() const { return m_seed; }
    bool contains(quint32 id) const { return id >= 1 && id <= m_count; }
    /// The user with this id (1..size()), with its overlay attributes.
    PopulationUser user(quint32 id) const;

    /// Case-insensitive substring search over first name, last name, "first last", email and
    /// reference id, plus exact id; ids ascending. An empty (or blank) text matches everyone.
    /// The last text's matches are cached, so paging through them is cheap.
    SearchResult search(const QString& text, quint32 offset, quint32 limit);

    QVariant attribute(quint32 id, const QString& key) const;
    void setAttribute(quint32 id, const QString& key, const QVariant& value);

    static QStringList statuses();
    static int firstNameCount();
    static int lastNameCount();

private:
    quint64 userHash(quint32 id) const;
    quint16 namePair(quint64 hash) const;
    const std::vector<quint32>& matches(const QString& query);
    void matchWithDigits(const QString& query);
    std::vector<char> pairMask(const QString& query) const;

    quint32 m_count;
    quint64 m_seed;
    quint64 m_base;
    QStringList m_workflowIds;
    std::vector<quint16> m_pairs; ///< first * lastNameCount() + last, per user (index id - 1)
    QHash<quint32, QVariantHash> m_overlay;
    QString m_cachedQuery;
    std::vector<quint32> m_cachedMatches;
    bool m_hasCache = false;
};
