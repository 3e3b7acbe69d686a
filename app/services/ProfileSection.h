// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <memory>

/// The content of one section of the 360 view (SubjectProfileService): a typed struct of the module
/// that loads it (in app/providers/<key>/), which its own section view reads as that type.
/// JSON only for `users show --json` (SubjectProfileService::document()).
class ProfileSection
{
public:
    virtual ~ProfileSection() = default;
    /// The section's fields in the 360 document (without "status" and "error", which the service adds).
    virtual QJsonObject toJson() const = 0;

protected:
    ProfileSection() = default;
    ProfileSection(const ProfileSection&) = default;
    ProfileSection& operator=(const ProfileSection&) = default;
};

using ProfileSectionPtr = std::shared_ptr<const ProfileSection>;
