// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionAuthorisation.h"
#include "PresenceCheck.h"
#include "domain/ActionOutcome.h"
#include "domain/ActionRecord.h"
#include "domain/Operator.h"
#include "domain/Policy.h"
#include "store/Store.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class ActionExecutor;
class ActionTicket;
class Session;
class HttpReply;
struct HttpResult;
class BulkBatchWriter;

/// The one path for every state-changing provider call (docs/architecture.md section 2):
/// reason → intent in the audit log → approval if the policy says so → send → outcome.
class ActionService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionService)

public:
    /// store is not owned and must outlive the service.
    explicit ActionService(Store* store, QObject* parent = nullptr);
    ~ActionService() override;

    /// Executors are not owned. One per provider.
    void registerExecutor(ActionExecutor* executor);
    ActionExecutor* executor(const QString& provider) const;
    /// Works with this session's connection profile: registers its executors and makes the profile's
    /// fingerprint the current one (setProfile()). The session is not owned.
    void useSession(const Session& session);
    /// The profile this console or CLI is connected to: recorded with every action it requests, and
    /// required of every action it approves, sends or re-checks (ActionAuthorisation::profileRestriction()).
    void setProfile(const std::optional<ProfileFingerprint>& profile) { m_rules.setProfile(profile); }
    const std::optional<ProfileFingerprint>& currentProfile() const { return m_rules.currentProfile(); }

    void setOperator(const Operator& op) { m_rules.setOperator(op); }
    const std::optional<Operator>& currentOperator() const { return m_rules.currentOperator(); }
    Store* store() const { return m_store; }

    /// Who may do what (the signed-in operator, four-eyes, the action's state and profile): asked
    /// before each step here, and by screens and commands to say why something is not allowed.
    const ActionAuthorisation& authorisation() const { return m_rules; }

    /// The earlier action this request repeats: the same person, provider and action (and request id,
    /// for a decision on a user's request), still waiting for approval, approved and not yet sent, in
    /// flight or unresolved. nullopt when there is none, or with *error set when the store cannot be read.
    std::optional<ActionRecord> repeatOf(const ActionRequest& request, QString* error) const;
    /// The user's single actions that a new request could repeat (waiting, approved, in flight or
    /// unresolved), read once: a form that changes its request often asks repeatIn() of them instead
    /// of the store. nullopt with *error when the store cannot be read.
    std::optional<QList<ActionRecord>> openActionsOf(const QString& userId, QString* error) const;
    /// repeatOf() among `open` (from openActionsOf() for the request's user).
    static std::optional<ActionRecord> repeatIn(const QList<ActionRecord>& open,
                                                const ActionRequest& request);
    /// What makes two requests "the same action" (repeatOf(), ActionRequest::afterUnknownKey()): the
    /// same provider, action and user, and the same request id for a decision on a user's request.
    static QString repeatKey(const ActionRequest& request);
    /// The policy in the store; nullopt with *error when it cannot be read.
    std::optional<Policy> policy(QString* error) const;
    /// Whether the policy in the store wants a supervisor's approval; nullopt when it cannot be read.
    std::optional<bool> needsApproval(const ActionRequest& request, QString* error) const;

    /// Runs the pipeline for a new request. A request that repeats an Unresolved one (same provider,
    /// action and user) is marked with ActionRequest::afterUnknownKey(), so its answer can be read
    /// as a repeat (e.g. a provider that answers "user not found" once the first one went through).
    ActionTicket* submit(const ActionRequest& request);
    /// One row of a bulk job: the request (request.jobId set) and its CSV line.
    struct JobRow
    {
        ActionRequest request;
        int line = 0;
    };
    /// Submits rows of one approved bulk job: the job's approval stands for each row's. Same pipeline as
    /// submit() (checks, intent written before the send, outcome after), but the intents of all the
    /// rows are written in one transaction before any of them is sent, and the outcomes of rows that
    /// answer in the same turn of the event loop are written together: one durable write per batch
    /// instead of two per row (with bulkBatchClosing(), the outcomes of rows and the intents of the rows
    /// that replace them share one). Those writes run in BulkBatchWriter's thread, and a row is sent only
    /// after its intent is committed. A row that is no longer pending is not sent. Never waits for approval.
    /// One ticket per row, in order; they finish later, from the event loop.
    QList<ActionTicket*> submitJobRows(const QList<JobRow>& rows);
    /// submitJobRows() for one row.
    ActionTicket* submitJobRow(const ActionRequest& request, int line);
    /// Renews this console's claim on a bulk job it runs or holds paused (BulkJob::kRunnerLeaseSeconds),
    /// on the bulk writer's thread: consoles on other machines see that it is still alive.
    void renewBulkJobClaim(qint64 jobId);
    /// Writes a bulk job's run state (with `entry`, when its event is set) on the bulk writer's thread, for
    /// a state change the store refused when it was made; `done(ok)` then runs here, unless `context`
    /// is gone.
    void saveBulkJobState(qint64 jobId, BulkJob::RunState state, const QString& runner,
                          const AuditEntry& entry, QObject* context, std::function<void(bool ok)> done);
    /// A supervisor other than the initiator approves: the action is sent (exactly once). For a bulk
    /// job (provider "bulk") nothing is sent here: the job becomes Approved and jobApproved() is emitted.
    ActionTicket* approve(qint64 actionId, const QString& reason = QString());
    /// Cancels, audited ("expired"), every request that has waited for approval longer than the
    /// policy's approvals.expiry_hours (a bulk job's rows with it); returns how many, or -1 when the
    /// store could not be read (*error). The Approvals list, `approvals list` and approve() call it.
    int expireWaiting(QString* error);
    /// A supervisor other than the initiator rejects, with a reason. Nothing is sent; a bulk job's rows
    /// are cancelled.
    bool reject(qint64 actionId, const QString& reason, QString* error);
    /// The requester (or a supervisor) withdraws an action waiting for approval, with a reason: it is
    /// Cancelled, audited as "withdrawn", and never sent.
    bool withdraw(qint64 actionId, const QString& reason, QString* error);
    /// A person settles an Unresolved action after checking the provider.
    bool resolve(qint64 actionId, bool succeeded, const QString& reason, QString* error);
    /// Reads an Unresolved action's state back from the provider. When the user is in the wanted
    /// state, the action is resolved as succeeded, audited under the signed-in operator; otherwise it
    /// stays Unresolved and the ticket's outcome says what was found (Rejected: not applied;
    /// NotSent: the provider could not be asked).
    ActionTicket* recheck(qint64 actionId);
    /// The operator stopped the console (Ctrl-C, SIGTERM, a closed terminal) while `ticket`'s request
    /// was on its way: the request is cancelled and its outcome recorded like any other answer, audited —
    /// Unresolved when it may have reached the provider, Failed as not sent when it provably did not
    /// (still waiting for a rate limit or a retry). `why` ("SIGINT") goes into the audit entry. The
    /// ticket finishes as usual; false (nothing done) when it is not being sent (finished, waiting for
    /// approval, or already answered).
    bool interruptSending(ActionTicket* ticket, const QString& why);
    /// interruptSending() for every request of this service still on its way: a console that signs
    /// out or switches profile records each as Unresolved (or Failed, when provably not sent) at once,
    /// instead of leaving it Sending until a restart. Returns how many were interrupted.
    int interruptAll(const QString& why);
    /// At start: actions left in Sending by a process that is gone become Unresolved.
    /// Returns how many were moved, or -1 with *error.
    int recoverInterrupted(QString* error);
    /// When a bulk job is taken over from a console that stopped (its lease ran out, or its process is
    /// gone): the job's rows that `sender` had in flight become Unresolved now. Returns how many were
    /// moved, or -1 with *error.
    int recoverJobRowsOf(qint64 jobId, const QString& sender, QString* error);

    /// This process, as stored beside what it sends or runs (SenderToken::current()).
    static QString senderToken();

