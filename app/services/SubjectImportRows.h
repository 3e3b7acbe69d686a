// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubjectImportSpool.h"
#include "domain/SubjectImportReport.h"

#include <optional>

/// Every row of a SubjectImportReport in file order, one at a time: its rows in memory, merged with
/// the importable rows of its spool for a long file. What the import writes and the CLI lists.
class SubjectImportRows final
{
public:
    /// `report` must outlive this.
    explicit SubjectImportRows(const SubjectImportReport& report);
    /// The next row (valid until the next call); nullptr at the end or on an error (see error()).
    const SubjectImportReport::Row* next();
    QString error() const { return m_error; }

private:
    const SubjectImportReport& m_report;
    std::optional<SubjectImportSpool::Reader> m_spool;
    qsizetype m_at = 0; ///< next of m_report.rows
    SubjectImportReport::Row m_spooled;
    bool m_haveSpooled = false;
    QString m_error;
};
