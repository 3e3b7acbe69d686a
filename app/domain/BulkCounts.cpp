// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkCounts.h"

QJsonObject BulkCounts::toJson() const
{
    return QJsonObject{
        {QStringLiteral("total"), total},        {QStringLiteral("invalid"), invalid},
        {QStringLiteral("done"), succeeded},     {QStringLiteral("already_in_state"), alreadyInState},
        {QStringLiteral("rejected"), rejected},  {QStringLiteral("unknown"), unknown},
        {QStringLiteral("sending"), sending},    {QStringLiteral("remaining"), remaining()},
        {QStringLiteral("cancelled"), cancelled}};
}
