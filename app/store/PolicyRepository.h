// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/AuditEntry.h"
#include "domain/GovernanceChange.h"
#include "domain/Policy.h"

#include <QString>
#include <optional>

/// The store's policy: which actions need a supervisor's approval, and its numbers. Part of Store;
/// a rule changes with its audit entry in one transaction. Errors as Store's.
class PolicyRepository
{
public:
    virtual ~PolicyRepository() = default;

    virtual std::optional<Policy> policy(QString* error) = 0;
    virtual bool setPolicyRule(const QString& key, bool requiresApproval, QString* error) = 0;
    /// As above, recording entry.operatorName as the rule's author and appending `entry`
    /// ("policy-changed") in the same transaction where the store can.
    virtual bool setPolicyRuleAudited(const QString& key, bool requiresApproval, const AuditEntry& entry,
                                      QString* error) = 0;

    /// Sets one of the policy's numbers (Policy::knownSettings()), for tests and upgrades; a console
    /// changes the policy only through applyGovernanceChange().
    virtual bool setPolicySetting(const QString& name, int value, QString* error) = 0;
    /// Approves a governance change (GovernanceChange, an action of provider "governance"): moves
    /// action `id` from PendingApproval to updated's state, applies the change (the policy's rules and
    /// numbers, with the approver as their author, or the operator's new role) and appends `entry`,
    /// all in one transaction, so that a change nobody approved, or whose approval is not in the audit
    /// log, never takes effect.
    virtual bool applyGovernanceChange(qint64 id, const ActionRecord& updated, const GovernanceChange& change,
                                       const AuditEntry& entry, QString* error) = 0;
};
