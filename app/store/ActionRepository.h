// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/AuditEntry.h"

#include <QList>
#include <QStringList>
#include <optional>

/// The pipeline's actions: each created with its intent audit entry and moved from state to state
/// with its audit entry, in one transaction each (docs/architecture.md section 3). Part of Store.
/// Errors as Store's.
class ActionRepository
{
public:
    virtual ~ActionRepository() = default;

    /// Inserts the action and appends its intent audit entry in one transaction; returns the id.
    virtual std::optional<qint64> createAction(const ActionRecord& action, const AuditEntry& intent,
                                               QString* error) = 0;
    /// Moves an action to a new state and appends the audit entry in one transaction. Fails if the
    /// action is not in expectedState (so two consoles cannot both approve or send it).
    virtual bool transitionAction(qint64 id, ActionRecord::State expectedState, const ActionRecord& updated,
                                  const AuditEntry& entry, QString* error) = 0;
    /// A change of state of one action, with its audit entry (see recordBulkBatch()).
    struct Transition
    {
        qint64 id = 0;
        ActionRecord::State expectedState = ActionRecord::State::Sending;
        ActionRecord updated;
        AuditEntry entry;
        /// For a row of a bulk job whose request provably changed nothing (not sent, 429, refused
        /// connection): once the transition applies, its row is Pending again and unlinked, so that a
        /// resume sends it (recordBulkBatch() only).
        bool releaseBulkRow = false;
    };
    /// Nothing, with error left empty, when there is no action of that id.
    virtual std::optional<ActionRecord> action(qint64 id, QString* error) = 0;
    virtual std::optional<QList<ActionRecord>> actionsInState(ActionRecord::State state, QString* error) = 0;
    /// The actions in `state` of any of these users (at any provider), in id order: what a batch of
    /// rows needs to know, read without going through every action in that state.
    virtual std::optional<QList<ActionRecord>>
    actionsInStateOf(ActionRecord::State state, const QStringList& userIds, QString* error) = 0;
};
