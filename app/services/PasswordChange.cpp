// SPDX-License-Identifier: GPL-3.0-or-later
#include "PasswordChange.h"

#include "OperatorService.h"
#include "store/Store.h"

PasswordChange::PasswordChange(StoreOpener opener)
    : m_opener(std::move(opener))
{}

bool PasswordChange::change(const Operator& op, const QString& current, const QString& replacement,
                            QString* error) const
{
    if (replacement.size() < OperatorService::kMinimumPasswordLength) {
        *error = tr("The new password needs at least %n characters.", nullptr,
                    OperatorService::kMinimumPasswordLength);
        return false;
    }
    if (replacement == current) {
        *error = tr("The new password is the current one: choose another.");
        return false;
    }
    const std::unique_ptr<Store> store = m_opener(error);
    if (!store)
        return false;
    const OperatorService operators(store.get());
    if (!operators.confirmPresence(op.name, current, OperatorService::Presence::StepUp, error))
        return false;
    return operators.setPassword(op, op.name, replacement, error);
}
