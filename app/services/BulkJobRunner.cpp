// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJobRunner.h"

#include "ActionService.h"
#include "ActionTicket.h"
#include "BulkBatchWriter.h"
#include "store/Store.h"

#include <QTimer>

namespace {
/// Rows read from the store at a time: small and constant, whatever the size of the job.
constexpr int kBatch = 256;
} // namespace

BulkJobRunner::BulkJobRunner(ActionService* service, qint64 jobId, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_store(service->store()) // the runner reads and writes only bulk jobs
    , m_jobId(jobId)
{
    // The places of rows that answered in this turn are refilled now, so that the new rows' intents
    // are written together with those rows' outcomes.
    connect(service, &ActionService::bulkBatchClosing, this, [this] {
        if (m_refillPending)
            pump();
    });
    m_heartbeat.setInterval(BulkJob::kRunnerHeartbeatSeconds * 1000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        m_service->renewBulkJobClaim(m_jobId);
        saveStateAgain();
    });
}

void BulkJobRunner::setHeartbeatInterval(int ms)
{
    m_heartbeat.setInterval(ms);
}

bool BulkJobRunner::start(QString* error)
{
    const std::optional<BulkJob> job = m_store->bulkJob(m_jobId, error);
    if (!job)
        return false;
    if (job->approvalState != ActionRecord::State::Approved) {
        *error =
            tr("Bulk job #%1 is not approved (it is %2): a supervisor other than %3 must approve it first.")
                .arg(m_jobId)
                .arg(ActionRecord::stateName(job->approvalState), job->initiator);
        return false;
    }
    if (job->runState == BulkJob::RunState::Finished || job->runState == BulkJob::RunState::Cancelled) {
        *error = tr("Bulk job #%1 is %2: there is nothing left to run.")
                     .arg(m_jobId)
                     .arg(BulkJob::runStateName(job->runState));
        return false;
    }
    m_concurrency = qMax(1, job->concurrency);
    m_counts = job->counts;
    m_fileName = job->fileName;
    // A job that ran before (paused, or stopped with its console) is resumed here: who did it is audited.
    const bool resumed =
        job->runState == BulkJob::RunState::Running || job->runState == BulkJob::RunState::Paused;
    // Claimed only if nobody else claimed it since it was read: two consoles starting the job at the same
    // moment would otherwise both run it, and the loser's later pause would overwrite the winner.
    const AuditEntry entry = resumed ? stateEntry(QStringLiteral("resumed"), QString()) : AuditEntry();
    bool claimed = false;
    if (!m_store->claimBulkJob(m_jobId, job->runState, job->runner, ActionService::senderToken(), entry,
                               &claimed, error))
        return false;
    if (!claimed) {
        *error = tr("Bulk job #%1 was started by another console at the same moment; it runs there. Look at "
                    "it again in a moment.")
                     .arg(m_jobId);
        return false;
    }
    // Taken over from a console that stopped (BulkJobService::run() lets no live one's job be taken):
    // the rows it had in flight are Unresolved from now on, not when that console's actions are next
    // found abandoned. Should that fail, they are found then.
    if (resumed && !job->runner.isEmpty() && job->runner != ActionService::senderToken()) {
        QString why;
        if (m_service->recoverJobRowsOf(m_jobId, job->runner, &why) > 0) {
            if (const std::optional<BulkJob> again = m_store->bulkJob(m_jobId, &why))
                m_counts = again->counts;
        }
    }
    m_state = BulkJob::RunState::Running;
    m_clock.start();
    m_heartbeat.start();
    notify(true);
    QTimer::singleShot(0, this, &BulkJobRunner::pump);
    return true;
}

void BulkJobRunner::pause(const QString& why)
{
    if (m_state != BulkJob::RunState::Running)
        return;
    m_runMs += m_clock.elapsed();
    m_clock.invalidate();
    setState(BulkJob::RunState::Paused, QStringLiteral("paused"), why);
}

QString BulkJobRunner::runnerFor(BulkJob::RunState state)
{
    const bool done = state == BulkJob::RunState::Finished || state == BulkJob::RunState::Cancelled;
    return done ? QString() : ActionService::senderToken();
}

AuditEntry BulkJobRunner::stateEntry(const QString& event, const QString& reason) const
{
    const std::optional<Operator>& op = m_service->currentOperator();
    if (event.isEmpty() || !op)
        return AuditEntry();
    AuditEntry entry = BulkJob::auditEntry(m_jobId, m_fileName, *op, event);
    entry.reason = reason;
    return entry;
}

