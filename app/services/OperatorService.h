// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"

#include <QString>
#include <optional>

class Store;

/// Sign-in, operators and policy changes, each audited. Password hashing is deliberately slow:
/// GUI callers run signIn() and addOperator() off the GUI thread.
class OperatorService final
{
public:
    static constexpr int kMinimumPasswordLength = 8;

    explicit OperatorService(Store* store);

    /// True when no operator exists yet (the first one must be a supervisor and needs no sign-in).
    std::optional<bool> needsBootstrap(QString* error) const;
    /// Checks the password; the same message for an unknown name and a wrong password.
    /// refused (if given) is set when the name or password was wrong, as opposed to a store failure.
    std::optional<Operator> signIn(const QString& name, const QString& password, QString* error,
                                   bool* refused = nullptr) const;
    /// Adds an operator. actor: the signed-in operator (a supervisor), or nullopt for the first one.
    std::optional<Operator> addOperator(const std::optional<Operator>& actor, const QString& name, Role role,
                                        const QString& password, QString* error) const;
    /// Changes one policy rule; supervisors only.
    bool setPolicyRule(const Operator& actor, const QString& key, bool requiresApproval,
                       QString* error) const;

private:
    Store* m_store;
};
