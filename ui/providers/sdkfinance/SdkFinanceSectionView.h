// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ProviderSectionView.h"

/// SdkFinance's section of the 360 view, in plain words with badges for what matters.
class SdkFinanceSectionView final : public ProviderSectionView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SdkFinanceSectionView)

public:
    using ProviderSectionView::ProviderSectionView;

    QList<QPair<QString, QString>> titles() const override;
    void render(const QString& key, const ProfileSection* content, ProfileSectionBox* box) override;
};
