// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMetaType>
#include <QString>

/// What a bulk dry run learns of SDK.Finance's pending reset requests before it checks approve and
/// decline rows (SdkFinanceClient::prepareStateCheck): which user each pending request belongs to.
/// SDK.Finance cannot look a request up by id, so the pending list is read a page at a time.
struct PendingResetRequests
{
    /// Pages of SdkFinanceWire::kMaxPageSize read at most: 20,000 requests, as the 360 view reads.
    static constexpr int kMaxPages = 20;

    QHash<QString, QString> userOf; ///< pending request id → the user's id
    qint64 total = 0;               ///< pending requests at SDK.Finance
    bool complete = false;          ///< every pending request was read (not cut at kMaxPages)
};

Q_DECLARE_METATYPE(PendingResetRequests)
