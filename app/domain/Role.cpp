// SPDX-License-Identifier: GPL-3.0-or-later
#include "Role.h"

namespace Roles {
QString toString(Role role)
{
    switch (role) {
    case Role::Officer:
        return QStringLiteral("officer");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    case Role::Auditor:
        return QStringLiteral("auditor");
    }
    return QString();
}

std::optional<Role> fromString(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("officer"))
        return Role::Officer;
    if (t == QLatin1String("supervisor"))
        return Role::Supervisor;
    if (t == QLatin1String("auditor"))
        return Role::Auditor;
    return std::nullopt;
}
} // namespace Roles
