// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

class BulkJobService;
class BulkProgressLine;

/// `jobs list | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv`, and the run that follows
/// `approvals approve ID` for a bulk job.
class JobsCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;

    void run(const QStringList& words) override;
    /// approvals approve ID, when ID is a bulk job: approve it, then run it here.
    void approveAndRun(qint64 jobId);
    /// Whether action ID is a bulk job (false when it cannot be read: the caller reports that).
    static bool isBulkJob(CliContext& context, qint64 id);

private:
    BulkJobService* jobs(bool needProfile);
    void list();
    void runJob(qint64 jobId);
    void cancel(qint64 jobId);
    void exportResults(qint64 jobId, const QString& path);
    void report(qint64 jobId, int fallbackCode);

    BulkJobService* m_jobs = nullptr;
    BulkProgressLine* m_progress = nullptr;
};
