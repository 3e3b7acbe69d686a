// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvCellWriter.h"

namespace CsvCellWriter {
QString quote(const QString& value)
{
    QString cell = value;
    if (!cell.isEmpty()) {
        const QChar first = cell.at(0);
        if (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-') ||
            first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r') ||
            first == QLatin1Char('\n'))
            cell.prepend(QLatin1Char('\''));
    }
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
