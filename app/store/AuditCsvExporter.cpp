// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCsvExporter.h"

#include "CsvCellWriter.h"

#include <QDir>
#include <QIODevice>
#include <QJsonDocument>
#include <QSaveFile>

namespace {
QString json(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray line(const QStringList& cells)
{
    return CsvCellWriter::line(cells);
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}
} // namespace

QStringList AuditCsvExporter::header()
{
    return {QStringLiteral("seq"),       QStringLiteral("time"),
            QStringLiteral("operator"),  QStringLiteral("role"),
            QStringLiteral("event"),     QStringLiteral("action"),
            QStringLiteral("provider"),  QStringLiteral("subject_ids"),
            QStringLiteral("reason"),    QStringLiteral("request_summary"),
            QStringLiteral("before"),    QStringLiteral("after"),
            QStringLiteral("outcome"),   QStringLiteral("action_id"),
            QStringLiteral("prev_hash"), QStringLiteral("hash")};
}

QStringList AuditCsvExporter::cells(const AuditEntry& e)
{
    return {QString::number(e.seq),
            AuditEntry::formatTime(e.time),
            e.operatorName,
            e.role,
            e.event,
            e.action,
            e.provider,
            e.subjectIds.join(QLatin1String("; ")),
            e.reason,
            json(e.requestSummary),
            json(e.before),
            json(e.after),
            e.outcome,
            e.actionId > 0 ? QString::number(e.actionId) : QString(),
            QString::fromLatin1(e.prevHash),
            QString::fromLatin1(e.hash)};
}

QString AuditCsvExporter::quote(const QString& value)
{
    return CsvCellWriter::quote(value);
}

QByteArray AuditCsvExporter::toCsv(const QList<AuditEntry>& entries)
{
    QByteArray csv = line(header());
    for (const AuditEntry& e : entries)
        csv += line(cells(e));
    return csv;
}

bool AuditCsvExporter::write(const QList<AuditEntry>& entries, QIODevice* device, QString* error)
{
    if (!device || !device->isWritable())
        return fail(error, tr("Cannot write the audit export: the output is not open for writing."));
    if (device->write(line(header())) < 0)
        return fail(error, tr("Cannot write the audit export: %1.").arg(device->errorString()));
    for (const AuditEntry& e : entries)
        if (device->write(line(cells(e))) < 0)
            return fail(error, tr("Cannot write the audit export: %1.").arg(device->errorString()));
    return true;
}

bool AuditCsvExporter::writeFile(const QList<AuditEntry>& entries, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, tr("Cannot create %1: %2. Check that the folder exists and is writable.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
    if (!write(entries, &file, error))
        return false;
    if (!file.commit())
        return fail(error, tr("Cannot save %1: %2. Check the disk space and try again.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
    return true;
}
