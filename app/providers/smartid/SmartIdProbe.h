// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/HttpResult.h"

class HttpClient;
class HttpReply;

/// "Test connection" for SmartID Suite, which has no read-only call: a GET of the base URL proves
/// DNS, TLS (certificate and pin) and reachability. The API key cannot be verified without an
/// enroll or un-enroll, which change state, so it is not.
class SmartIdProbe final
{
public:
    static HttpReply* send(HttpClient* http);
    /// True when any HTTP answer came back (the server is reachable over trusted TLS).
    static bool reachable(const HttpResult& result, QString* detail);
};
