// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceCheck.h"

#include "store/Store.h"

PresenceCheck::PresenceCheck(StoreOpener opener)
    : m_opener(std::move(opener))
{}

bool PresenceCheck::check(const QString& name, const QString& password, OperatorService::Presence why,
                          QString* error) const
{
    const std::unique_ptr<Store> store = m_opener(error);
    if (!store)
        return false;
    return OperatorService(store.get()).confirmPresence(name, password, why, error).has_value();
}
