// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkRow.h"

QString BulkRow::stateName(State state)
{
    switch (state) {
    case State::Invalid:
        return QStringLiteral("invalid");
    case State::Pending:
        return QStringLiteral("pending");
    case State::Submitted:
        return QStringLiteral("submitted");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

BulkRow::State BulkRow::stateFromName(const QString& name)
{
    if (name == QLatin1String("invalid"))
        return State::Invalid;
    if (name == QLatin1String("submitted"))
        return State::Submitted;
    if (name == QLatin1String("cancelled"))
        return State::Cancelled;
    return State::Pending;
}

QString BulkRow::resultName() const
{
    if (state == State::Submitted && actionId > 0)
        return ActionRecord::stateName(actionState);
    return stateName(state);
}
