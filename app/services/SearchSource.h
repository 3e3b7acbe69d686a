// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SearchHit.h"
#include "domain/UserRecord.h"
#include "net/Reply.h"

#include <QList>
#include <QString>

class HttpReply;

/// One place federated search asks: the local subject index or a provider that can search.
/// A page request returns a reply whose value is a UserPage (1-based pages).
class SearchSource
{
public:
    virtual ~SearchSource() = default;
    /// "index", or the key of the provider that searches
    virtual QString key() const = 0;
    /// "Local index", "Trust Swiftly", "SDK.Finance" (translated)
    virtual QString displayName() const = 0;
    virtual int maxPageSize() const = 0;
    /// page is 1-based. The reply finishes later (never inside this call) and may be cancelled.
    virtual Reply<UserPage> page(const QString& text, int page, int perPage) = 0;
};
