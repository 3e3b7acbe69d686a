// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmileIdPanel.h"
#include "SmileIdSectionView.h"
#include "providers/ProviderUi.h"
#include "providers/smileid/SmileIdModule.h"

/// SmileId's widgets (UiProviderRegistry).
class SmileIdUi final : public ProviderUi
{
public:
    QString key() const override { return SmileIdModule().key(); }
    ProviderPanel* createPanel(QWidget* parent) const override { return new SmileIdPanel(parent); }
    ProviderSectionView* createSectionView(QObject* parent) const override
    {
        return new SmileIdSectionView(parent);
    }
};
