// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionService.h"

#include "GovernanceService.h"

#include "ActionExecutor.h"
#include "ActionTicket.h"
#include "BulkBatchWriter.h"
#include "SenderToken.h"
#include "Session.h"
#include "domain/BulkJob.h"
#include "domain/Policy.h"
#include "domain/PrintableText.h"
#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QSet>

namespace {
/// A Sending action from another machine is only presumed interrupted after this long.
constexpr qint64 kForeignSenderGraceSeconds = 15 * 60;

AuditEntry entryFor(const ActionRecord& record, const Operator& op, const QString& event,
                    const QString& reason)
{
    AuditEntry e;
    e.operatorName = op.name;
    e.role = Roles::toString(op.role);
    e.event = event;
    // A row of a bulk job is logged under its own action key, with the job id beside it.
    e.action = record.actionKey();
    e.provider = record.request.provider;
    e.subjectIds = QStringList{record.request.userId};
    e.reason = reason;
    e.actionId = record.id;
    if (!record.request.jobId.isEmpty()) // interrupted, approved, resolved… entries of a job's row
        e.requestSummary.insert(QStringLiteral("bulk_job"), record.request.jobId.toDouble());
    return e;
}

} // namespace

QString ActionService::repeatKey(const ActionRequest& r)
{
    return r.provider + QLatin1Char('\n') + r.action + QLatin1Char('\n') + r.userId + QLatin1Char('\n') +
           r.params.value(QStringLiteral("request")).toVariant().toString();
}

