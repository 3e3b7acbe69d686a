// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkJob.h"
#include "domain/BulkRow.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

class ActionService;
class ActionTicket;
class BulkJobRepository;

/// Runs one approved bulk job in this process: every pending row goes through
/// ActionService::submitJobRows() in batches (the rows that can start together), at most `concurrency` rows
/// in flight per provider, on the Session's own clients (so their rate limits are shared with interactive
/// work). Rows are read from the store in small batches, so memory does not grow with the job. Pause stops
/// starting rows; cancel cancels the rows not yet started and lets the ones in flight finish and be recorded.
class BulkJobRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkJobRunner)

public:
    BulkJobRunner(ActionService* service, qint64 jobId, QObject* parent = nullptr);

    /// Claims the job (state Running, this process as runner) and starts; false with *error.
    bool start(QString* error);
    /// Stops starting rows (audited, with why when given); the rows in flight finish and are recorded.
    void pause(const QString& why = QString());
    void resume();
    void cancel();

    qint64 jobId() const { return m_jobId; }
    BulkJob::RunState state() const { return m_state; }
    const BulkCounts& counts() const { return m_counts; }
    /// Rows sent (or being sent) whose provider has not answered yet: at most the concurrency per provider.
    int inFlight() const { return m_inFlight; }
    /// Rows started whose outcome is not recorded yet.
    int unfinished() const { return m_unfinished; }
    /// Seconds until the remaining rows are done at the current pace; -1 while unknown.
    int etaSeconds() const;
    /// How often the runner renews its claim on the job (BulkJob::kRunnerHeartbeatSeconds); for tests.
    void setHeartbeatInterval(int ms);
    /// Why the job stopped on its own (store or permission failure), empty otherwise.
    QString problem() const { return m_problem; }
    bool isFinished() const
    {
        return m_state == BulkJob::RunState::Finished || m_state == BulkJob::RunState::Cancelled;
    }

signals:
    /// Counts or state changed (coalesced: at most every 100 ms, and at every state change).
    void progress();
    /// Finished or cancelled, with nothing left in flight.
    void finished();

private:
    /// Writes the run state; with an event (paused, resumed), audits it by the signed-in operator in
    /// the same transaction, and only if the job had not ended meanwhile.
    bool storeState(BulkJob::RunState state, const QString& event, const QString& reason, QString* error);
    static QString runnerFor(BulkJob::RunState state);
    /// The audit entry of a state change (no event: none).
    AuditEntry stateEntry(const QString& event, const QString& reason) const;
    void saveStateAgain();
    void pump();
    bool refill();
    void schedulePump();
    void submit(const QList<BulkRow>& rows);
    void watch(ActionTicket* ticket, const QString& provider, int line);
    void freePlace(const QString& provider);
    void settle();
    void setState(BulkJob::RunState state, const QString& event = QString(),
                  const QString& reason = QString());
    void stopWithProblem(const QString& problem);
    void notify(bool now = false);

    ActionService* m_service;
    BulkJobRepository* m_store;
    qint64 m_jobId;
    QString m_fileName;
    int m_concurrency = 8;
    BulkJob::RunState m_state = BulkJob::RunState::WaitingForApproval;
    BulkCounts m_counts;
    QList<BulkRow> m_buffer;
    int m_lastLine = 0;
    bool m_exhausted = false;
    bool m_cancelling = false;
    bool m_pumping = false;
    bool m_pumpScheduled = false;
    int m_inFlight = 0;
    int m_unfinished = 0;
    bool m_refillPending = false; ///< rows answered since the last pump
    QHash<QString, int> m_inFlightByProvider;
    QString m_problem;
    QElapsedTimer m_clock;
    qint64 m_runMs = 0; ///< time spent running (not paused) before m_clock started
    int m_finishedHere = 0;
    bool m_notifyPending = false;
    struct StateChange
    {
        BulkJob::RunState state;
        QString event;
        QString reason;
    };
    /// State changes the store refused, oldest first: saveStateAgain() writes them in this order, so
    /// that a pause that could not be written is still audited before the resume that follows it.
    QList<StateChange> m_unsaved;
    bool m_savingState = false; ///< a saveStateAgain() write is on the store writer's thread
    QTimer m_heartbeat;         ///< renews the claim while the job runs here or is held paused here
};
