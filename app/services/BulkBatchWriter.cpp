// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkBatchWriter.h"

#include "ActionTicket.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

// The messages keep the translation context of ActionService, where they were written first: a user
// reads them as the pipeline's.

BulkBatchWriter::BulkBatchWriter(Store* store, NotSentEntry notSentEntry, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_notSentEntry(std::move(notSentEntry))
{}

BulkBatchWriter::~BulkBatchWriter()
{
    if (!m_outcomes.isEmpty()) {
        QList<Store::Transition> transitions;
        for (const QueuedOutcome& o : std::as_const(m_outcomes))
            transitions << o.transition;
        writer()->post(
            [transitions](Store* store, const QString&) {
                if (store)
                    store->recordBulkBatch(transitions, {}, nullptr);
            },
            nullptr, nullptr);
    }
    m_writer.reset(); // waits for everything posted
    releaseUnsentRows();
}

void BulkBatchWriter::releaseUnsentRows()
{
    QList<Store::Transition> transitions;
    const QString message = QCoreApplication::translate(
        "ActionService", "Not sent: the console closed before sending it. Resuming the job sends it.");
    for (const std::shared_ptr<BatchInFlight>& batch : std::as_const(m_inFlight)) {
        if (!batch->result)
            continue; // nothing of it was committed: those rows are still pending
        qsizetype next = 0;
        for (const QueuedIntents& q : std::as_const(batch->intents)) {
            for (const Store::RowIntent& row : q.intents) {
                const qint64 id = batch->result->ids.value(next++);
                if (id <= 0)
                    continue;
                ActionRecord record = row.action;
                record.id = id;
                record.state = ActionRecord::State::Failed;
                record.outcomeMessage = message;
                record.updatedAt = QDateTime::currentDateTimeUtc();
                transitions << Store::Transition{id, ActionRecord::State::Sending, record,
                                                 m_notSentEntry(record, message), true};
            }
        }
    }
    m_inFlight.clear();
    QString error;
    if (!transitions.isEmpty() && !m_store->recordBulkBatch(transitions, {}, &error))
        qWarning(
            "%d bulk rows that were not sent stay in Sending (listed as Unresolved at the next start): %s",
            int(transitions.size()), qPrintable(error));
}

StoreWriter* BulkBatchWriter::writer()
{
    if (!m_writer)
        m_writer = std::make_unique<StoreWriter>(m_store->opener());
    return m_writer.get();
}

void BulkBatchWriter::queueOutcome(const QueuedOutcome& outcome)
{
    m_outcomes << outcome;
    schedule();
}

void BulkBatchWriter::queueIntents(const QueuedIntents& intents)
{
    m_intents << intents;
    schedule();
}

void BulkBatchWriter::schedule()
{
    if (m_scheduled || m_closing)
        return;
    m_scheduled = true;
    // Everything that arrives before the next turn of the event loop is written in one transaction.
    QTimer::singleShot(0, this, &BulkBatchWriter::writeBatch);
}

bool BulkBatchWriter::writeJobState(BulkJobRepository* jobs, qint64 jobId, BulkJob::RunState state,
                                    const QString& runner, const AuditEntry& entry, QString* error)
{
    if (entry.event.isEmpty())
        return jobs->setBulkJobRunState(jobId, state, runner, error);
    return jobs->setBulkJobRunStateAudited(jobId, state, runner, entry, nullptr, error);
}

void BulkBatchWriter::saveJobState(qint64 jobId, BulkJob::RunState state, const QString& runner,
                                   const AuditEntry& entry, QObject* context,
                                   std::function<void(bool ok)> done)
{
    auto ok = std::make_shared<bool>(false);
    writer()->post(
        [jobId, state, runner, entry, ok](Store* store, const QString&) {
            if (!store)
                return;
            *ok = writeJobState(store, jobId, state, runner, entry, nullptr);
        },
        context, [ok, done = std::move(done)] { done(*ok); });
}

void BulkBatchWriter::renewClaim(qint64 jobId, const QString& runner)
{
    writer()->post(
        [jobId, runner](Store* store, const QString&) {
            if (store)
                store->renewBulkJobRunner(jobId, runner, nullptr);
        },
        nullptr, nullptr);
}

void BulkBatchWriter::writeBatch()
{
    m_scheduled = false;
    // A runner whose rows just answered starts the next ones now: their intents share this write
    // with those outcomes, one commit per turn instead of two.
    m_closing = true;
    emit batchClosing();
    m_closing = false;
    const QList<QueuedOutcome> outcomes = std::exchange(m_outcomes, {});
    const QList<QueuedIntents> intents = std::exchange(m_intents, {});
    if (outcomes.isEmpty() && intents.isEmpty())
        return;
    QList<Store::Transition> transitions;
    for (const QueuedOutcome& o : outcomes)
        transitions << o.transition;
    QList<Store::RowIntent> rows;
    for (const QueuedIntents& q : intents)
        rows += q.intents;
    auto written = std::make_shared<BatchInFlight>();
    written->intents = intents;
    m_inFlight << written;
    writer()->post(
        [transitions, rows, written](Store* store, const QString& openError) {
            if (!store) {
                written->error = openError;
                return;
            }
            written->result = store->recordBulkBatch(transitions, rows, &written->error);
        },
        this,
        [this, outcomes, written] {
            m_inFlight.removeOne(written);
            const std::optional<Store::BulkBatchResult>& r = written->result;
            outcomesWritten(outcomes, r ? std::optional<QList<bool>>(r->applied) : std::nullopt,
                            written->error);
            qsizetype next = 0;
            for (const QueuedIntents& q : std::as_const(written->intents)) {
                intentsWritten(
                    q, r ? std::optional<QList<qint64>>(r->ids.mid(next, q.intents.size())) : std::nullopt,
                    written->error);
                next += q.intents.size();
            }
        });
}

void BulkBatchWriter::intentsWritten(const QueuedIntents& queued, const std::optional<QList<qint64>>& ids,
                                     const QString& error)
{
    for (qsizetype k = 0; k < queued.intents.size(); ++k) {
        ActionTicket* ticket = queued.tickets.at(k);
        if (!ticket)
            continue;
        if (!ids) {
            ticket->fail(ActionTicket::Failure::StoreFailed,
                         QCoreApplication::translate(
                             "ActionService",
                             "The intent could not be written to the audit log, so nothing was sent: %1")
                             .arg(error));
            continue;
        }
        if (ids->at(k) < 0) {
            // An enforced team store: the row no longer hashes to what was submitted and approved.
            ticket->fail(
                ActionTicket::Failure::NotPermitted,
                QCoreApplication::translate(
                    "ActionService",
                    "Line %1 of bulk job %2 was changed in the store after the job was submitted: the "
                    "team store's server refused it, and it was not sent. The refusal is in the audit "
                    "log; tell the store's administrator.")
                    .arg(queued.intents.at(k).line)
                    .arg(queued.jobId));
            continue;
        }
        if (ids->at(k) == 0) {
            ticket->fail(ActionTicket::Failure::StoreFailed,
                         QCoreApplication::translate(
                             "ActionService",
                             "Line %1 of bulk job %2 is no longer pending (another console has submitted or "
                             "cancelled it): it was not sent again.")
                             .arg(queued.intents.at(k).line)
                             .arg(queued.jobId));
            continue;
        }
        ActionRecord record = queued.intents.at(k).action;
        record.id = ids->at(k);
        emit rowCommitted(ticket, record);
    }
}

void BulkBatchWriter::outcomesWritten(const QList<QueuedOutcome>& batch,
                                      const std::optional<QList<bool>>& applied, const QString& error)
{
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const QueuedOutcome& o = batch.at(i);
        const qint64 id = o.transition.id;
        if (!applied || !applied->at(i)) {
            // The provider answered but the answer could not be recorded: the action stays as it is and
            // is listed as Unresolved at the next start (or was settled by another console).
            const QString why =
                applied ? QCoreApplication::translate(
                              "ActionService",
                              "action #%1 is no longer being sent: another console has handled it")
                              .arg(id)
                        : error;
            if (o.ticket)
                o.ticket->fail(ActionTicket::Failure::StoreFailed,
                               QCoreApplication::translate(
                                   "ActionService", "%1 The outcome could not be written to the audit log "
                                                    "(%2); the action will be listed under Unresolved.")
                                   .arg(o.message, why));
            continue;
        }
        if (o.ticket) {
            o.ticket->setRecord(o.transition.updated);
            o.ticket->finish(o.message);
        }
        emit outcomeRecorded(id);
    }
}
