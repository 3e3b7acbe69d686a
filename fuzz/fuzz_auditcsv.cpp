// SPDX-License-Identifier: GPL-3.0-or-later
// The audit CSV export (docs/architecture.md section 2): an entry made of fuzz bytes is exported and read
// back with an RFC 4180 reader. Every cell must be quoted, come back unchanged (or with the one leading
// apostrophe that neutralises = + - @ tab CR LF), and no cell may start with a formula character.
#include "store/AuditCsvExporter.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <cstdint>
#include <cstdlib>

namespace {
/// Strict RFC 4180 reader for quoted cells only; aborts on anything else.
QList<QStringList> readCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != QLatin1Char('"'))
            std::abort(); // an unquoted cell
        ++i;
        QString cell;
        for (;;) {
            if (i >= text.size())
                std::abort(); // unterminated quote
            if (text.at(i) == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    cell += QLatin1Char('"');
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            cell += text.at(i++);
        }
        row << cell;
        if (text.mid(i, 2) == QLatin1String("\r\n")) {
            rows << row;
            row.clear();
            i += 2;
        } else if (i < text.size() && text.at(i) == QLatin1Char(',')) {
            ++i;
        } else {
            std::abort(); // garbage after a closing quote
        }
    }
    if (!row.isEmpty())
        std::abort(); // last line without CRLF
    return rows;
}

bool dangerous(const QString& cell)
{
    // What a spreadsheet runs: a formula start after any leading spaces, full-width forms included.
    const QString rest = QString(cell).remove(QRegularExpression(QStringLiteral("^ +")));
    if (rest.isEmpty())
        return false;
    const QChar c = rest.at(0);
    return QStringLiteral("=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20").contains(c);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> parts =
        QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)).split('\x1f');
    const auto part = [&parts](int i) {
        return i < parts.size() ? QString::fromUtf8(parts.at(i)) : QString();
    };
    AuditEntry e;
    e.seq = parts.size();
    e.time = QDateTime::fromMSecsSinceEpoch(qint64(size) * 1000003, Qt::UTC);
    e.operatorName = part(0);
    e.role = part(1);
    e.event = part(2);
    e.action = part(3);
    e.provider = part(4);
    e.subjectIds = part(5).split(QLatin1Char(','));
    e.reason = part(6);
    e.requestSummary = QJsonDocument::fromJson(parts.value(7)).object();
    e.outcome = part(8);
    e.actionId = parts.value(9).size();
    e.prevHash = parts.value(10);
    e.hash = e.computeHash();

    const QByteArray csv = AuditCsvExporter::toCsv({e});
    const QList<QStringList> rows = readCsv(QString::fromUtf8(csv));
    if (rows.size() != 2 || rows.at(0) != AuditCsvExporter::header())
        std::abort();
    const QStringList expected = AuditCsvExporter::cells(e);
    const QStringList got = rows.at(1);
    if (got.size() != expected.size())
        std::abort();
    for (qsizetype i = 0; i < got.size(); ++i) {
        const QString& want = expected.at(i);
        if (dangerous(got.at(i)))
            std::abort(); // a spreadsheet would run it
        if (got.at(i) != (dangerous(want) ? QLatin1Char('\'') + want : want))
            std::abort();
    }
    return 0;
}
