// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PendingResetsView.h"
#include "SdkFinancePanel.h"
#include "SdkFinanceSectionView.h"
#include "providers/ProviderUi.h"
#include "providers/sdkfinance/SdkFinanceModule.h"

/// SdkFinance's widgets (UiProviderRegistry).
class SdkFinanceUi final : public ProviderUi
{
public:
    QString key() const override { return SdkFinanceModule().key(); }
    ProviderPanel* createPanel(QWidget* parent) const override { return new SdkFinancePanel(parent); }
    ProviderSectionView* createSectionView(QObject* parent) const override
    {
        return new SdkFinanceSectionView(parent);
    }
    ProviderTab* createTab(QWidget* parent) const override { return new PendingResetsView(parent); }
};
