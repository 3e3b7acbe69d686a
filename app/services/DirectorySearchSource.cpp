// SPDX-License-Identifier: GPL-3.0-or-later
#include "DirectorySearchSource.h"

#include "UserDirectory.h"

DirectorySearchSource::DirectorySearchSource(UserDirectory& directory, QString key)
    : m_directory(directory)
    , m_key(std::move(key))
{}

QString DirectorySearchSource::displayName() const
{
    return m_directory.providerName();
}

int DirectorySearchSource::maxPageSize() const
{
    return m_directory.maxPageSize();
}

Reply<UserPage> DirectorySearchSource::page(const QString& text, int page, int perPage)
{
    return m_directory.searchUsers(text, page, perPage);
}
