// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TrustSwiftlyPanel.h"
#include "TrustSwiftlySectionView.h"
#include "providers/ProviderUi.h"
#include "providers/trustswiftly/TrustSwiftlyModule.h"

/// TrustSwiftly's widgets (UiProviderRegistry).
class TrustSwiftlyUi final : public ProviderUi
{
public:
    QString key() const override { return TrustSwiftlyModule().key(); }
    ProviderPanel* createPanel(QWidget* parent) const override { return new TrustSwiftlyPanel(parent); }
    ProviderSectionView* createSectionView(QObject* parent) const override
    {
        return new TrustSwiftlySectionView(parent);
    }
};
