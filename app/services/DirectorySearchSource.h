// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SearchSource.h"

class UserDirectory;

/// Federated search in a provider's user directory (Trust Swiftly's users).
class DirectorySearchSource final : public SearchSource
{
public:
    /// `directory` is not owned; `key` is its provider key.
    DirectorySearchSource(UserDirectory& directory, QString key);
    QString key() const override { return m_key; }
    QString displayName() const override;
    int maxPageSize() const override;
    Reply<UserPage> page(const QString& text, int page, int perPage) override;

private:
    UserDirectory& m_directory;
    QString m_key;
};
