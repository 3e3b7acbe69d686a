// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProviderUi.h"
#include "providers/KeyedRegistry.h"

#include <QList>
#include <memory>

/// The providers' widgets, in the registration order of ProviderRegistry (UiProviderRegistry.cpp
/// holds the one list, docs/adding-a-provider.md).
class UiProviderRegistry
{
public:
    static UiProviderRegistry& instance();
    QList<const ProviderUi*> providers() const { return m_providers.items(); }
    const ProviderUi* find(const QString& key) const { return m_providers.find(key); }
    /// Adds a provider's widgets (the registration list, or a test's own provider).
    void add(std::unique_ptr<ProviderUi> ui) { m_providers.add(std::move(ui)); }
    void remove(const QString& key) { m_providers.remove(key); }

private:
    UiProviderRegistry();
    KeyedRegistry<ProviderUi> m_providers;
};
