// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRequest.h"
#include "Policy.h"
#include "Role.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

/// A change to the rules themselves that needs a second supervisor (docs/architecture.md section 2):
/// a change of the policy (rules, times, thresholds), or making an operator a supervisor. It travels
/// through the action pipeline as an action of provider "governance": its intent is audited when it
/// is requested, it waits in Approvals, and it takes effect only when a supervisor other than the
/// requester approves it, in the same transaction as that approval's audit entry.
struct GovernanceChange
{
    enum class Kind
    {
        Policy, ///< action "policy"
        Role,   ///< action "set-role"
    };

    /// One changed policy value: a rule (needs approval or not) or a number.
    struct Value
    {
        int before = 0;
        int after = 0;
    };

    Kind kind = Kind::Policy;
    QMap<QString, Value> rules;    ///< rule key → needs approval (0/1) before and after
    QMap<QString, Value> settings; ///< setting name → value before and after
    QString operatorName;          ///< Kind::Role
    Role fromRole = Role::Officer;
    Role toRole = Role::Officer;

    static QString provider() { return QStringLiteral("governance"); }
    static QString policyAction() { return QStringLiteral("policy"); }
    static QString roleAction() { return QStringLiteral("set-role"); }
    static bool isGovernance(const ActionRequest& request) { return request.provider == provider(); }

    /// The differences between two policies (nothing when they are the same).
    static GovernanceChange policyChange(const Policy& before, const Policy& after);
    static GovernanceChange roleChange(const QString& operatorName, Role from, Role to);
    bool isEmpty() const;

    /// The request stored in the actions table (params carry the change).
    ActionRequest toRequest(const QString& reason) const;
    /// Nothing, with *error set, when the request is not a well-formed governance change.
    static std::optional<GovernanceChange> fromRequest(const ActionRequest& request, QString* error);

    /// The audit log's "before" and "after" of the change.
    QJsonObject beforeJson() const;
    QJsonObject afterJson() const;
    /// The policy once the change is applied to `current`.
    Policy appliedTo(const Policy& current) const;
    /// Why the change no longer applies to what is there now (someone changed the same value since),
    /// empty when it still applies.
    QString staleness(const Policy& current) const;
    /// In plain words, with the before → after of each value.
    QString describe() const;
    /// describe() of a stored request, or why it cannot be read.
    static QString describeRequest(const ActionRequest& request);
};
