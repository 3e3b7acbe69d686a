// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringView>

/// The references and provider ids a subjects CSV has given so far, and the line each was first
/// given on: what tells a row that repeats an earlier one (SubjectService::planImport) without
/// holding the file's text. Each key is kept as a 96-bit fingerprint (two independent seeded hashes)
/// and its line, 16 bytes in an open-addressing table, so ten million keys take about 250 MB and a
/// million 25 MB; two different keys are taken for one with a probability below 10^-14 at ten
/// million keys.
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
    void grow();

    QList<Slot> m_slots;
    qsizetype m_size = 0;
};
