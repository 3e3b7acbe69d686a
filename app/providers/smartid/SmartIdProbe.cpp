// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdProbe.h"

#include "net/HttpClient.h"

#include <QCoreApplication>

HttpReply* SmartIdProbe::send(HttpClient* http)
{
    HttpRequest request;
    request.setMethod("GET")
        .setPath(QStringLiteral("/"))
        .setOperation(QCoreApplication::translate("SmartIdProbe", "test the connection"));
    return http->send(request);
}

bool SmartIdProbe::reachable(const HttpResult& result, QString* detail)
{
    if (result.httpStatus == 0)
        return false;
    *detail = QCoreApplication::translate(
                  "SmartIdProbe", "SmartID is reachable over TLS (HTTP %1). The API key cannot be verified "
                                  "without a state change (SmartID has no read-only call), so it was not.")
                  .arg(result.httpStatus);
    return true;
}
