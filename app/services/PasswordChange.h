// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "store/StoreOpener.h"

#include <QCoreApplication>
#include <QString>

/// Changes the signed-in operator's own password on the thread that calls change(), with a store
/// connection of that thread: for a worker thread, since hashing is slow. The current password is
/// checked first (OperatorService::confirmPresence(): by the console's hash, or in an enforced team
/// store by the server); the change is audited ("operator-password-changed", never the password). In
/// an enforced team store it is the database role's password, which also ends a first password's
/// expiry. Copies share the opener and may run on any thread.
class PasswordChange final
{
    Q_DECLARE_TR_FUNCTIONS(PasswordChange)

public:
    /// opener: Store::opener() of the console's store (OperatorService::passwordChange()).
    explicit PasswordChange(StoreOpener opener);

    /// True when the password was changed; otherwise *error says why (the current password, the new
    /// one's length, the store).
    bool change(const Operator& op, const QString& current, const QString& replacement, QString* error) const;

private:
    StoreOpener m_opener;
};
