// SPDX-License-Identifier: GPL-3.0-or-later
#include "GovernanceService.h"

#include "services/ActionService.h"
#include "store/Store.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("GovernanceService", text);
}

AuditEntry entryFor(const Operator& actor, const QString& event, const ActionRecord& record,
                    const GovernanceChange& change, const QString& reason)
{
    AuditEntry e;
    e.operatorName = actor.name;
    e.role = Roles::toString(actor.role);
    e.event = event;
    e.action = record.actionKey();
    e.provider = GovernanceChange::provider();
    e.subjectIds = QStringList{record.request.userId};
    e.reason = reason;
    e.actionId = record.id;
    e.requestSummary = QJsonObject{{QStringLiteral("change"), change.describe()}};
    e.before = change.beforeJson();
    e.after = change.afterJson();
    e.outcome = ActionRecord::stateName(record.state);
    return e;
}
/// A role change applied at once: who, whose, before → after and why.
AuditEntry roleEntry(const Operator& actor, const GovernanceChange& change, const QString& reason)
{
    AuditEntry e;
    e.operatorName = actor.name;
    e.role = Roles::toString(actor.role);
    e.event = QStringLiteral("operator-role-changed");
    e.action = QStringLiteral("operators");
    e.subjectIds = QStringList{change.operatorName};
    e.reason = reason.trimmed();
    e.before = change.beforeJson();
    e.after = change.afterJson();
    return e;
}
} // namespace

GovernanceService::GovernanceService(Store* store)
    : m_store(store)
{}

std::optional<Policy> GovernanceService::policy(QString* error) const
{
    return m_store->policy(error);
}

std::optional<QList<ActionRecord>> GovernanceService::pendingPolicyChanges(QString* error) const
{
    std::optional<QList<ActionRecord>> waiting =
        m_store->actionsInState(ActionRecord::State::PendingApproval, error);
    if (!waiting)
        return std::nullopt;
    QList<ActionRecord> changes;
    for (const ActionRecord& a : std::as_const(*waiting)) {
        if (GovernanceChange::isGovernance(a.request) && a.request.action == GovernanceChange::policyAction())
            changes << a;
    }
    return changes;
}

std::optional<qint64> GovernanceService::requestPolicyChange(const Operator& actor, const Policy& wanted,
                                                             const QString& reason, QString* error) const
{
    if (!Roles::canEditPolicy(actor.role)) {
        *error = tr("Only supervisors can request a change of the policy.");
        return std::nullopt;
    }
    if (m_store->enforcesRules()) {
        // The database's own functions change its policy; its four-eyes request is not there yet.
        *error =
            tr("This team store enforces its rules in PostgreSQL, where a policy change under four eyes is "
               "not available yet: ask the database administrator.");
        return std::nullopt;
    }
    const std::optional<Policy> current = m_store->policy(error);
    if (!current)
        return std::nullopt;
    const GovernanceChange change = GovernanceChange::policyChange(*current, wanted);
    if (change.isEmpty()) {
        *error = tr("Nothing changed: the policy already is what you ask for.");
        return std::nullopt;
    }
    // The same checks as when the change is read back for approval.
    QString invalid;
    if (!GovernanceChange::fromRequest(change.toRequest(reason), &invalid)) {
        *error = invalid;
        return std::nullopt;
    }
    return request(actor, change, reason, error);
}