ActionService::ActionService(Store* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_rules([this](const QString& provider) { return executor(provider); })
    , m_bulk(
          std::make_unique<BulkBatchWriter>(store, [this](const ActionRecord& row, const QString& message) {
              AuditEntry entry = entryFor(row, m_rules.currentOperator().value_or(Operator{}),
                                          QStringLiteral("outcome"), QString());
              entry.outcome = ActionOutcome::kindName(ActionOutcome::Kind::NotSent);
              entry.requestSummary.insert(QStringLiteral("message"), message);
              return entry;
          }))
{
    connect(m_bulk.get(), &BulkBatchWriter::batchClosing, this, &ActionService::bulkBatchClosing);
    connect(m_bulk.get(), &BulkBatchWriter::outcomeRecorded, this, &ActionService::actionChanged);
    connect(m_bulk.get(), &BulkBatchWriter::rowCommitted, this,
            [this](ActionTicket* ticket, const ActionRecord& record) {
                ticket->setRecord(record);
                emit actionChanged(record.id);
                send(ticket, record, executor(record.request.provider));
            });
}

ActionService::~ActionService()
{
    // Before the rules go: rows it releases are audited under the signed-in operator.
    m_bulk.reset();
}

QString ActionService::senderToken()
{
    return SenderToken::current();
}

void ActionService::registerExecutor(ActionExecutor* executor)
{
    m_executors.insert(executor->provider(), executor);
}

ActionExecutor* ActionService::executor(const QString& provider) const
{
    return m_executors.value(provider);
}

void ActionService::useSession(const Session& session)
{
    for (ActionExecutor* ex : session.executors())
        registerExecutor(ex);
    setProfile(ProfileFingerprint::of(session.profile()));
}

std::optional<QList<ActionRecord>> ActionService::openActionsOf(const QString& userId, QString* error) const
{
    QList<ActionRecord> open;
    for (const ActionRecord::State state :
         {ActionRecord::State::PendingApproval, ActionRecord::State::Approved, ActionRecord::State::Sending,
          ActionRecord::State::Unresolved}) {
        const std::optional<QList<ActionRecord>> found =
            m_store->actionsInStateOf(state, {userId.trimmed()}, error);
        if (!found)
            return std::nullopt;
        for (const ActionRecord& earlier : *found)
            if (earlier.request.jobId.isEmpty())
                open << earlier;
    }
    return open;
}

std::optional<ActionRecord> ActionService::repeatIn(const QList<ActionRecord>& open,
                                                    const ActionRequest& request)
{
    ActionRequest wanted = request;
    wanted.userId = request.userId.trimmed();
    const QString key = repeatKey(wanted);
    for (const ActionRecord& earlier : open)
        if (earlier.request.jobId.isEmpty() && repeatKey(earlier.request) == key)
            return earlier;
    return std::nullopt;
}

std::optional<ActionRecord> ActionService::repeatOf(const ActionRequest& request, QString* error) const
{
    const std::optional<QList<ActionRecord>> open = openActionsOf(request.userId, error);
    return open ? repeatIn(*open, request) : std::nullopt;
}

std::optional<Policy> ActionService::policy(QString* error) const
{
    return m_store->policy(error);
}

std::optional<bool> ActionService::needsApproval(const ActionRequest& request, QString* error) const
{
    const std::optional<Policy> policy = m_store->policy(error);
    if (!policy)
        return std::nullopt;
    return policy->requiresApproval(request);
}

ActionTicket* ActionService::submit(const ActionRequest& request)
{
    auto* ticket = new ActionTicket(this);
    const QString restriction = m_rules.requestRestriction(request);
    if (!restriction.isEmpty()) {
        ticket->fail(ActionTicket::Failure::NotPermitted, restriction);
        return ticket;
    }
    if (const QString problem = ActionAuthorisation::reasonProblem(request.reason); !problem.isEmpty()) {
        ticket->fail(ActionTicket::Failure::Invalid, problem);
        return ticket;
    }
    ActionExecutor* ex = executor(request.provider);
    const QString invalid = ex->validate(request);
    if (!invalid.isEmpty()) {
        ticket->fail(ActionTicket::Failure::Invalid, invalid);
        return ticket;
    }
    QString error;
    const std::optional<bool> approval = needsApproval(request, &error);
    if (!approval) {
        ticket->fail(ActionTicket::Failure::StoreFailed,
                     tr("The policy could not be read from the store, so nothing was sent: %1").arg(error));
        return ticket;
    }

    ActionRecord record;
    record.request = request;
    record.request.reason = request.reason.trimmed();
    // Sent, logged and matched against earlier actions as the user's id, without stray spaces.
    record.request.userId = request.userId.trimmed();
    // A repeat of an action whose outcome is still unknown is marked, so the executor can read the
    // answer in that light (a provider may refuse a repeat of something it did the first time).
    if (!markRepeatOfUnknown(record, &error)) {
        ticket->fail(ActionTicket::Failure::StoreFailed,
                     tr("The unresolved actions could not be read from the store, so nothing was sent: %1")
                         .arg(error));
        return ticket;
    }
    record.initiator = m_rules.currentOperator()->name;
    record.initiatorRole = m_rules.currentOperator()->role;
    // Bound to the profile it is requested on: approved, sent and re-checked only from that one.
    record.request.profile = m_rules.currentProfile();
    record.requiresApproval = *approval;
    record.state = *approval ? ActionRecord::State::PendingApproval : ActionRecord::State::Sending;
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
    if (!*approval)
        record.sender = senderToken();

    AuditEntry intent =
        entryFor(record, *m_rules.currentOperator(), QStringLiteral("intent"), record.request.reason);
    intent.requestSummary = ex->preview(record.request);
    if (record.request.profile)
        intent.requestSummary.insert(QStringLiteral("profile"), record.request.profile->toJson());
    intent.after = ex->intendedState(record.request);
    intent.outcome = ActionRecord::stateName(record.state);
    const std::optional<qint64> id = m_store->createAction(record, intent, &error);
    if (!id) {
        ticket->fail(
            ActionTicket::Failure::StoreFailed,
            tr("The intent could not be written to the audit log, so nothing was sent: %1").arg(error));
        return ticket;
    }
    record.id = *id;
    ticket->setRecord(record);
    emit actionChanged(record.id);
    if (*approval) {
        // The provider module's words, as the dialog, Approvals and Unresolved say them.
        const ProviderModule* module = ProviderRegistry::instance().find(request.provider);
        ticket->finish(tr("%1 — waiting for a supervisor's approval (action #%2).")
                           .arg(module ? module->describeAction(request, QString()) : ex->describe(request))
                           .arg(record.id));
        return ticket;
    }
    send(ticket, record, ex);
    return ticket;
}

bool ActionService::markRepeatOfUnknown(ActionRecord& record, QString* error) const
{
    const ActionRequest& request = record.request;
    if (request.params.contains(ActionRequest::afterUnknownKey()))
        return true;
    const std::optional<QList<ActionRecord>> unresolved =
        m_store->actionsInStateOf(ActionRecord::State::Unresolved, {request.userId}, error);
    if (!unresolved)
        return false;
    for (const ActionRecord& earlier : *unresolved) {
        if (repeatKey(earlier.request) == repeatKey(request)) {
            record.request.params.insert(ActionRequest::afterUnknownKey(), true);
            break;
        }
    }
    return true;
}

ActionTicket* ActionService::submitJobRow(const ActionRequest& request, int line)
{
    return submitJobRows({JobRow{request, line}}).constFirst();
}

QList<ActionTicket*> ActionService::submitJobRows(const QList<JobRow>& rows)
{
    QList<ActionTicket*> tickets;
    for (qsizetype i = 0; i < rows.size(); ++i)
        tickets << new ActionTicket(this);
    if (rows.isEmpty())
        return tickets;
    const auto failAll = [&tickets](ActionTicket::Failure failure, const QString& message) {
        for (ActionTicket* t : std::as_const(tickets))
            t->fail(failure, message);
        return tickets;
    };
    QString error;
    const QString jobKey = rows.constFirst().request.jobId;
    const qint64 jobId = jobKey.toLongLong();
    const std::optional<ActionRecord> job = jobId > 0 ? m_store->action(jobId, &error) : std::nullopt;
    if (!job || job->request.provider != BulkJob::provider())
        return failAll(ActionTicket::Failure::Invalid,
                       error.isEmpty() ? tr("'%1' is not a bulk job.").arg(jobKey) : error);
    if (job->state != ActionRecord::State::Approved)
        return failAll(ActionTicket::Failure::NotPermitted,
                       tr("Bulk job #%1 is not approved (it is %2), so its rows cannot be sent.")
                           .arg(jobId)
                           .arg(ActionRecord::stateName(job->state)));
    // The rows carry their job's profile (its submitter's): sent only from a console on that one.
    if (const QString why = m_rules.profileRestriction(*job); !why.isEmpty())
        return failAll(ActionTicket::Failure::NotPermitted, why);
    // Read once for the whole batch: which of these repeat an action whose outcome is unknown (only
    // these users' unresolved actions: a store with a long history holds many others).
    QStringList users;
    for (const JobRow& row : rows)
        users << row.request.userId;
    const std::optional<QList<ActionRecord>> unresolved =
        m_store->actionsInStateOf(ActionRecord::State::Unresolved, users, &error);
    if (!unresolved)
        return failAll(ActionTicket::Failure::StoreFailed,
                       tr("The unresolved actions could not be read from the store, so nothing was sent: %1")
                           .arg(error));
    QSet<QString> unknown;
    for (const ActionRecord& earlier : *unresolved)
        unknown.insert(repeatKey(earlier.request));

    QList<Store::RowIntent> intents;
    QList<qsizetype> ticketOf; // intents[k] belongs to tickets[ticketOf[k]]
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ActionRequest& request = rows.at(i).request;
        ActionTicket* ticket = tickets.at(i);
        if (request.jobId != jobKey) {
            ticket->fail(ActionTicket::Failure::Invalid, tr("'%1' is not a bulk job.").arg(request.jobId));
            continue;
        }
        const QString restriction = m_rules.requestRestriction(request);
        if (!restriction.isEmpty()) {
            ticket->fail(ActionTicket::Failure::NotPermitted, restriction);
            continue;
        }
        if (const QString problem = ActionAuthorisation::reasonProblem(request.reason); !problem.isEmpty()) {
            ticket->fail(ActionTicket::Failure::Invalid, problem);
            continue;
        }
        ActionExecutor* ex = executor(request.provider);
        const QString invalid = ex->validate(request);
        if (!invalid.isEmpty()) {
            ticket->fail(ActionTicket::Failure::Invalid, invalid);
            continue;
        }
        ActionRecord record;
        record.request = request;
        record.request.reason = request.reason.trimmed();
        record.request.userId = request.userId.trimmed();
        if (unknown.contains(repeatKey(record.request)))
            record.request.params.insert(ActionRequest::afterUnknownKey(), true);
        // The job's initiator asked for it and the job's approver approved it: the row carries both.
        record.initiator = job->initiator;
        record.initiatorRole = job->initiatorRole;
        record.request.profile = job->request.profile;
        record.requiresApproval = true;
        record.decidedBy = job->decidedBy;
        record.decisionReason = tr("approved with bulk job #%1").arg(jobId);
        record.state = ActionRecord::State::Sending;
        record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
        record.sender = senderToken();

        AuditEntry intent =
            entryFor(record, *m_rules.currentOperator(), QStringLiteral("intent"), record.request.reason);
        intent.requestSummary = ex->preview(record.request);
        intent.requestSummary.insert(QStringLiteral("bulk_job"), double(jobId));
        intent.requestSummary.insert(QStringLiteral("bulk_line"), rows.at(i).line);
        intent.requestSummary.insert(QStringLiteral("approved_by"), job->decidedBy);
        if (record.request.profile)
            intent.requestSummary.insert(QStringLiteral("profile"), record.request.profile->toJson());
        intent.after = ex->intendedState(record.request);
        intent.outcome = ActionRecord::stateName(record.state);
        intents << Store::RowIntent{record, intent, rows.at(i).line};
        ticketOf << i;
    }
    if (intents.isEmpty())
        return tickets;
    // Written with the next batch, on the writer's thread; the rows are sent once it is committed.
    BulkBatchWriter::QueuedIntents queued;
    queued.jobId = jobId;
    queued.intents = intents;
    for (const qsizetype i : std::as_const(ticketOf))
        queued.tickets << tickets.at(i);
    m_bulk->queueIntents(queued);
    return tickets;
}

