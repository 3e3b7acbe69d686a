// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

/// The red band across the top of the console while a production profile is open.
class ProductionBanner final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductionBanner)

public:
    explicit ProductionBanner(QWidget* parent = nullptr);
    /// Shown for a production profile, hidden otherwise.
    void setProfile(const QString& profileName, bool production);
};
