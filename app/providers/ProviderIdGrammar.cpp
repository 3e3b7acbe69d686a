// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProviderIdGrammar.h"

#include "sdkfinance/SdkFinanceClient.h"
#include "smartid/SmartIdClient.h"
#include "smileid/SmileIdClient.h"
#include "trustswiftly/TrustSwiftlyClient.h"

QString ProviderIdGrammar::problem(const QString& provider, const QString& id)
{
    if (provider == QLatin1String("smileid"))
        return SmileIdClient::userIdProblem(id);
    if (provider == QLatin1String("sdkfinance"))
        return SdkFinanceClient::userIdProblem(id);
    if (provider == QLatin1String("trustswiftly"))
        return TrustSwiftlyClient::userIdProblem(id);
    if (provider == QLatin1String("smartid"))
        return SmartIdClient::userIdProblem(id);
    return QString();
}