int ActionService::expireWaiting(QString* error)
{
    const std::optional<Policy> policy = m_store->policy(error);
    if (!policy)
        return -1;
    const std::optional<QList<ActionRecord>> waiting =
        m_store->actionsInState(ActionRecord::State::PendingApproval, error);
    if (!waiting)
        return -1;
    const int hours = policy->setting(Policy::approvalExpiryHours());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime cutoff = now.addSecs(-3600LL * hours);
    Operator console;
    console.name = QStringLiteral("console");
    console.role = Role::Auditor; // no rights of its own: it only applies the policy's time limit
    const Operator& who = m_rules.currentOperator() ? *m_rules.currentOperator() : console;
    int expired = 0;
    for (const ActionRecord& a : *waiting) {
        if (!a.createdAt.isValid() || a.createdAt > cutoff)
            continue;
        ActionRecord record = a;
        record.state = ActionRecord::State::Cancelled;
        record.decisionReason =
            tr("Waited more than %n hour(s) for approval: expired under the policy.", nullptr, hours);
        record.updatedAt = now;
        AuditEntry entry = entryFor(record, who, QStringLiteral("expired"), record.decisionReason);
        entry.outcome = ActionRecord::stateName(record.state);
        QString ignored; // decided meanwhile by another console: not an error
        if (!m_store->transitionAction(a.id, ActionRecord::State::PendingApproval, record, entry, &ignored))
            continue;
        ++expired;
        if (record.request.provider == BulkJob::provider())
            cancelRowsOfRejectedJob(a.id, record.decisionReason);
        emit actionChanged(a.id);
    }
    return expired;
}

