// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ResetRequest.h"
#include "domain/UserRecord.h"
#include "services/ProfileSection.h"

#include <QList>
#include <optional>

/// SDK.Finance's section of the 360 view, "sdkfinance": the profile's status and the user's pending
/// reset-identification requests.
class SdkFinanceProfileSection final : public ProfileSection
{
public:
    QString userId;
    std::optional<QList<ResetRequest>> pendingRequests; ///< once read
    QString requestsNote;                               ///< when not every page was searched
    /// The profile's status, "not found", or "unknown" (no e-mail to look it up by); unset until read.
    std::optional<QString> profileStatus;
    QString profileNote;
    std::optional<UserRecord> profile; ///< when found
    QJsonObject toJson() const override;
};
