// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/// One emulated reset-identification request of a population user.
struct SdkFinanceResetRequest
{
    quint32 number = 0;       ///< 1-based, in creation order
    QString id;               ///< what the API shows
    quint32 populationId = 0; ///< whose request it is
    QString status;           ///< PENDING, APPROVED, DECLINED
    QDateTime createdAt;      ///< UTC
    QString comment;
    QDateTime decidedAt; ///< UTC; invalid while pending
};
