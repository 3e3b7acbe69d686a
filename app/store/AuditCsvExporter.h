// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

/// Writes audit entries as CSV for spreadsheets (docs/architecture.md section 2): RFC 4180 (CRLF line ends,
/// every cell quoted, quotes doubled), UTF-8, one header row, every column of the entry. A cell starting with
/// = + - @, tab, CR or LF gets a leading ' so that no spreadsheet runs it as a formula.
class AuditCsvExporter final
{
    Q_DECLARE_TR_FUNCTIONS(AuditCsvExporter)

public:
    AuditCsvExporter() = delete;

    static QStringList header();
    /// The cells of one entry, in header() order, not yet quoted.
    static QStringList cells(const AuditEntry& entry);
    /// One cell, neutralised and quoted.
    static QString quote(const QString& value);
    static QByteArray toCsv(const QList<AuditEntry>& entries);
    static bool write(const QList<AuditEntry>& entries, QIODevice* device, QString* error);
    /// Replaces `path` atomically: a failed export never leaves half a file.
    static bool writeFile(const QList<AuditEntry>& entries, const QString& path, QString* error);
};
