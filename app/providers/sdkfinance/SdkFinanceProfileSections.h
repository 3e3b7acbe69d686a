// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ResetRequest.h"
#include "net/ApiError.h"

#include <QList>
#include <QString>
#include <functional>
#include <memory>

class SdkFinanceClient;
class SubjectProfileService;

/// SDK.Finance's section of the 360 view (SubjectProfileService), "sdkfinance": the profile's status
/// (found through the search by e-mail: SDK.Finance has no profile read) and the user's pending
/// reset-identification requests.
class SdkFinanceProfileSections
{
public:
    static void load(SubjectProfileService& service);

private:
    /// Found requests, the error that stopped the search, and a note when not every page was read.
    using RequestsDone = std::function<void(const QList<ResetRequest>&, const ApiError&, const QString&)>;
    static void loadRequests(SubjectProfileService& service, SdkFinanceClient* client, const QString& user,
                             int page, const std::shared_ptr<QList<ResetRequest>>& found,
                             const RequestsDone& finished);
};
