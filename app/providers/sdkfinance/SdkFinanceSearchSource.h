// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/SearchSource.h"

class SdkFinanceClient;

/// Federated search in SDK.Finance's profiles (`POST /profiles/view`, an assumption of docs/architecture.md).
class SdkFinanceSearchSource final : public SearchSource
{
public:
    explicit SdkFinanceSearchSource(SdkFinanceClient& client);
    QString key() const override;
    QString displayName() const override;
    int maxPageSize() const override;
    Reply<UserPage> page(const QString& text, int page, int perPage) override;

private:
    SdkFinanceClient& m_client;
};