signals:
    /// Any action changed state (for views to refresh).
    void actionChanged(qint64 actionId);
    /// A bulk job was approved in this console: whoever runs jobs here starts it.
    void jobApproved(qint64 jobId);
    /// The bulk rows' outcomes and intents queued in this turn of the event loop are about to be
    /// written together: rows submitted from a slot connected to it join that write.
    void bulkBatchClosing();

public:
    /// The stored action, or nothing with *error set (the store's, or "There is no action #N.").
    std::optional<ActionRecord> storedAction(qint64 actionId, QString* error) const;
    /// Asks the signed-in operator's password again (a destructive action's step-up) on a connection
    /// of its own; nothing when this service has no store.
    std::optional<PresenceCheck> presenceCheck() const;

private:
    void cancelRowsOfRejectedJob(qint64 jobId, const QString& reason);
    /// Ends an action waiting for approval (rejected, withdrawn) without sending it, audited as
    /// `event` with the reason; a bulk job's rows with it.
    bool closeWaiting(const ActionRecord& found, ActionRecord::State state, const QString& event,
                      const QString& reason, QString* error);
    /// The stored action, or nothing with the ticket failed (Invalid: no such action; StoreFailed).
    std::optional<ActionRecord> actionFor(ActionTicket* ticket, qint64 actionId) const;
    /// Resolves an Unresolved action, audited; the record as stored, or nothing with *error.
    std::optional<ActionRecord> settle(const ActionRecord& found, bool succeeded, const QString& reason,
                                       const QJsonObject& after, QString* error);
    /// Marks a request that repeats an Unresolved one (see submit()); false with *error if the store fails.
    bool markRepeatOfUnknown(ActionRecord& record, QString* error) const;
    void send(ActionTicket* ticket, ActionRecord record, ActionExecutor* executor);
    /// What an answer means for a ticket the operator interrupted (interruptSending()): `answer` unless
    /// the request was cancelled, then not sent or unknown, said in those words.
    static ActionOutcome interruptedOutcome(const ActionTicket& ticket, const ActionOutcome& answer,
                                            const HttpResult& result, const QString& action);
    /// Moves the actions in Sending for which `gone` says so to Unresolved, each with an "interrupted"
    /// entry; how many, or -1 with *error.
    int markInterrupted(const std::function<bool(const ActionRecord&)>& gone, QString* error);

    QList<QPointer<ActionTicket>> m_inFlight; ///< tickets whose request is on its way (send())
    Store* m_store;
    QHash<QString, ActionExecutor*> m_executors;
    ActionAuthorisation m_rules;
    /// The bulk rows' writes (submitJobRows()), batched, on a connection and thread of their own.
    std::unique_ptr<BulkBatchWriter> m_bulk;
};
