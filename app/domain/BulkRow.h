// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"
#include "ActionRequest.h"

#include <QString>

/// One line of a bulk job: the request it asks for, whether it is valid, and how far it got.
struct BulkRow
{
    /// The row's own progress; once submitted, the outcome is the state of its action record.
    enum class State
    {
        Invalid,   ///< failed the dry run: never sent
        Pending,   ///< valid, not yet submitted
        Submitted, ///< handed to the action pipeline (actionId set): see actionState
        Cancelled, ///< the job was cancelled before this row was submitted
    };

    int line = 0; ///< line number in the CSV file (the header is line 1)
    ActionRequest request;
    QString paramsText;        ///< the params cell as written
    QString problem;           ///< why the row is invalid (dry run)
    bool notPermitted = false; ///< invalid because of the operator's role or the provider login's permission
    QString preview;           ///< what will be sent to whom (executor describe())
    State state = State::Pending;
    qint64 actionId = 0;
    ActionRecord::State actionState = ActionRecord::State::Sending; ///< valid when actionId > 0
    QString outcomeMessage;                                         ///< the action's outcome message

    bool isValid() const { return state != State::Invalid; }
    static QString stateName(State state);
    static State stateFromName(const QString& name);
    /// "invalid", "pending", "cancelled" or the action's state name once submitted.
    QString resultName() const;
};
