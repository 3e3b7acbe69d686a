// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProviderRegistry.h"

#include "sdkfinance/SdkFinanceModule.h"
#include "smartid/SmartIdModule.h"
#include "smileid/SmileIdModule.h"
#include "trustswiftly/TrustSwiftlyModule.h"

#include <algorithm>

ProviderRegistry::ProviderRegistry()
{
    // The registration list: one line per provider, in the order the console shows them.
    add(std::make_unique<SmileIdModule>());
    add(std::make_unique<SdkFinanceModule>());
    add(std::make_unique<TrustSwiftlyModule>());
    add(std::make_unique<SmartIdModule>());
}

ProviderRegistry& ProviderRegistry::instance()
{
    static ProviderRegistry registry;
    return registry;
}

void ProviderRegistry::add(std::unique_ptr<ProviderModule> module)
{
    Q_ASSERT(module && !find(module->key()));
    m_modules.push_back(std::move(module));
}

void ProviderRegistry::remove(const QString& key)
{
    for (auto it = m_modules.begin(); it != m_modules.end(); ++it) {
        if ((*it)->key() == key) {
            m_modules.erase(it);
            return;
        }
    }
}

QList<const ProviderModule*> ProviderRegistry::modules() const
{
    QList<const ProviderModule*> list;
    for (const auto& module : m_modules)
        list << module.get();
    return list;
}

QStringList ProviderRegistry::keys() const
{
    QStringList list;
    for (const auto& module : m_modules)
        list << module->key();
    return list;
}

QStringList ProviderRegistry::searchingKeys() const
{
    QList<const ProviderModule*> searching;
    for (const auto& module : m_modules) {
        if (module->canSearch())
            searching << module.get();
    }
    std::stable_sort(searching.begin(), searching.end(),
                     [](const ProviderModule* a, const ProviderModule* b) {
                         return a->searchPriority() < b->searchPriority();
                     });
    QStringList keys;
    for (const ProviderModule* module : searching)
        keys << module->key();
    return keys;
}

const ProviderModule* ProviderRegistry::find(const QString& key) const
{
    for (const auto& module : m_modules) {
        if (module->key() == key)
            return module.get();
    }
    return nullptr;
}

QString ProviderRegistry::displayName(const QString& key) const
{
    const ProviderModule* module = find(key);
    return module ? module->displayName() : key;
}
