// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore as the PolicyRepository: the approval rules and numbers, and approved governance changes.
#include "SqlStore.h"

#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace SqlValues;

// -------------------------------------------------------------------------------------------- policy

std::optional<Policy> SqlStore::policy(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT action_key, requires_approval FROM policy"), {},
              tr("read the policy"), error))
        return std::nullopt;
    Policy p = Policy::defaults();
    while (q.next())
        p.set(q.value(0).toString(), q.value(1).toBool());
    QSqlQuery settings(m_db);
    if (!read(settings, QStringLiteral("SELECT name, value FROM policy_settings"), {}, tr("read the policy"),
              error))
        return std::nullopt;
    while (settings.next())
        p.setSetting(settings.value(0).toString(), settings.value(1).toInt());
    return p;
}

bool SqlStore::upsertPolicySetting(const QString& name, int value, const QString& author, QString* error)
{
    if (!Policy::knownSettings().contains(name))
        return fail(error, tr("“%1” is not one of the policy's settings.").arg(name));
    QSqlQuery q(m_db);
    return exec(q,
                QStringLiteral("INSERT INTO policy_settings (name, value, updated_by, updated_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                               "value = excluded.value, "
                               "updated_by = excluded.updated_by, updated_at = excluded.updated_at"),
                {name, value, storable(author), timeText(nowUtc())},
                tr("change the policy for “%1”").arg(name), error);
}

bool SqlStore::setPolicySetting(const QString& name, int value, QString* error)
{
    return writeTransaction(tr("change the policy"), error,
                            [&](QString* err) { return upsertPolicySetting(name, value, QString(), err); });
}

bool SqlStore::applyGovernanceChange(qint64 id, const ActionRecord& updated, const GovernanceChange& change,
                                     const AuditEntry& entry, QString* error)
{
    return writeTransaction(tr("apply the change of action %1").arg(id), error, [&](QString* err) {
        bool applied = false;
        if (!transitionLocked(Transition{id, ActionRecord::State::PendingApproval, updated, entry}, &applied,
                              err))
            return false;
        if (!applied)
            return fail(err,
                        tr("Action %1 is no longer waiting for approval: another supervisor or console has "
                           "decided it. Refresh to see its state.")
                            .arg(id));
        if (change.kind == GovernanceChange::Kind::Role) {
            QSqlQuery q(m_db);
            if (!exec(q,
                      QStringLiteral(
                          "UPDATE operators SET role = ? WHERE name = ? AND role = ? AND active = ?"),
                      {Roles::toString(change.toRole), change.operatorName, Roles::toString(change.fromRole),
                       true},
                      tr("change the operator “%1”").arg(change.operatorName), err))
                return false;
            if (q.numRowsAffected() != 1)
                return fail(err, tr("Operator “%1” is no longer an active %2: request the change again.")
                                     .arg(change.operatorName, Roles::toString(change.fromRole)));
            return true;
        }
        for (auto it = change.rules.cbegin(); it != change.rules.cend(); ++it) {
            if (!upsertPolicyRule(it.key(), it->after != 0, updated.decidedBy, err))
                return false;
        }
        for (auto it = change.settings.cbegin(); it != change.settings.cend(); ++it) {
            if (!upsertPolicySetting(it.key(), it->after, updated.decidedBy, err))
                return false;
        }
        return true;
    });
}

bool SqlStore::upsertPolicyRule(const QString& key, bool requiresApproval, const QString& author,
                                QString* error)
{
    if (key.trimmed().isEmpty())
        return fail(error, tr("A policy rule needs an action key."));
    QSqlQuery q(m_db);
    return exec(q,
                QStringLiteral("INSERT INTO policy (action_key, requires_approval, updated_by, updated_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (action_key) DO UPDATE SET "
                               "requires_approval = excluded.requires_approval, "
                               "updated_by = excluded.updated_by, updated_at = excluded.updated_at"),
                {key.trimmed(), requiresApproval, storable(author), timeText(nowUtc())},
                tr("change the policy for “%1”").arg(key), error);
}

bool SqlStore::setPolicyRule(const QString& key, bool requiresApproval, QString* error)
{
    if (m_enforced) {
        AuditEntry e;
        e.event = QStringLiteral("policy-changed");
        e.action = key;
        return enforcedSetPolicy(key, requiresApproval, e, error);
    }
    return writeTransaction(tr("change the policy"), error, [&](QString* err) {
        return upsertPolicyRule(key, requiresApproval, QString(), err);
    });
}

bool SqlStore::setPolicyRuleAudited(const QString& key, bool requiresApproval, const AuditEntry& entry,
                                    QString* error)
{
    if (m_enforced)
        return enforcedSetPolicy(key, requiresApproval, entry, error);
    return writeTransaction(tr("change the policy"), error, [&](QString* err) {
        AuditEntry e = entry;
        return upsertPolicyRule(key, requiresApproval, entry.operatorName, err) && appendLocked(e, err);
    });
}
