// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProviderUi.h"

#include <QList>
#include <memory>
#include <vector>

/// The providers' widgets, in the registration order of ProviderRegistry (UiProviderRegistry.cpp
/// holds the one list, docs/adding-a-provider.md).
class UiProviderRegistry
{
public:
    static UiProviderRegistry& instance();
    QList<const ProviderUi*> providers() const;
    const ProviderUi* find(const QString& key) const;
    /// Adds a provider's widgets (the registration list, or a test's own provider).
    void add(std::unique_ptr<ProviderUi> ui);
    void remove(const QString& key);

private:
    UiProviderRegistry();
    std::vector<std::unique_ptr<ProviderUi>> m_providers;
};