ActionTicket* ActionService::approve(qint64 actionId, const QString& reason)
{
    auto* ticket = new ActionTicket(this);
    QString error;
    // A request past the policy's time limit is never approved: it expires first.
    if (expireWaiting(&error) < 0) {
        ticket->fail(
            ActionTicket::Failure::StoreFailed,
            tr("The approvals could not be read from the store, so nothing was sent: %1").arg(error));
        return ticket;
    }
    const std::optional<ActionRecord> found = actionFor(ticket, actionId);
    if (!found)
        return ticket;
    QString restriction = m_rules.decisionRestriction(*found);
    if (restriction.isEmpty())
        restriction = m_rules.profileRestriction(*found); // nothing written, nothing sent
    if (!restriction.isEmpty()) {
        ticket->setRecord(*found);
        ticket->fail(ActionTicket::Failure::NotPermitted, restriction);
        return ticket;
    }
    if (GovernanceChange::isGovernance(found->request)) {
        // A change of the rules: nothing is sent anywhere; it takes effect with this approval.
        const GovernanceService governance(m_store);
        const std::optional<ActionRecord> applied =
            governance.approve(*m_rules.currentOperator(), *found, reason, &error);
        ticket->setRecord(applied.value_or(*found));
        if (!applied) {
            ticket->fail(ActionTicket::Failure::NotPermitted,
                         tr("Action #%1 was not approved: %2").arg(actionId).arg(error));
            return ticket;
        }
        emit actionChanged(actionId);
        ticket->finish(tr("%1: approved, in effect now (action #%2).")
                           .arg(GovernanceChange::describeRequest(found->request))
                           .arg(actionId));
        return ticket;
    }
    if (found->request.provider == BulkJob::provider()) {
        // A bulk job: the approval is recorded here; its rows go through submitJobRow() one by one.
        ActionRecord record = *found;
        record.state = ActionRecord::State::Approved;
        record.decidedBy = m_rules.currentOperator()->name;
        record.decisionReason = reason.trimmed();
        record.updatedAt = QDateTime::currentDateTimeUtc();
        AuditEntry entry =
            entryFor(record, *m_rules.currentOperator(), QStringLiteral("approved"), record.decisionReason);
        entry.requestSummary = record.request.params;
        entry.outcome = ActionRecord::stateName(record.state);
        if (!m_store->transitionAction(actionId, ActionRecord::State::PendingApproval, record, entry,
                                       &error)) {
            ticket->fail(ActionTicket::Failure::StoreFailed,
                         tr("The approval could not be recorded, so nothing was sent: %1").arg(error));
            return ticket;
        }
        ticket->setRecord(record);
        emit actionChanged(actionId);
        emit jobApproved(actionId);
        ticket->finish(tr("Bulk job #%1 approved: its rows are being sent.").arg(actionId));
        return ticket;
    }
    ActionExecutor* ex = executor(found->request.provider);
    if (!ex) {
        ticket->fail(
            ActionTicket::Failure::NotPermitted,
            tr("This console's connection profile has no '%1' section, so it cannot send action #%2.")
                .arg(found->request.provider)
                .arg(actionId));
        return ticket;
    }
    ActionRecord record = *found;
    // The store may have changed while the action waited: does it now repeat one whose outcome is unknown?
    if (!markRepeatOfUnknown(record, &error)) {
        ticket->fail(ActionTicket::Failure::StoreFailed,
                     tr("The unresolved actions could not be read from the store, so nothing was sent: %1")
                         .arg(error));
        return ticket;
    }
    record.state = ActionRecord::State::Sending;
    record.decidedBy = m_rules.currentOperator()->name;
    record.decisionReason = reason.trimmed();
    record.sender = senderToken();
    record.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry entry =
        entryFor(record, *m_rules.currentOperator(), QStringLiteral("approved"), record.decisionReason);
    entry.requestSummary = ex->preview(record.request);
    entry.outcome = ActionRecord::stateName(record.state);
    if (!m_store->transitionAction(actionId, ActionRecord::State::PendingApproval, record, entry, &error)) {
        ticket->fail(ActionTicket::Failure::StoreFailed,
                     tr("The approval could not be recorded, so nothing was sent: %1").arg(error));
        return ticket;
    }
    ticket->setRecord(record);
    emit actionChanged(actionId);
    send(ticket, record, ex);
    return ticket;
}

