// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ProfileSection.h"

#include <QString>

/// SmartID's section of the 360 view, "smartid": the person's enrollment as known from the index and
/// this console's own un-enroll actions (SmartID cannot be asked).
class SmartIdProfileSection final : public ProfileSection
{
public:
    QString user;
    bool enrolled = true;
    QString asOf; ///< when the audit log recorded the un-enrollment (AuditEntry::formatTime); empty if never
    /// "known only from the index and the audit log" (translated).
    static QString sourceLabel();
    QJsonObject toJson() const override;
};
