// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "services/ProfileSection.h"

#include <optional>

/// Trust Swiftly's section of the 360 view, "trustswiftly": the user as Trust Swiftly reads them
/// (verification status, current and re-verification workflow).
class TrustSwiftlyProfileSection final : public ProfileSection
{
public:
    QString userId;
    std::optional<UserRecord> user; ///< once read
    /// The workflow the user is in, and the one assigned for re-verification (empty: none).
    QString currentWorkflow() const;
    QString reverifyWorkflow() const;
    /// True when Trust Swiftly's record carries the re-verification field at all (even empty).
    bool hasReverifyField() const;
    QJsonObject toJson() const override;
};
