// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRequest.h"
#include "Role.h"

#include <QDateTime>
#include <QString>
#include <optional>

/// An action as the store keeps it, from request to outcome.
struct ActionRecord
{
    enum class State
    {
        PendingApproval, ///< waiting for a supervisor other than the initiator
        Approved,        ///< approved, not yet sent
        Rejected,        ///< a supervisor rejected it; never sent
        Sending,         ///< intent written, request on its way: a crash here leaves it Unresolved
        Succeeded,
        AlreadyInState,
        Failed,     ///< the provider refused it
        Unresolved, ///< outcome unknown: a person decides
        Cancelled,  ///< withdrawn before it was sent
    };

    qint64 id = 0;
    ActionRequest request;
    QString initiator;
    Role initiatorRole = Role::Officer;
    bool requiresApproval = false;
    State state = State::Sending;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString decidedBy;      ///< the approving / rejecting supervisor, or the person who resolved it
    QString decisionReason; ///< rejection or resolution reason
    int httpStatus = 0;
    QString providerCode;
    QString outcomeMessage;
    /// Who is sending it ("host:pid"), set on entering Sending: lets a restart tell an action
    /// interrupted by a crash from one another console is still sending.
    QString sender;

    static QString stateName(State state);
    static std::optional<State> stateFromName(const QString& name);
    /// "<provider>.<action>": the key the policy is written in (Policy::keyFor; "bulk" for
    /// every row of a bulk job: the job's one approval covers them).
    QString policyKey() const;
    /// What the action does, in the policy's words, also for a row of a bulk job.
    QString actionKey() const;
};
