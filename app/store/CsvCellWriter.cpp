// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvCellWriter.h"

namespace CsvCellWriter {
namespace {
/// Whether a spreadsheet would read a cell starting with c as a formula: = + - @ and their
/// full-width forms (＝ ＋ － ＠, which some spreadsheets fold to ASCII), tab, CR and LF.
bool startsFormula(QChar c)
{
    switch (c.unicode()) {
    case u'=':
    case u'+':
    case u'-':
    case u'@':
    case u'\t':
    case u'\r':
    case u'\n':
    case 0xFF1D: // ＝
    case 0xFF0B: // ＋
    case 0xFF0D: // －
    case 0xFF20: // ＠
        return true;
    default:
        return false;
    }
}
} // namespace

QString quote(const QString& value)
{
    QString cell = value;
    // Spreadsheets skip leading spaces before a formula (" =1+1" still computes): look past them.
    qsizetype first = 0;
    while (first < cell.size() && cell.at(first) == QLatin1Char(' '))
        ++first;
    if (first < cell.size() && startsFormula(cell.at(first)))
        cell.prepend(QLatin1Char('\''));
    cell.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

QByteArray line(const QStringList& cells)
{
    QStringList quoted;
    quoted.reserve(cells.size());
    for (const QString& cell : cells)
        quoted << quote(cell);
    return (quoted.join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
}
} // namespace CsvCellWriter
