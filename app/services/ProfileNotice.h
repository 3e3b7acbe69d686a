// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileSection.h"

#include <QString>

/// A section of the 360 view that is not shown, and why (state Unavailable): "message" in the document.
class ProfileNotice final : public ProfileSection
{
public:
    explicit ProfileNotice(QString text)
        : message(std::move(text))
    {}
    QString message;
    QJsonObject toJson() const override { return QJsonObject{{QStringLiteral("message"), message}}; }
};
