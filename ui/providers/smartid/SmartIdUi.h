// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmartIdPanel.h"
#include "SmartIdSectionView.h"
#include "providers/ProviderUi.h"
#include "providers/smartid/SmartIdModule.h"

/// SmartId's widgets (UiProviderRegistry).
class SmartIdUi final : public ProviderUi
{
public:
    QString key() const override { return SmartIdModule().key(); }
    ProviderPanel* createPanel(QWidget* parent) const override { return new SmartIdPanel(parent); }
    ProviderSectionView* createSectionView(QObject* parent) const override
    {
        return new SmartIdSectionView(parent);
    }
};
