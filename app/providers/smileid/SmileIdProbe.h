// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "net/HttpResult.h"
#include "providers/smileid/SmileIdSettings.h"

#include <QDateTime>

class HttpClient;
class HttpReply;

/// "Test connection" for Smile ID, which has no harmless read of the account: a signed
/// POST /v1/job_status for a job that does not exist. A 2205/2405 or 401 means the key (or partner
/// id) is wrong; any other answer from Smile ID proves the signature was accepted.
class SmileIdProbe final
{
public:
    /// Sends the probe through http (whose base is the api_url).
    static HttpReply* send(HttpClient* http, const SmileIdSettings& settings, const QDateTime& now);
    /// True when the result proves the key and partner id were accepted: a success, or a refusal in Smile
    /// ID's own {"code","error"} other than 2205/2405. Otherwise the failure stays in result.error (Auth for
    /// a refused signature), and *detail says why an answer without a Smile ID code proves nothing.
    static bool keyAccepted(const HttpResult& result, QString* detail);
};
