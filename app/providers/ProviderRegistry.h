// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "KeyedRegistry.h"
#include "ProviderModule.h"

#include <QList>
#include <QStringList>
#include <memory>

/// The one list of providers (docs/adding-a-provider.md): the built-in modules are registered in
/// ProviderRegistry.cpp, in display order; a test may add a module of its own with add().
class ProviderRegistry final
{
public:
    /// The process's registry, holding the built-in providers.
    static ProviderRegistry& instance();

    /// Appends a module (its key must be new); the registry owns it.
    void add(std::unique_ptr<ProviderModule> module) { m_modules.add(std::move(module)); }
    /// Removes the module with this key (for tests that add one of their own).
    void remove(const QString& key) { m_modules.remove(key); }

    /// Every module, in display order.
    QList<const ProviderModule*> modules() const { return m_modules.items(); }
    /// The provider keys, in display order .
    QStringList keys() const;
    /// The keys of the providers that can search users, the first to ask first (searchPriority()).
    QStringList searchingKeys() const;
    /// The module of a key; null for an unknown key.
    const ProviderModule* find(const QString& key) const { return m_modules.find(key); }
    /// The display name of a key; the key itself when unknown.
    QString displayName(const QString& key) const;

private:
    ProviderRegistry();
    KeyedRegistry<ProviderModule> m_modules;
};
