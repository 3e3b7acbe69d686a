// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProductionBanner.h"

ProductionBanner::ProductionBanner(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("productionBanner"));
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setStyleSheet(QStringLiteral("QLabel { background: #b00020; color: white; font-weight: bold; "
                                 "padding: 6px; border-radius: 3px; }"));
    hide();
}

void ProductionBanner::setProfile(const QString& profileName, bool production)
{
    setText(tr("PRODUCTION — profile “%1”. Every action here changes real people's records at the provider.")
                .arg(profileName));
    setAccessibleName(text());
    setVisible(production);
}
