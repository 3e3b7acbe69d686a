// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ProfileSection.h"

#include <QMap>
#include <QString>

/// Smile ID's "smileid" section of the 360 view: the person's flags as this console's audit log last
/// recorded them applied (Smile ID has no read API).
class SmileIdFlagsSection final : public ProfileSection
{
public:
    QString userId;
    QMap<QString, bool> flags; ///< Smile ID's flag name (e.g. "is_fraudulent") → its last value
    QString asOf;              ///< when last changed (AuditEntry::formatTime); empty if never
    QJsonObject toJson() const override;
};
