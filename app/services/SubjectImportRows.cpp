// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectImportRows.h"

SubjectImportRows::SubjectImportRows(const SubjectImportReport& report)
    : m_report(report)
{
    if (report.spool)
        m_spool.emplace(*report.spool);
}

const SubjectImportReport::Row* SubjectImportRows::next()
{
    const QList<SubjectImportReport::Row>& rows = m_report.rows;
    if (!m_spool)
        return m_at < rows.size() ? &rows.at(m_at++) : nullptr;
    // With a spool, the importable rows are read from it; `rows` gives the refused ones.
    while (m_at < rows.size() && !SubjectImportReport::isRefused(rows.at(m_at).kind))
        ++m_at;
    if (!m_haveSpooled && m_error.isEmpty())
        m_haveSpooled = m_spool->next(&m_spooled, &m_error);
    if (!m_error.isEmpty())
        return nullptr;
    if (m_at < rows.size() && (!m_haveSpooled || rows.at(m_at).line < m_spooled.line))
        return &rows.at(m_at++);
    if (!m_haveSpooled)
        return nullptr;
    m_haveSpooled = false;
    return &m_spooled;
}