bool BulkJobRunner::storeState(BulkJob::RunState state, const QString& event, const QString& reason,
                               QString* error)
{
    return BulkBatchWriter::writeJobState(m_store, m_jobId, state, runnerFor(state),
                                          stateEntry(event, reason), error);
}

void BulkJobRunner::saveStateAgain()
{
    // Written from the store's writer thread, one at a time and oldest first: a store that stays
    // locked never holds up the event loop. Until they are written, the store says the job runs here
    // (the claim is renewed meanwhile).
    if (m_unsaved.isEmpty() || m_savingState)
        return;
    m_savingState = true;
    const StateChange change = m_unsaved.constFirst();
    m_service->saveBulkJobState(m_jobId, change.state, runnerFor(change.state),
                                stateEntry(change.event, change.reason), this, [this](bool ok) {
                                    m_savingState = false;
                                    if (!ok)
                                        return; // the next heartbeat tries again
                                    m_unsaved.removeFirst();
                                    if (!m_unsaved.isEmpty())
                                        saveStateAgain();
                                    else if (isFinished())
                                        m_heartbeat.stop();
                                });
}

void BulkJobRunner::resume()
{
    if (m_state != BulkJob::RunState::Paused)
        return;
    m_problem.clear();
    // Read the pending rows afresh: a row handed back after a failure is pending again.
    m_buffer.clear();
    m_lastLine = 0;
    m_exhausted = false;
    m_clock.start();
    setState(BulkJob::RunState::Running, QStringLiteral("resumed"));
    pump();
}

void BulkJobRunner::cancel()
{
    if (isFinished() || m_cancelling)
        return;
    m_cancelling = true;
    QString error;
    const Operator op = m_service->currentOperator().value_or(Operator{});
    const std::optional<int> cancelled = m_store->cancelPendingBulkRows(
        m_jobId, BulkJob::auditEntry(m_jobId, m_fileName, op, QStringLiteral("rows-cancelled")), &error);
    if (!cancelled) {
        m_cancelling = false;
        m_problem = error;
        notify(true);
        return;
    }
    m_buffer.clear();
    m_exhausted = true;
    m_counts.cancelled += m_counts.pending;
    m_counts.pending = 0;
    settle();
}

int BulkJobRunner::etaSeconds() const
{
    const qint64 ms = m_runMs + (m_clock.isValid() ? m_clock.elapsed() : 0);
    if (m_finishedHere < 5 || ms <= 0)
        return -1;
    const double perRow = double(ms) / m_finishedHere;
    return int(perRow * m_counts.remaining() / 1000.0 + 0.5);
}

void BulkJobRunner::setState(BulkJob::RunState state, const QString& event, const QString& reason)
{
    m_state = state;
    QString error;
    if (!m_unsaved.isEmpty()) {
        // Behind a change the store has not taken yet: written after it, in order.
        m_unsaved.append({state, event, reason});
        saveStateAgain();
    } else if (storeState(state, event, reason, &error)) {
        if (isFinished())
            m_heartbeat.stop();
    } else {
        // Tried again with each heartbeat until the store takes it.
        m_unsaved.append({state, event, reason});
        if (m_problem.isEmpty())
            m_problem = error;
    }
    notify(true);
}

void BulkJobRunner::stopWithProblem(const QString& problem)
{
    m_problem = problem;
    if (m_state == BulkJob::RunState::Running)
        pause(problem);
    notify(true);
}

bool BulkJobRunner::refill()
{
    if (m_exhausted || m_buffer.size() >= kBatch / 2)
        return true;
    QString error;
    const std::optional<QList<BulkRow>> rows =
        m_store->bulkJobRows(m_jobId, m_lastLine, kBatch, true, &error);
    if (!rows) {
        stopWithProblem(error);
        return false;
    }
    if (rows->size() < kBatch)
        m_exhausted = true;
    if (!rows->isEmpty())
        m_lastLine = rows->constLast().line;
    m_buffer += *rows;
    return true;
}

void BulkJobRunner::pump()
{
    m_pumpScheduled = false;
    m_refillPending = false;
    if (m_pumping)
        return;
    m_pumping = true;
    while (m_state == BulkJob::RunState::Running && !m_cancelling) {
        if (!refill())
            break;
        // Every row that may start now goes in one batch: their intents are written together.
        QList<BulkRow> batch;
        QHash<QString, int> starting;
        for (qsizetype i = 0; i < m_buffer.size();) {
            const QString provider = m_buffer.at(i).request.provider;
            if (m_inFlightByProvider.value(provider) + starting.value(provider) >= m_concurrency) {
                ++i;
                continue;
            }
            ++starting[provider];
            batch << m_buffer.takeAt(i);
        }
        if (batch.isEmpty())
            break;
        submit(batch);
    }
    m_pumping = false;
    settle();
}

