// SPDX-License-Identifier: GPL-3.0-or-later
#include "UiProviderRegistry.h"

#include "sdkfinance/SdkFinanceUi.h"
#include "smartid/SmartIdUi.h"
#include "smileid/SmileIdUi.h"
#include "trustswiftly/TrustSwiftlyUi.h"

UiProviderRegistry::UiProviderRegistry()
{
    // The registration list of the providers' widgets: one line per provider, as ProviderRegistry.
    add(std::make_unique<SmileIdUi>());
    add(std::make_unique<SdkFinanceUi>());
    add(std::make_unique<TrustSwiftlyUi>());
    add(std::make_unique<SmartIdUi>());
}

UiProviderRegistry& UiProviderRegistry::instance()
{
    static UiProviderRegistry registry;
    return registry;
}

QList<const ProviderUi*> UiProviderRegistry::providers() const
{
    QList<const ProviderUi*> list;
    for (const auto& ui : m_providers)
        list << ui.get();
    return list;
}

const ProviderUi* UiProviderRegistry::find(const QString& key) const
{
    for (const auto& ui : m_providers) {
        if (ui->key() == key)
            return ui.get();
    }
    return nullptr;
}

void UiProviderRegistry::add(std::unique_ptr<ProviderUi> ui)
{
    Q_ASSERT(ui && !find(ui->key()));
    m_providers.push_back(std::move(ui));
}

void UiProviderRegistry::remove(const QString& key)
{
    for (auto it = m_providers.begin(); it != m_providers.end(); ++it) {
        if ((*it)->key() == key) {
            m_providers.erase(it);
            return;
        }
    }
}
