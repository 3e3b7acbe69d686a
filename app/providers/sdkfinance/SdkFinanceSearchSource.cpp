// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceSearchSource.h"

#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceWire.h"

SdkFinanceSearchSource::SdkFinanceSearchSource(SdkFinanceClient& client)
    : m_client(client)
{}

QString SdkFinanceSearchSource::key() const
{
    return QString::fromLatin1(SdkFinanceWire::kProviderKey);
}

QString SdkFinanceSearchSource::displayName() const
{
    return m_client.providerName();
}

int SdkFinanceSearchSource::maxPageSize() const
{
    return SdkFinanceWire::kMaxPageSize;
}

Reply<UserPage> SdkFinanceSearchSource::page(const QString& text, int page, int perPage)
{
    return m_client.searchProfiles(text, qMax(1, page) - 1, perPage); // SDK.Finance pages are 0-based
}
