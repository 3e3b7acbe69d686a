// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectImportSpool.h"

#include <QCoreApplication>
#include <QDir>

bool SubjectImportSpool::open(QString* error)
{
    m_file.setFileTemplate(QDir::temp().filePath(QStringLiteral("identitydesk-subjects-XXXXXX")));
    if (m_file.open()) {
        m_out.setDevice(&m_file);
        m_out.setVersion(QDataStream::Qt_6_0);
        return true;
    }
    if (error)
        *error = QCoreApplication::translate("SubjectImportSpool", "Cannot make a temporary file: %1")
                     .arg(m_file.errorString());
    return false;
}

bool SubjectImportSpool::append(const SubjectImportReport::Row& row)
{
    const Subject& s = row.subject;
    m_out << qint32(row.line) << qint32(row.kind) << s.reference << s.email << s.name << s.phone << s.ids
          << s.attributes;
    ++m_rows;
    return m_out.status() == QDataStream::Ok;
}

bool SubjectImportSpool::finish(QString* error)
{
    if (m_out.status() == QDataStream::Ok && m_file.flush())
        return true;
    if (error)
        *error = QCoreApplication::translate("SubjectImportSpool", "Cannot write a temporary file: %1")
                     .arg(m_file.errorString());
    return false;
}

SubjectImportSpool::Reader::Reader(const SubjectImportSpool& spool)
    : m_file(spool.m_file.fileName())
    , m_left(spool.m_rows)
{
    m_opened = m_left == 0 || m_file.open(QIODevice::ReadOnly);
    m_in.setDevice(&m_file);
    m_in.setVersion(QDataStream::Qt_6_0);
}

bool SubjectImportSpool::Reader::next(SubjectImportReport::Row* out, QString* error)
{
    const auto failed = [error](const QString& why) {
        if (error)
            *error = QCoreApplication::translate("SubjectImportSpool", "Cannot read a temporary file: %1")
                         .arg(why);
        return false;
    };
    if (m_left <= 0)
        return false;
    if (!m_opened)
        return failed(m_file.errorString());
    qint32 line = 0;
    qint32 kind = 0;
    Subject& s = out->subject;
    m_in >> line >> kind >> s.reference >> s.email >> s.name >> s.phone >> s.ids >> s.attributes;
    if (m_in.status() != QDataStream::Ok)
        return failed(QStringLiteral("truncated"));
    out->line = line;
    out->kind = SubjectImportReport::Row::Kind(kind);
    out->problems.clear();
    out->previous = Subject();
    --m_left;
    return true;
}