void BulkJobRunner::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    // After the rows that finish in this turn of the event loop have all been counted, so that their
    // places are refilled by one batch.
    QTimer::singleShot(0, this, &BulkJobRunner::pump);
}

void BulkJobRunner::submit(const QList<BulkRow>& rows)
{
    QList<ActionService::JobRow> jobRows;
    for (const BulkRow& row : rows) {
        ++m_inFlight;
        ++m_unfinished;
        ++m_inFlightByProvider[row.request.provider];
        --m_counts.pending;
        ++m_counts.sending;
        jobRows << ActionService::JobRow{row.request, row.line};
    }
    const QList<ActionTicket*> tickets = m_service->submitJobRows(jobRows);
    for (qsizetype i = 0; i < tickets.size(); ++i)
        watch(tickets.at(i), rows.at(i).request.provider, rows.at(i).line);
}

void BulkJobRunner::watch(ActionTicket* ticket, const QString& provider, int line)
{
    // A row's place is free once the provider has answered; it is counted once its outcome is recorded.
    auto placeFreed = std::make_shared<bool>(false);
    connect(ticket, &ActionTicket::answered, this, [this, provider, placeFreed] {
        *placeFreed = true;
        freePlace(provider);
        m_refillPending = true; // refilled when this turn's batch closes (its outcome is queued for it)
    });
    connect(ticket, &ActionTicket::finished, this, [this, ticket, provider, line, placeFreed] {
        --m_counts.sending;
        const ActionRecord& record = ticket->record();
        if (record.id <= 0) {
            // Stopped before its intent was written: nothing was sent and the row is still pending,
            // unless another console cancelled or took it.
            const std::optional<BulkJob> job = m_store->bulkJob(m_jobId, nullptr);
            if (job && job->runState == BulkJob::RunState::Cancelled) {
                ++m_counts.cancelled;
                m_cancelling = true;
                m_buffer.clear();
                m_exhausted = true;
            } else {
                ++m_counts.pending;
                stopWithProblem(ticket->message());
            }
        } else {
            switch (record.state) {
            case ActionRecord::State::Succeeded:
                ++m_counts.succeeded;
                break;
            case ActionRecord::State::AlreadyInState:
                ++m_counts.alreadyInState;
                break;
            case ActionRecord::State::Failed:
                if (ticket->hasOutcome() && ticket->outcome().kind == ActionOutcome::Kind::NotSent) {
                    // Not processed (the provider kept asking to wait, or could not be reached): the
                    // row is pending again, and the rows after it would meet the same.
                    ++m_counts.pending;
                    stopWithProblem(tr("%1 Nothing was processed for line %2; it waits with the other "
                                       "pending rows. Resume the job once the provider can be reached "
                                       "again.")
                                        .arg(ticket->message())
                                        .arg(line));
                } else {
                    ++m_counts.rejected;
                }
                break;
            default:
                // Unresolved, or the outcome could not be recorded (Sending): unknown either way.
                ++m_counts.unknown;
                break;
            }
            ++m_finishedHere;
            if (ticket->failure() == ActionTicket::Failure::StoreFailed) {
                // The provider answered but its answer is not in the store: the job must not finish as
                // if all were well, and more rows must not go while the store refuses writes.
                stopWithProblem(ticket->message());
            }
        }
        if (!*placeFreed)
            freePlace(provider);
        --m_unfinished;
        notify();
        schedulePump();
    });
}

void BulkJobRunner::freePlace(const QString& provider)
{
    --m_inFlight;
    --m_inFlightByProvider[provider];
}

void BulkJobRunner::settle()
{
    if (m_unfinished > 0 || isFinished())
        return;
    if (m_cancelling) {
        setState(BulkJob::RunState::Cancelled);
        emit finished();
        return;
    }
    if (m_state == BulkJob::RunState::Running && m_exhausted && m_buffer.isEmpty()) {
        setState(BulkJob::RunState::Finished);
        emit finished();
        return;
    }
    notify(true);
}

void BulkJobRunner::notify(bool now)
{
    if (now) {
        emit progress();
        return;
    }
    if (m_notifyPending)
        return;
    m_notifyPending = true;
    QTimer::singleShot(100, this, [this] {
        m_notifyPending = false;
        emit progress();
    });
}
