// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/OperatorService.h"
#include "store/StoreOpener.h"

#include <QString>

/// Checks the signed-in operator's password again (OperatorService::confirmPresence()) on the thread
/// that calls check(), with a store connection of that thread: for a worker thread, since the hash is
/// slow. Copies share the opener and may run on any thread.
class PresenceCheck final
{
public:
    /// opener: Store::opener() of the console's store (OperatorService::presenceCheck()).
    explicit PresenceCheck(StoreOpener opener);

    /// True when the password is right; otherwise *error says why (the store, the password, a throttle).
    bool check(const QString& name, const QString& password, OperatorService::Presence why,
               QString* error) const;

private:
    StoreOpener m_opener;
};
