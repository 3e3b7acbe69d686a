// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubjectCsv.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

/// Reads a subjects CSV record by record (RFC 4180, as SubjectCsv::parse), a chunk of the file at a
/// time: however long the file, it holds one chunk and the records not yet taken, so a file of ten
/// million rows is read in the memory of one. UTF-8 is decoded as it comes (a sequence cut by a chunk
/// boundary included; invalid bytes become U+FFFD, as QString::fromUtf8 does), and a leading
/// byte-order mark is dropped.
class SubjectCsvReader final
{
public:
    /// Reads `device` (not owned, open for reading). Without a device, give the text to feed().
    explicit SubjectCsvReader(QIODevice* device = nullptr);

    /// The next record into *out; false at the end of the file or on an error (then error() says it).
    bool next(SubjectCsv::Record* out);
    /// Set for an unterminated quote ("line N: a quoted field is never closed") or a read error.
    QString error() const { return m_error; }
    /// Bytes of the device read so far (for progress).
    qint64 bytesRead() const { return m_bytesRead; }

    /// Parses more text; the records it completes are returned by next(). `last` ends the text.
    void feed(QStringView text, bool last);

private:
    void endRecord();

    QIODevice* m_device;
    QByteArray m_carry; ///< the start of a UTF-8 sequence the last chunk cut
    QList<SubjectCsv::Record> m_ready;
    qsizetype m_taken = 0;
    SubjectCsv::Record m_current;
    QString m_field;
    QString m_error;
    qint64 m_bytesRead = 0;
    int m_line = 1;
    bool m_inQuotes = false;
    bool m_quoteInQuotes = false; ///< a quote ended the last text inside quotes: doubled or closing?
    bool m_fieldStarted = false;
    bool m_started = false; ///< the first character (a byte-order mark?) was seen
    bool m_ended = false;
};
