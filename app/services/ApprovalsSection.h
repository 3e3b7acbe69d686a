// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileSection.h"
#include "domain/ActionRecord.h"

#include <QList>

/// The 360 view's "approvals" section: the actions about the person waiting for a supervisor.
class ApprovalsSection final : public ProfileSection
{
public:
    QList<ActionRecord> pending;
    QJsonObject toJson() const override;
};
