// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProviderModule.h"

#include <QList>
#include <QStringList>
#include <memory>
#include <vector>

/// The one list of providers (docs/adding-a-provider.md): the built-in modules are registered in
/// ProviderRegistry.cpp, in display order; a test may add a module of its own with add().
class ProviderRegistry final
{
public:
    /// The process's registry, holding the built-in providers.
    static ProviderRegistry& instance();

    /// Appends a module (its key must be new); the registry owns it.
    void add(std::unique_ptr<ProviderModule> module);
    /// Removes the module with this key (for tests that add one of their own).
    void remove(const QString& key);

    /// Every module, in display order.
    QList<const ProviderModule*> modules() const;
    /// The provider keys, in display order .
    QStringList keys() const;
    /// The keys of the providers that can search users, the first to ask first (searchPriority()).
    QStringList searchingKeys() const;
    /// The module of a key; null for an unknown key.
    const ProviderModule* find(const QString& key) const;
    /// The display name of a key; the key itself when unknown.
    QString displayName(const QString& key) const;

private:
    ProviderRegistry();
    std::vector<std::unique_ptr<ProviderModule>> m_modules;
};
