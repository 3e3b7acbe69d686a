// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJobPrinter.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/PrintableText.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("BulkJobPrinter", text);
}
} // namespace

namespace BulkJobPrinter {
QJsonObject toJson(const BulkJob& j)
{
    return QJsonObject{{QStringLiteral("id"), double(j.id)},
                       {QStringLiteral("file"), j.fileName},
                       {QStringLiteral("state"), BulkJob::runStateName(j.runState)},
                       {QStringLiteral("approval"), ActionRecord::stateName(j.approvalState)},
                       {QStringLiteral("initiator"), j.initiator},
                       {QStringLiteral("approved_by"), j.approvedBy},
                       {QStringLiteral("reason"), j.reason},
                       {QStringLiteral("concurrency"), j.concurrency},
                       {QStringLiteral("created_at"), j.createdAt.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("counts"), j.counts.toJson()}};
}

QJsonObject rowToJson(const BulkRow& r)
{
    QJsonObject o{{QStringLiteral("line"), r.line},
                  {QStringLiteral("provider"), r.request.provider},
                  {QStringLiteral("action"), r.request.action},
                  {QStringLiteral("user_id"), r.request.userId},
                  {QStringLiteral("params"), r.paramsText},
                  {QStringLiteral("valid"), r.isValid()}};
    if (r.isValid())
        o.insert(QStringLiteral("preview"), r.preview);
    else
        o.insert(QStringLiteral("problem"), r.problem);
    return o;
}

QString countsText(const BulkCounts& c)
{
    QString text = tr("done %1, already in state %2, rejected %3, unknown %4, remaining %5")
                       .arg(c.succeeded)
                       .arg(c.alreadyInState)
                       .arg(c.rejected)
                       .arg(c.unknown)
                       .arg(c.remaining());
    if (c.cancelled > 0)
        text += tr(", cancelled %1 (never sent)").arg(c.cancelled);
    return text;
}

int exitCodeFor(const BulkCounts& c)
{
    if (c.unknown > 0)
        return ExitCode::Unknown;
    if (c.rejected > 0)
        return ExitCode::Rejected;
    return ExitCode::Done;
}

void printPreview(CliContext& context, const QList<BulkRow>& rows)
{
    QTextStream& out = context.out();
    for (const BulkRow& r : rows) {
        if (r.isValid())
            out << QCoreApplication::translate("BulkJobPrinter", "line %1: %2")
                       .arg(r.line)
                       .arg(PrintableText::escaped(r.preview))
                << '\n';
        else
            out << QCoreApplication::translate("BulkJobPrinter", "line %1: INVALID: %2")
                       .arg(r.line)
                       .arg(PrintableText::escaped(r.problem))
                << '\n';
    }
}
} // namespace BulkJobPrinter
