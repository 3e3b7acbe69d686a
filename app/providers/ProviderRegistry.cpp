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

QStringList ProviderRegistry::keys() const
{
    QStringList list;
    for (const ProviderModule* module : modules())
        list << module->key();
    return list;
}

QStringList ProviderRegistry::searchingKeys() const
{
    QList<const ProviderModule*> searching;
    for (const ProviderModule* module : modules()) {
        if (module->canSearch())
            searching << module;
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

QString ProviderRegistry::displayName(const QString& key) const
{
    const ProviderModule* module = find(key);
    return module ? module->displayName() : key;
}
