// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

/// Spreadsheet-safe CSV (docs/architecture.md section 2), shared by every export: RFC 4180 (CRLF line ends,
/// every cell quoted, quotes doubled), UTF-8. A cell starting with = + - @ (or their full-width forms), tab,
/// CR or LF, after any leading spaces, gets a leading ' so that no spreadsheet runs it as a formula.
namespace CsvCellWriter {
/// One cell, neutralised and quoted.
QString quote(const QString& value);
/// One line of quoted cells with its CRLF, as UTF-8.
QByteArray line(const QStringList& cells);
} // namespace CsvCellWriter
