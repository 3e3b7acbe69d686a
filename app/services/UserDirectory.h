// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "net/Reply.h"

#include <QString>

/// A provider that can search its users page by page. The reply's value is a UserPage.
class UserDirectory
{
public:
    virtual ~UserDirectory() = default;
    /// Display name of the provider, e.g. "Trust Swiftly".
    virtual QString providerName() const = 0;
    /// The provider's key: the records it returns carry it (UserRecord::provider).
    virtual QString provider() const = 0;
    /// Largest page size the provider accepts.
    virtual int maxPageSize() const = 0;
    /// page is 1-based.
    virtual Reply<UserPage> searchUsers(const QString& text, int page, int perPage) = 0;
    /// One user by the provider's id; the reply's value is a UserRecord.
    virtual Reply<UserRecord> user(const QString& id) = 0;
};
