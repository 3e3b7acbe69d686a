// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkJob.h"
#include "domain/BulkRow.h"

#include <QJsonObject>
#include <QList>

class CliContext;

/// How the CLI shows bulk jobs and dry runs, and the exit code of a job that ran.
namespace BulkJobPrinter {
QJsonObject toJson(const BulkJob& job);
QJsonObject rowToJson(const BulkRow& row);
/// One line: "done 10, already in state 2, rejected 0, unknown 0, remaining 88".
QString countsText(const BulkCounts& counts);
/// 0 when every valid row is done or already in state, 6 if any outcome is unknown, 3 if any was
/// rejected by the provider.
int exitCodeFor(const BulkCounts& counts);
/// The dry-run preview: valid rows (what goes to whom) and invalid rows (why), by line number.
void printPreview(CliContext& context, const QList<BulkRow>& rows);
} // namespace BulkJobPrinter
