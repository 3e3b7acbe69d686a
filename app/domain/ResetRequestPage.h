// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ResetRequest.h"

#include <QList>
#include <QMetaType>

/// One page of SDK.Finance's reset-identification requests (0-based pages).
struct ResetRequestPage
{
    QList<ResetRequest> records;
    int pageNumber = 0; ///< 0-based
    int pageSize = 0;
    qint64 totalRecords = 0;
    int totalPages = 0;
};

Q_DECLARE_METATYPE(ResetRequestPage)
