// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"
#include "domain/BulkJob.h"

class BulkJobRunner;
class BulkJobService;
class BulkProgressLine;
class Store;
class TerminationSignalWatcher;

/// `jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv`, and the run that
/// follows `approvals approve ID` for a bulk job.
class JobsCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();

    void run(const QStringList& words) override;
    /// approvals approve ID, when ID is a bulk job: approve it, then run it here.
    void approveAndRun(qint64 jobId);
    /// Whether action ID is a bulk job (false when it cannot be read: the caller reports that).
    static bool isBulkJob(CliContext& context, qint64 id);

private:
    BulkJobService* jobs(bool needProfile);
    /// The store with the operator signed in; nullptr once the failure is reported and finished() emitted.
    Store* signedInStore();
    void list();
    /// The job and every one of its rows (its preview or why it is invalid, and its result).
    void show(qint64 jobId);
    /// One line of `jobs list`: id, state, file, initiator, rows, counts.
    static QString summaryLine(const BulkJob& job);
    void runJob(qint64 jobId);
    void cancel(qint64 jobId);
    void exportResults(qint64 jobId, const QString& path);
    void report(qint64 jobId, int fallbackCode, bool ranHere = true);
    /// Ctrl-C: pause the job and wait for the rows in flight; a second one stops at once.
    void interrupt(BulkJobRunner* runner, qint64 jobId);

    BulkJobService* m_jobs = nullptr;
    BulkProgressLine* m_progress = nullptr;
    TerminationSignalWatcher* m_interrupts = nullptr; ///< while a job runs here
    bool m_interrupted = false;
    bool m_reported = false;
};
