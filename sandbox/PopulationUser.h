// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariantHash>

/// One emulated person, the same across providers; `attributes` holds the state changed since start.
struct PopulationUser
{
    quint32 id = 0;      ///< 1..N
    QString referenceId; ///< "REF-000123"
    QString firstName;
    QString lastName;
    QString email;  ///< first.last<id>@example.com, lower-case ASCII
    QString phone;  ///< E.164
    QString status; ///< verified, pending, rejected, unverified
    QString currentWorkflowId;
    QVariantHash attributes; ///< overlay, e.g. "trustswiftly.re_verify_workflow_id"
};
