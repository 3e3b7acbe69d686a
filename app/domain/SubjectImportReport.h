// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Subject.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <array>
#include <memory>

class SubjectImportSpool;

/// What importing a subjects CSV (docs/architecture.md section 6) would do, row by row. Built by
/// SubjectService::planImport(); nothing is written until SubjectService::applyImport().
struct SubjectImportReport
{
    struct Row
    {
        enum class Kind
        {
            New,         ///< a subject reference the index does not know yet
            Changed,     ///< a known subject whose e-mail, job or provider ids change
            Unchanged,   ///< a known subject the row repeats exactly
            Conflicting, ///< a provider id already belongs to another subject (a bad row)
            Bad          ///< malformed: wrong column count, empty subject, bad id or e-mail, duplicate
        };
        int line = 0; ///< 1-based line of the file where the row starts
        Kind kind = Kind::New;
        Subject subject;      ///< the subject as it will be after the import
        Subject previous;     ///< Changed / Unchanged: as it is now
        QStringList problems; ///< Conflicting / Bad: one sentence each, naming the column
    };

    /// Rows a report holds in memory besides its bad and conflicting ones (the console lists these).
    static constexpr int kListedRows = 1000;

    QString fileName;
    /// Every row of a file of at most kListedRows rows. Of a longer file: its first kListedRows rows and
    /// every bad or conflicting row, in file order; the rows that can be imported are in `spool`.
    /// SubjectImportRows reads every row of either, in file order.
    QList<Row> rows;
    QString fileProblem; ///< the file as a whole is unusable (unreadable, wrong header); then rows are empty
    /// Rows of each kind (indexed by Row::Kind), all of them, whether in `rows` or in `spool`.
    std::array<int, 5> counts{};
    /// The references of the first new or changed rows (at most 100), for the import's audit entry.
    QStringList changedReferences;
    /// The importable rows of a file longer than kListedRows (a temporary file), else null.
    std::shared_ptr<SubjectImportSpool> spool;

    int count(Row::Kind kind) const { return counts.at(size_t(kind)); }
    /// True when the file can be imported: no file problem and no conflicting or bad row.
    bool isImportable() const
    {
        return fileProblem.isEmpty() && count(Row::Kind::Conflicting) == 0 && count(Row::Kind::Bad) == 0;
    }
    static bool isRefused(Row::Kind kind) { return kind == Row::Kind::Bad || kind == Row::Kind::Conflicting; }
    static QString kindName(Row::Kind kind)
    {
        switch (kind) {
        case Row::Kind::New:
            return QStringLiteral("new");
        case Row::Kind::Changed:
            return QStringLiteral("changed");
        case Row::Kind::Unchanged:
            return QStringLiteral("unchanged");
        case Row::Kind::Conflicting:
            return QStringLiteral("conflicting");
        case Row::Kind::Bad:
            return QStringLiteral("bad");
        }
        return QString();
    }
};
