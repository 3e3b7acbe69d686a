// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QMetaType>
#include <QString>

/// Where one search source stands for the current query (per-source status of federated search).
struct SearchSourceStatus
{
    enum class State
    {
        Idle,    ///< no query yet (or cleared)
        Loading, ///< a page is on the wire
        Loaded,  ///< answered; `results` rows fetched so far
        Error    ///< failed; `error` says why (other sources are unaffected)
    };

    QString source;      ///< key: "index" or a provider key
    QString displayName; ///< "Local index", "Trust Swiftly", "SDK.Finance"
    State state = State::Idle;
    int results = 0;  ///< records received so far for this query
    qint64 total = 0; ///< matches the source reports in all
    bool hasMore = false;
    ApiError error;

    /// "loading…", "12 results", "error: …" (translated).
    QString text() const;
};

Q_DECLARE_METATYPE(SearchSourceStatus)
