// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

/// What an operator may do (docs/architecture.md section 2).
enum class Role
{
    Officer,
    Supervisor,
    Auditor
};

namespace Roles {
QString toString(Role role);
std::optional<Role> fromString(const QString& text);
/// Officers and supervisors request actions; auditors only read.
inline bool canRequestActions(Role role)
{
    return role != Role::Auditor;
}
inline bool canApprove(Role role)
{
    return role == Role::Supervisor;
}
inline bool canEditPolicy(Role role)
{
    return role == Role::Supervisor;
}
inline bool canManageOperators(Role role)
{
    return role == Role::Supervisor;
}
} // namespace Roles
