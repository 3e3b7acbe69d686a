// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "domain/SubjectImportReport.h"
#include "store/Store.h"

#include <QObject>
#include <atomic>
#include <memory>

class StoreWriter;

/// A subjects CSV import that never runs on the calling thread: the dry run (SubjectService::planImport)
/// and the write (applyImport) run on a StoreWriter's thread, with a connection of its own to the same
/// store, and report their progress as signals (a few a second, however many rows). cancel() stops
/// either: a cancelled dry run leaves no report, a cancelled write rolls its one transaction back, so
/// the index is exactly as it was. Destroying the job cancels what runs and waits for the rollback.
class SubjectImportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubjectImportJob)

public:
    enum class Phase
    {
        Idle,     ///< nothing runs (before plan(), after planned() or applied())
        Checking, ///< the dry run reads the file and the index
        Writing   ///< the import's transaction is open
    };

    /// `opener` opens the job's own connection (Store::opener() of the console's store); `op` imports.
    SubjectImportJob(Store::Opener opener, Operator op, QObject* parent = nullptr);
    ~SubjectImportJob() override;

    /// Starts the dry run of the file; planned() follows (report() then holds it). False when busy.
    bool plan(const QString& filePath);
    /// Starts writing report() with `reason`; applied() follows. False when busy or nothing was planned.
    bool apply(const QString& reason);
    /// Asks the running work to stop at its next row; planned() / applied() still follow, saying so.
    void cancel();

    Phase phase() const { return m_phase; }
    bool isBusy() const { return m_phase != Phase::Idle; }
    /// True from cancel() until the work has stopped.
    bool isCancelling() const { return isBusy() && m_cancel && m_cancel->load(); }
    /// The last dry run's report (empty before the first planned()).
    const SubjectImportReport& report() const { return m_report; }

signals:
    /// `done` of `total` rows checked (Checking) or subjects written (Writing).
    void progress(qint64 done, qint64 total);
    void planned();
    /// ok: every new and changed subject was written. Otherwise `error` says why (a cancel included)
    /// and nothing was written.
    void applied(bool ok, const QString& error);

private:
    /// The worker's progress callback: records the numbers, posts progress() at most every 50 ms and
    /// returns false once cancel() was called.
    std::function<bool(qint64, qint64)> progressReporter();

    Operator m_operator;
    std::unique_ptr<StoreWriter> m_writer;
    Phase m_phase = Phase::Idle;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    SubjectImportReport m_report;
};
