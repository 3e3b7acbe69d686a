// SPDX-License-Identifier: GPL-3.0-or-later
// SDK.Finance response decoding: login, reset-request pages, reset answer, {"status":"ok"}, profile
// search pages and the error body, each fed the same document.
#include "FuzzSupport.h"
#include "providers/sdkfinance/SdkFinanceWire.h"

#include <QJsonArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const FuzzSupport::Response r = FuzzSupport::responseFrom(data, size);
    QString why;
    SdkFinanceLogin login;
    (void)SdkFinanceWire::parseLogin(r.json, &login, &why);
    ResetRequestPage requests;
    (void)SdkFinanceWire::parseResetRequestPage(r.json, &requests, &why);
    QJsonObject profile;
    (void)SdkFinanceWire::parseResetResponse(r.json, &profile, &why);
    (void)SdkFinanceWire::parseOk(r.json, &why);
    UserPage users;
    (void)SdkFinanceWire::parseProfilePage(r.json, &users, &why);
    if (r.json.isArray()) {
        for (const QJsonValue& v : r.json.array()) {
            (void)SdkFinanceWire::idString(v);
            (void)SdkFinanceWire::parseTime(v);
        }
    }
    (void)SdkFinanceWire::isPathSafeId(QString::fromUtf8(r.body));
    ApiError e = FuzzSupport::errorFor(r.status);
    SdkFinanceWire::decodeError(r.json, &e);
    FuzzSupport::touch(e);
    return 0;
}
