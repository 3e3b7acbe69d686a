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
