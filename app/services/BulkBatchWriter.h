// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/AuditEntry.h"
#include "domain/BulkJob.h"
#include "store/Store.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class ActionTicket;
class StoreWriter;

/// The durable writes of bulk rows (ActionService::submitJobRows(), docs/architecture.md section 2):
/// the outcomes and intents queued in one turn of the event loop are written together, in one
/// transaction, through a connection of their own on a thread of their own (StoreWriter), so that
/// their commits never stall the caller's event loop. A row is handed back for sending
/// (rowCommitted()) only once its intent is committed; a row whose intent or outcome could not be
/// written has its ticket failed here, with the reason.
class BulkBatchWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkBatchWriter)

public:
    /// The outcome of a row that answered, with the ticket it finishes once written.
    struct QueuedOutcome
    {
        QPointer<ActionTicket> ticket;
        Store::Transition transition;
        QString message;
    };
    /// The intents of rows of one job, with their tickets (intents[k] belongs to tickets[k]).
    struct QueuedIntents
    {
        qint64 jobId = 0;
        QList<Store::RowIntent> intents;
        QList<QPointer<ActionTicket>> tickets;
    };
    /// The audit entry for a row that was committed but never sent (the console closed first).
    using NotSentEntry = std::function<AuditEntry(const ActionRecord& row, const QString& message)>;

    /// store is not owned and must outlive the writer.
    BulkBatchWriter(Store* store, NotSentEntry notSentEntry, QObject* parent = nullptr);
    /// Outcomes still queued are written (their tickets are going away), behind whatever the writer
    /// thread still has, and waited for. Intents not handed to the thread yet are dropped (those
    /// rows stay Pending); rows whose intents it commits now were never sent and are made Pending again.
    ~BulkBatchWriter() override;

    void queueOutcome(const QueuedOutcome& outcome);
    void queueIntents(const QueuedIntents& intents);

    /// Renews `runner`'s claim on a bulk job (BulkJob::kRunnerLeaseSeconds), on the writer's thread.
    void renewClaim(qint64 jobId, const QString& runner);
    /// Writes a bulk job's run state (with `entry`, when its event is set) on the writer's thread;
    /// `done(ok)` then runs here, unless `context` is gone.
    void saveJobState(qint64 jobId, BulkJob::RunState state, const QString& runner, const AuditEntry& entry,
                      QObject* context, std::function<void(bool ok)> done);
    /// Writes a bulk job's run state in `store` now: audited with `entry` when its event is set.
    static bool writeJobState(BulkJobRepository* jobs, qint64 jobId, BulkJob::RunState state,
                              const QString& runner, const AuditEntry& entry, QString* error);

signals:
    /// The queued outcomes and intents are about to be written together: rows queued from a slot
    /// connected to it join that write.
    void batchClosing();
    /// The row's intent is committed (record.id set): it may be sent now.
    void rowCommitted(ActionTicket* ticket, const ActionRecord& record);
    /// A row's outcome is committed (its ticket, if still there, has finished).
    void outcomeRecorded(qint64 actionId);

private:
    void schedule();
    void writeBatch();
    void outcomesWritten(const QList<QueuedOutcome>& batch, const std::optional<QList<bool>>& applied,
                         const QString& error);
    void intentsWritten(const QueuedIntents& queued, const std::optional<QList<qint64>>& ids,
                        const QString& error);
    StoreWriter* writer();
    void releaseUnsentRows();

    /// A writeBatch() write whose result has not come back to this thread yet.
    struct BatchInFlight
    {
        QList<QueuedIntents> intents;
        std::optional<Store::BulkBatchResult> result; ///< set on the writer's thread
        QString error;
    };

    Store* m_store;
    NotSentEntry m_notSentEntry;
    QList<QueuedOutcome> m_outcomes;
    QList<QueuedIntents> m_intents;
    bool m_scheduled = false;
    bool m_closing = false; ///< inside writeBatch()'s batchClosing()
    std::unique_ptr<StoreWriter> m_writer;
    QList<std::shared_ptr<BatchInFlight>> m_inFlight;
};
