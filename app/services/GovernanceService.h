// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/GovernanceChange.h"
#include "domain/Operator.h"
#include "domain/Policy.h"

#include <QList>
#include <QString>
#include <optional>

class Store;

/// Changes to the rules themselves under four eyes (docs/architecture.md section 2): a supervisor
/// requests a change of the policy, or makes an operator a supervisor, with a reason; the request is
/// audited with its before → after and waits in Approvals; it takes effect when a second supervisor
/// approves it (ActionService::approve() hands it here). Moving an operator to a role with fewer
/// rights needs no second supervisor and takes effect at once, audited.
class GovernanceService final
{
public:
    explicit GovernanceService(Store* store);

    /// The policy in force, as the store keeps it.
    std::optional<Policy> policy(QString* error) const;
    /// The requested changes of the policy that wait for a second supervisor (in Approvals).
    std::optional<QList<ActionRecord>> pendingPolicyChanges(QString* error) const;
    /// Requests the change from the stored policy to `wanted`; returns the action's id.
    std::optional<qint64> requestPolicyChange(const Operator& actor, const Policy& wanted,
                                              const QString& reason, QString* error) const;

    enum class RoleResult
    {
        Failed,
        Changed, ///< applied at once (a role with fewer rights)
        Waiting, ///< making a supervisor: waits for a second supervisor (*actionId)
    };
    RoleResult setRole(const Operator& actor, const QString& name, Role role, const QString& reason,
                       qint64* actionId, QString* error) const;

    /// Applies an approved governance action (ActionService::approve() has checked the approver may
    /// decide it: a supervisor other than the requester). approver: the signed-in supervisor.
    std::optional<ActionRecord> approve(const Operator& approver, const ActionRecord& action,
                                        const QString& reason, QString* error) const;

    /// The number of active supervisors.
    std::optional<int> supervisors(QString* error) const;

private:
    std::optional<qint64> request(const Operator& actor, const GovernanceChange& change,
                                  const QString& reason, QString* error) const;

    Store* m_store;
};
