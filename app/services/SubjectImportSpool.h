// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SubjectImportReport.h"

#include <QDataStream>
#include <QFile>
#include <QTemporaryFile>
#include <memory>

/// The importable rows of a long subjects CSV, kept in a temporary file instead of memory: the dry
/// run (SubjectService::planImport) appends each row that can be imported, the import and the CLI's
/// listing read them back in file order (SubjectImportRows). The file is removed with the spool.
class SubjectImportSpool final
{
public:
    /// Reads a spool's rows from the first, on a file handle of its own (several may read at once).
    class Reader
    {
    public:
        explicit Reader(const SubjectImportSpool& spool);
        /// The next row into *out; false at the end or on a read error (then *error says it).
        bool next(SubjectImportReport::Row* out, QString* error);

    private:
        QFile m_file;
        QDataStream m_in;
        qint64 m_left;
        bool m_opened = false;
    };

    SubjectImportSpool() = default;
    Q_DISABLE_COPY_MOVE(SubjectImportSpool)

    /// False with *error when the temporary file cannot be made.
    bool open(QString* error);
    /// Appends a row (its line, kind and subject; not `previous`, not problems). False on a write error.
    bool append(const SubjectImportReport::Row& row);
    /// Makes what was appended readable; call after the last append(). False with *error on a write error.
    bool finish(QString* error);
    qint64 rowCount() const { return m_rows; }

private:
    QTemporaryFile m_file;
    QDataStream m_out;
    qint64 m_rows = 0;
};
