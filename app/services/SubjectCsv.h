// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) and remembers the line each record
/// starts on, so that import errors can name it.
class SubjectCsv final
{
public:
    struct Record
    {
        int line = 0; ///< 1-based
        QStringList fields;
    };

    SubjectCsv() = delete;
    /// Splits `text` into records; blank lines and a leading byte-order mark are skipped. *error is
    /// set for an unterminated quote. SubjectCsvReader reads a file the same way, a chunk at a time.
    static QList<Record> parse(const QString& text, QString* error);
    /// Every column of the subjects CSV (docs/architecture.md section 6), in the order files are
    /// written: subject, email, each provider's columns, name, phone. A file names the columns it has
    /// in its header, in any order; only subject is required.
    static QStringList header();
};
