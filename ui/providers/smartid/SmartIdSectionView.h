// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ProviderSectionView.h"

/// SmartId's section of the 360 view, in plain words with badges for what matters.
class SmartIdSectionView final : public ProviderSectionView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdSectionView)

public:
    using ProviderSectionView::ProviderSectionView;

    QList<QPair<QString, QString>> titles() const override;
    void render(const QString& key, const ProfileSection* content, ProfileSectionBox* box) override;
};
