// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionOutcome.h"

QString ActionOutcome::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Succeeded:
        return QStringLiteral("succeeded");
    case Kind::AlreadyInState:
        return QStringLiteral("already-in-state");
    case Kind::Rejected:
        return QStringLiteral("rejected");
    case Kind::Unknown:
        return QStringLiteral("unknown");
    case Kind::NotSent:
        return QStringLiteral("not-sent");
    }
    return QString();
}