GovernanceService::RoleResult GovernanceService::setRole(const Operator& actor, const QString& name,
                                                         Role role, const QString& reason, qint64* actionId,
                                                         QString* error) const
{
    if (!Roles::canManageOperators(actor.role)) {
        *error = tr("Only a supervisor can change an operator's role.");
        return RoleResult::Failed;
    }
    if (const QString problem = ActionAuthorisation::reasonProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return RoleResult::Failed;
    }
    if (name == actor.name) {
        *error = tr("You cannot change your own role: another supervisor must do it.");
        return RoleResult::Failed;
    }
    QString hash;
    QString storeError;
    const std::optional<Operator> op = m_store->findOperator(name, &hash, &storeError);
    if (!op) {
        *error = storeError.isEmpty() ? tr("There is no operator named “%1”.").arg(name) : storeError;
        return RoleResult::Failed;
    }
    if (!op->active) {
        *error = tr("Operator “%1” is deactivated: reactivate the account first.").arg(name);
        return RoleResult::Failed;
    }
    if (op->role == role) {
        *error = tr("Operator “%1” already is a %2.").arg(name, Roles::toString(role));
        return RoleResult::Failed;
    }
    const GovernanceChange change = GovernanceChange::roleChange(name, op->role, role);
    if (m_store->enforcesRules()) {
        // The database decides: granting the supervisor role waits there for a second supervisor.
        Operator updated = *op;
        updated.role = role;
        return m_store->updateOperatorAudited(updated, QString(), roleEntry(actor, change, reason), error)
                   ? RoleResult::Changed
                   : RoleResult::Failed;
    }
    const std::optional<int> count = supervisors(error);
    if (!count)
        return RoleResult::Failed;
    // While the store has a single supervisor (its bootstrap), that one makes the second at once,
    // audited; from two on, making a supervisor takes a second one's approval.
    if (role == Role::Supervisor && *count >= 2) {
        const std::optional<qint64> id = request(actor, change, reason, error);
        if (!id)
            return RoleResult::Failed;
        if (actionId)
            *actionId = *id;
        return RoleResult::Waiting;
    }
    // Fewer rights: at once. The last active supervisor stays one (someone must approve).
    if (op->role == Role::Supervisor) {
        if (*count <= 1) {
            *error =
                tr("“%1” is the last active supervisor: make another operator a supervisor first.").arg(name);
            return RoleResult::Failed;
        }
    }
    Operator updated = *op;
    updated.role = role;
    if (!m_store->updateOperatorAudited(updated, QString(), roleEntry(actor, change, reason), error))
        return RoleResult::Failed;
    return RoleResult::Changed;
}

std::optional<qint64> GovernanceService::request(const Operator& actor, const GovernanceChange& change,
                                                 const QString& reason, QString* error) const
{
    if (const QString problem = ActionAuthorisation::reasonProblem(reason); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    ActionRecord record;
    record.request = change.toRequest(reason.trimmed());
    record.initiator = actor.name;
    record.initiatorRole = actor.role;
    record.requiresApproval = true; // always: a change of the rules never takes effect on one signature
    record.state = ActionRecord::State::PendingApproval;
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();
    const AuditEntry intent =
        entryFor(actor, QStringLiteral("intent"), record, change, record.request.reason);
    return m_store->createAction(record, intent, error);
}

std::optional<ActionRecord> GovernanceService::approve(const Operator& approver, const ActionRecord& action,
                                                       const QString& reason, QString* error) const
{
    const std::optional<GovernanceChange> change = GovernanceChange::fromRequest(action.request, error);
    if (!change)
        return std::nullopt;
    if (change->kind == GovernanceChange::Kind::Policy) {
        const std::optional<Policy> current = m_store->policy(error);
        if (!current)
            return std::nullopt;
        if (const QString stale = change->staleness(*current); !stale.isEmpty()) {
            *error = stale;
            return std::nullopt;
        }
    }
    ActionRecord record = action;
    record.state = ActionRecord::State::Succeeded;
    record.decidedBy = approver.name;
    record.decisionReason = reason.trimmed();
    record.outcomeMessage = tr("In effect since its approval by %1.").arg(approver.name);
    record.updatedAt = QDateTime::currentDateTimeUtc();
    const QString event = change->kind == GovernanceChange::Kind::Policy
                              ? QStringLiteral("policy-changed")
                              : QStringLiteral("operator-role-changed");
    const AuditEntry entry = entryFor(approver, event, record, *change, record.decisionReason);
    if (!m_store->applyGovernanceChange(action.id, record, *change, entry, error))
        return std::nullopt;
    return record;
}

std::optional<int> GovernanceService::supervisors(QString* error) const
{
    const std::optional<QList<Operator>> all = m_store->operators(error);
    if (!all)
        return std::nullopt;
    int count = 0;
    for (const Operator& op : *all)
        count += op.active && op.role == Role::Supervisor ? 1 : 0;
    return count;
}
