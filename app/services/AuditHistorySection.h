// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileSection.h"
#include "domain/AuditEntry.h"

#include <QList>

/// The 360 view's "audit" section: the audit entries about the person, oldest first.
class AuditHistorySection final : public ProfileSection
{
public:
    QList<AuditEntry> entries;
    QJsonObject toJson() const override;
};
