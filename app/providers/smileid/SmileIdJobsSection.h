// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmileIdJobStatus.h"
#include "services/ProfileSection.h"

#include <optional>

/// Smile ID's "smileid_jobs" section of the 360 view: the person's enrollment job (SmartSelfie
/// registration, job_type 4) and its status from /v1/job_status.
class SmileIdJobsSection final : public ProfileSection
{
public:
    QString jobId;
    QString jobType = QStringLiteral("4");  ///< as the answer says, when it does
    std::optional<SmileIdJobStatus> status; ///< a verified answer only
    QString securityWarning;                ///< the answer failed its signature check: why
    /// The selfie's link, then the liveness images' (asked for with image links).
    QStringList imageLinks() const;
    QJsonObject toJson() const override;
};