bool ActionService::reject(qint64 actionId, const QString& reason, QString* error)
{
    if (reason.trimmed().isEmpty()) {
        *error = tr("A rejection needs a reason.");
        return false;
    }
    if (const QString problem = ActionAuthorisation::textProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    const std::optional<ActionRecord> found = storedAction(actionId, error);
    if (!found)
        return false;
    const QString restriction = m_rules.decisionRestriction(*found);
    if (!restriction.isEmpty()) {
        *error = restriction;
        return false;
    }
    return closeWaiting(*found, ActionRecord::State::Rejected, QStringLiteral("rejected"), reason, error);
}

bool ActionService::withdraw(qint64 actionId, const QString& reason, QString* error)
{
    if (const QString problem = ActionAuthorisation::reasonProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    if (const QString problem = ActionAuthorisation::textProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    const std::optional<ActionRecord> found = storedAction(actionId, error);
    if (!found)
        return false;
    if (const QString restriction = m_rules.withdrawRestriction(*found); !restriction.isEmpty()) {
        *error = restriction;
        return false;
    }
    return closeWaiting(*found, ActionRecord::State::Cancelled, QStringLiteral("withdrawn"), reason, error);
}

std::optional<ActionRecord> ActionService::storedAction(qint64 actionId, QString* error) const
{
    std::optional<ActionRecord> found = m_store->action(actionId, error);
    if (!found && error->isEmpty())
        *error = tr("There is no action #%1.").arg(actionId);
    return found;
}

std::optional<PresenceCheck> ActionService::presenceCheck() const
{
    if (!m_store)
        return std::nullopt;
    return OperatorService(m_store).presenceCheck();
}

bool ActionService::closeWaiting(const ActionRecord& found, ActionRecord::State state, const QString& event,
                                 const QString& reason, QString* error)
{
    ActionRecord record = found;
    record.state = state;
    record.decidedBy = m_rules.currentOperator()->name;
    record.decisionReason = reason.trimmed();
    record.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry entry = entryFor(record, *m_rules.currentOperator(), event, record.decisionReason);
    entry.outcome = ActionRecord::stateName(record.state);
    if (!m_store->transitionAction(found.id, ActionRecord::State::PendingApproval, record, entry, error))
        return false;
    if (record.request.provider == BulkJob::provider())
        cancelRowsOfRejectedJob(found.id, record.decisionReason);
    emit actionChanged(found.id);
    return true;
}

void ActionService::cancelRowsOfRejectedJob(qint64 jobId, const QString& reason)
{
    // None of a rejected job's rows will ever be sent: they are cancelled, and which lines they were is
    // audited beside the rejection. Should that fail, the job is rejected all the same and its rows
    // stay unsent; they only show as remaining.
    QString error;
    const std::optional<BulkJob> job = m_store->bulkJob(jobId, &error);
    if (!job)
        return;
    AuditEntry entry = BulkJob::auditEntry(jobId, job->fileName, *m_rules.currentOperator(),
                                           QStringLiteral("rows-cancelled"));
    entry.reason = reason;
    m_store->cancelPendingBulkRows(jobId, entry, &error);
}

bool ActionService::resolve(qint64 actionId, bool succeeded, const QString& reason, QString* error)
{
    if (!m_rules.currentOperator() || !Roles::canRequestActions(m_rules.currentOperator()->role)) {
        *error = m_rules.currentOperator() ? tr("Auditors cannot resolve actions.") : tr("Sign in first.");
        return false;
    }
    if (reason.trimmed().isEmpty()) {
        *error = tr("Resolving an action needs a reason (what you checked).");
        return false;
    }
    if (const QString problem = ActionAuthorisation::textProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    const std::optional<ActionRecord> found = storedAction(actionId, error);
    if (!found)
        return false;
    if (found->state != ActionRecord::State::Unresolved) {
        *error = tr("Action #%1 is not unresolved (it is %2).")
                     .arg(actionId)
                     .arg(ActionRecord::stateName(found->state));
        return false;
    }
    // Resolved as done: the user is now where the action meant to put them (docs/architecture.md: after-state
    // where known).
    ActionExecutor* ex = succeeded ? executor(found->request.provider) : nullptr;
    return settle(*found, succeeded, reason, ex ? ex->intendedState(found->request) : QJsonObject(), error)
        .has_value();
}

std::optional<ActionRecord> ActionService::settle(const ActionRecord& found, bool succeeded,
                                                  const QString& reason, const QJsonObject& after,
                                                  QString* error)
{
    ActionRecord record = found;
    record.state = succeeded ? ActionRecord::State::Succeeded : ActionRecord::State::Failed;
    record.decidedBy = m_rules.currentOperator()->name;
    record.decisionReason = reason.trimmed();
    record.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry entry =
        entryFor(record, *m_rules.currentOperator(), QStringLiteral("resolved"), record.decisionReason);
    entry.outcome = ActionRecord::stateName(record.state);
    entry.after = after;
    if (!m_store->transitionAction(found.id, ActionRecord::State::Unresolved, record, entry, error))
        return std::nullopt;
    emit actionChanged(found.id);
    return record;
}

std::optional<ActionRecord> ActionService::actionFor(ActionTicket* ticket, qint64 actionId) const
{
    QString error;
    const std::optional<ActionRecord> found = m_store->action(actionId, &error);
    if (!found && error.isEmpty())
        ticket->fail(ActionTicket::Failure::Invalid, tr("There is no action #%1.").arg(actionId));
    else if (!found)
        ticket->fail(ActionTicket::Failure::StoreFailed, error);
    return found;
}

ActionTicket* ActionService::recheck(qint64 actionId)
{
    auto* ticket = new ActionTicket(this);
    const std::optional<ActionRecord> found = actionFor(ticket, actionId);
    if (!found)
        return ticket;
    ticket->setRecord(*found);
    if (found->state == ActionRecord::State::Unresolved && m_rules.resolveRestriction(*found).isEmpty()) {
        // Asked of another profile's provider, the answer would say nothing about this action.
        if (const QString why = m_rules.profileRestriction(*found); !why.isEmpty()) {
            ticket->fail(ActionTicket::Failure::NotPermitted, why);
            return ticket;
        }
    }
    const QString restriction = m_rules.recheckRestriction(*found);
    ActionExecutor* ex = executor(found->request.provider);
    HttpReply* reply = restriction.isEmpty() ? ex->readBack(found->request) : nullptr;
    if (!reply) {
        // The role (or no sign-in) refuses an unresolved action; anything else is a request that cannot be.
        const bool roleRefused =
            found->state == ActionRecord::State::Unresolved && !m_rules.resolveRestriction(*found).isEmpty();
        ticket->fail(roleRefused ? ActionTicket::Failure::NotPermitted : ActionTicket::Failure::Invalid,
                     restriction.isEmpty() ? tr("Action #%1 cannot be read back.").arg(actionId)
                                           : restriction);
        return ticket;
    }
    const ActionRecord record = *found;
    connect(ticket, &QObject::destroyed, reply, &HttpReply::cancel);
    connect(reply, &HttpReply::finished, this,
            [this, ticket = QPointer<ActionTicket>(ticket), reply, record, ex] {
                reply->deleteLater();
                if (!ticket)
                    return;
                const ActionOutcome seen = ex->interpretReadBack(record.request, reply->result());
                ticket->setOutcome(seen);
                if (seen.kind != ActionOutcome::Kind::Succeeded) {
                    ticket->finish(
                        seen.kind == ActionOutcome::Kind::NotSent
                            ? tr("Action #%1 could not be re-checked, so it stays unresolved: %2")
                                  .arg(record.id)
                                  .arg(seen.message)
                            : tr("Action #%1 stays unresolved: %2").arg(record.id).arg(seen.message));
                    return;
                }
                QString error;
                const std::optional<ActionRecord> settled = settle(
                    record, true, tr("Re-checked at the provider: %1").arg(seen.message), seen.after, &error);
                if (!settled) {
                    ticket->fail(ActionTicket::Failure::StoreFailed,
                                 tr("%1 It could not be recorded (%2); the action stays unresolved.")
                                     .arg(seen.message, error));
                    return;
                }
                ticket->setRecord(*settled);
                ticket->finish(tr("Action #%1 resolved as succeeded. %2").arg(record.id).arg(seen.message));
            });
    return ticket;
}

int ActionService::recoverInterrupted(QString* error)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return markInterrupted(
        [now](const ActionRecord& record) {
            // A sender on this machine is asked directly; one elsewhere (or one this system cannot ask)
            // is presumed gone once it has been silent for longer than any send takes.
            const std::optional<bool> alive = SenderToken::onThisHost(record.sender)
                                                  ? SenderToken::processAlive(record.sender)
                                                  : std::nullopt;
            return alive ? !*alive : record.updatedAt.secsTo(now) > kForeignSenderGraceSeconds;
        },
        error);
}

int ActionService::recoverJobRowsOf(qint64 jobId, const QString& sender, QString* error)
{
    const QString job = QString::number(jobId);
    return markInterrupted(
        [job, sender](const ActionRecord& record) {
            return record.request.jobId == job && record.sender == sender;
        },
        error);
}

int ActionService::markInterrupted(const std::function<bool(const ActionRecord&)>& gone, QString* error)
{
    const std::optional<QList<ActionRecord>> sending =
        m_store->actionsInState(ActionRecord::State::Sending, error);
    if (!sending)
        return -1;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int moved = 0;
    for (ActionRecord record : *sending) {
        if (!gone(record))
            continue;
        record.state = ActionRecord::State::Unresolved;
        record.outcomeMessage =
            tr("Interrupted while sending (the console stopped before the provider's answer "
               "was recorded): it may or may not have been processed.");
        record.updatedAt = now;
        Operator system;
        system.name = m_rules.currentOperator() ? m_rules.currentOperator()->name : QStringLiteral("system");
        system.role = m_rules.currentOperator() ? m_rules.currentOperator()->role : Role::Officer;
        AuditEntry entry = entryFor(record, system, QStringLiteral("interrupted"), QString());
        entry.outcome = ActionOutcome::kindName(ActionOutcome::Kind::Unknown);
        QString why;
        if (m_store->transitionAction(record.id, ActionRecord::State::Sending, record, entry, &why)) {
            ++moved;
            emit actionChanged(record.id);
        }
    }
    return moved;
}

bool ActionService::interruptSending(ActionTicket* ticket, const QString& why)
{
    if (!ticket || ticket->isFinished() || ticket->hasOutcome() || !ticket->reply() ||
        ticket->record().state != ActionRecord::State::Sending)
        return false;
    ticket->setInterruption(why);
    ticket->reply()->cancel(); // its finished() records the outcome, in send()
    return true;
}

int ActionService::interruptAll(const QString& why)
{
    int interrupted = 0;
    const QList<QPointer<ActionTicket>> inFlight = m_inFlight; // cancelling finishes them, here
    for (const QPointer<ActionTicket>& ticket : inFlight) {
        if (ticket && interruptSending(ticket, why))
            ++interrupted;
    }
    m_inFlight.removeAll(nullptr);
    return interrupted;
}

ActionOutcome ActionService::interruptedOutcome(const ActionTicket& ticket, const ActionOutcome& answer,
                                                const HttpResult& result, const QString& action)
{
    // An answer that raced with the cancel is the provider's word: it stands.
    if (ticket.interruption().isEmpty() || result.error.kind != ApiError::Kind::Cancelled)
        return answer;
    ActionOutcome o;
    o.kind = result.error.surelyNotProcessed ? ActionOutcome::Kind::NotSent : ActionOutcome::Kind::Unknown;
    o.message = o.kind == ActionOutcome::Kind::NotSent
                    ? tr("Not sent: %1 was interrupted (%2) before it reached the provider. Nothing was "
                         "changed; send it again when you are ready.")
                          .arg(action, ticket.interruption())
                    : tr("%1 was interrupted (%2) after it was sent, before the provider answered: it may "
                         "have been processed. It is listed under Unresolved; it will not be sent again "
                         "automatically.")
                          .arg(action, ticket.interruption());
    return o;
}

void ActionService::send(ActionTicket* ticket, ActionRecord record, ActionExecutor* ex)
{
    const ActionRequest request = record.request;
    HttpReply* reply = ex->send(request);
    ticket->setReply(reply);
    m_inFlight.removeAll(nullptr);
    m_inFlight << ticket;
    connect(reply, &HttpReply::retrying, ticket, &ActionTicket::waiting);
    // The console's own rate limit holds it before sending: shown like a 429 wait, nothing sent yet.
    connect(reply, &HttpReply::throttled, ticket,
            [ticket, provider = request.provider](int attempt, int delayMs) {
                ApiError reason;
                reason.kind = ApiError::Kind::RateLimited;
                reason.provider = provider;
                reason.retryAfterSeconds = (delayMs + 999) / 1000;
                reason.surelyNotProcessed = true;
                reason.detail = tr("waiting for the console's own rate limit");
                emit ticket->waiting(attempt, delayMs, reason);
            });
    connect(reply, &HttpReply::finished, this, [this, ticket, record, ex, reply]() mutable {
        ticket->setReply(nullptr);
        const ActionOutcome outcome =
            interruptedOutcome(*ticket, ex->interpret(record.request, reply->result()), reply->result(),
                               ex->describe(record.request));
        switch (outcome.kind) {
        case ActionOutcome::Kind::Succeeded:
            record.state = ActionRecord::State::Succeeded;
            break;
        case ActionOutcome::Kind::AlreadyInState:
            record.state = ActionRecord::State::AlreadyInState;
            break;
        case ActionOutcome::Kind::Rejected:
        case ActionOutcome::Kind::NotSent:
            record.state = ActionRecord::State::Failed;
            break;
        case ActionOutcome::Kind::Unknown:
            record.state = ActionRecord::State::Unresolved;
            break;
        }
        record.httpStatus = outcome.httpStatus;
        record.providerCode = outcome.providerCode;
        record.outcomeMessage = outcome.message;
        record.updatedAt = QDateTime::currentDateTimeUtc();
        const Operator op = m_rules.currentOperator().value_or(Operator{});
        AuditEntry entry = entryFor(record, op, QStringLiteral("outcome"), QString());
        entry.outcome = ActionOutcome::kindName(outcome.kind);
        entry.after = outcome.after;
        // Beside the bulk_job that entryFor() put there for a job's row.
        entry.requestSummary.insert(QStringLiteral("http_status"), outcome.httpStatus);
        entry.requestSummary.insert(QStringLiteral("provider_code"), outcome.providerCode);
        entry.requestSummary.insert(QStringLiteral("message"), outcome.message);
        if (!ticket->interruption().isEmpty())
            entry.requestSummary.insert(QStringLiteral("interrupted"), ticket->interruption());
        if (!outcome.fieldErrors.isEmpty()) {
            QJsonObject fields;
            for (auto it = outcome.fieldErrors.cbegin(); it != outcome.fieldErrors.cend(); ++it)
                fields.insert(it.key(), QJsonArray::fromStringList(it.value()));
            entry.requestSummary.insert(QStringLiteral("field_errors"), fields);
        }
        ticket->setOutcome(outcome);
        if (!record.request.jobId.isEmpty()) {
            // A row the provider provably did not process waits for the job's resume.
            m_bulk->queueOutcome(BulkBatchWriter::QueuedOutcome{
                ticket,
                Store::Transition{record.id, ActionRecord::State::Sending, record, entry,
                                  outcome.kind == ActionOutcome::Kind::NotSent},
                outcome.message});
            return;
        }
        QString error;
        if (!m_store->transitionAction(record.id, ActionRecord::State::Sending, record, entry, &error)) {
            // The provider answered but the answer could not be recorded: the action stays in
            // Sending and is listed as Unresolved at the next start.
            ticket->fail(
                ActionTicket::Failure::StoreFailed,
                tr("%1 The outcome could not be written to the audit log (%2); the action will be listed "
                   "under Unresolved.")
                    .arg(outcome.message, error));
            return;
        }
        ticket->setRecord(record);
        emit actionChanged(record.id);
        ticket->finish(outcome.message);
    });
}

void ActionService::saveBulkJobState(qint64 jobId, BulkJob::RunState state, const QString& runner,
                                     const AuditEntry& entry, QObject* context,
                                     std::function<void(bool ok)> done)
{
    m_bulk->saveJobState(jobId, state, runner, entry, context, std::move(done));
}

void ActionService::renewBulkJobClaim(qint64 jobId)
{
    m_bulk->renewClaim(jobId, senderToken());
}
