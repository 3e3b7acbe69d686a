// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectCsvReader.h"

#include <QCoreApplication>
#include <QIODevice>

namespace {
/// Bytes read from the device at a time.
constexpr qint64 kChunkBytes = 1 << 20;
} // namespace

SubjectCsvReader::SubjectCsvReader(QIODevice* device)
    : m_device(device)
{
    m_current.line = 1;
}

void SubjectCsvReader::endRecord()
{
    m_current.fields << m_field;
    const bool blank =
        m_current.fields.size() == 1 && m_current.fields.constFirst().isEmpty() && !m_fieldStarted;
    if (!blank)
        m_ready << std::move(m_current);
    m_current = SubjectCsv::Record();
    m_field.clear();
    m_fieldStarted = false;
}

void SubjectCsvReader::feed(QStringView text, bool last)
{
    qsizetype i = 0;
    if (!m_started && !text.isEmpty()) {
        m_started = true;
        if (text.front() == QChar(0xFEFF))
            i = 1; // a byte-order mark from spreadsheet exports
    }
    for (; i < text.size(); ++i) {
        const QChar c = text[i];
        if (m_quoteInQuotes) {
            m_quoteInQuotes = false;
            if (c == u'"') {
                m_field += u'"';
                continue;
            }
            m_inQuotes = false; // that quote closed the field; c is read outside quotes below
        }
        if (m_inQuotes) {
            if (c == u'"') {
                m_quoteInQuotes = true;
            } else {
                if (c == u'\n')
                    ++m_line;
                m_field += c;
            }
            continue;
        }
        if (c == u'"') {
            m_inQuotes = true;
            m_fieldStarted = true;
        } else if (c == u',') {
            m_current.fields << m_field;
            m_field.clear();
            m_fieldStarted = true;
        } else if (c == u'\r') {
            // CRLF: the LF ends the record.
        } else if (c == u'\n') {
            endRecord();
            ++m_line;
            m_current.line = m_line;
        } else {
            m_field += c;
            m_fieldStarted = true;
        }
    }
    if (!last)
        return;
    m_ended = true;
    if (m_quoteInQuotes) {
        m_quoteInQuotes = false;
        m_inQuotes = false;
    }
    if (m_inQuotes) {
        m_error = QCoreApplication::translate("SubjectCsv", "line %1: a quoted field is never closed")
                      .arg(m_current.line);
        return;
    }
    if (m_fieldStarted || !m_field.isEmpty() || !m_current.fields.isEmpty())
        endRecord();
}

namespace {
/// Where the last whole UTF-8 sequence of `bytes` ends: a sequence cut by the chunk's end is kept
/// for the next chunk (at most three bytes), anything else is decoded now.
qsizetype wholeUtf8(const QByteArray& bytes)
{
    const qsizetype n = bytes.size();
    for (qsizetype back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(bytes.at(n - back));
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for its lead
        const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? n - back : n;
    }
    return n;
}
} // namespace

bool SubjectCsvReader::next(SubjectCsv::Record* out)
{
    while (m_taken >= m_ready.size()) {
        m_ready.clear();
        m_taken = 0;
        if (m_ended || !m_device || !m_error.isEmpty())
            return false;
        QByteArray chunk = m_device->read(kChunkBytes);
        if (chunk.isEmpty() && !m_device->atEnd()) {
            m_error = m_device->errorString();
            return false;
        }
        m_bytesRead += chunk.size();
        const bool last = chunk.isEmpty() || m_device->atEnd();
        chunk.prepend(m_carry);
        const qsizetype whole = last ? chunk.size() : wholeUtf8(chunk);
        m_carry = chunk.mid(whole);
        chunk.truncate(whole);
        feed(QString::fromUtf8(chunk), last);
    }
    *out = std::move(m_ready[m_taken++]);
    return true;
}
