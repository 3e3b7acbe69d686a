// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdProbe.h"
#include "providers/smileid/SmileIdSettings.h"

#include "SmileIdWire.h"
#include "net/HttpClient.h"

#include <QCoreApplication>
#include <QJsonObject>

HttpReply* SmileIdProbe::send(HttpClient* http, const SmileIdSettings& settings, const QDateTime& now)
{
    const QString probeId =
        QStringLiteral("identitydesk-connection-test-") + QString::number(now.toMSecsSinceEpoch());
    const SmileIdWire::Account account{settings.partnerId, settings.apiKey, settings.email,
                                       settings.environment};
    const QJsonObject body =
        SmileIdWire::jobStatusBody(account, probeId, probeId, false, false, SmileIdWire::timestamp(now));
    HttpRequest request;
    request.setMethod("POST")
        .setPath(SmileIdWire::jobStatusPath())
        .setBody(QJsonDocument(body))
        .setIdempotent(true) // a status read changes nothing
        .setOperation(QCoreApplication::translate("SmileIdProbe", "test the connection"))
        .setErrorDecoder(&SmileIdWire::decodeError);
    return http->send(request);
}

bool SmileIdProbe::keyAccepted(const HttpResult& result, QString* detail)
{
    const ApiError& e = result.error;
    if (result.httpStatus == 0)
        return false; // DNS, TLS, timeout: nothing reached Smile ID
    if (e.kind == ApiError::Kind::Auth || e.providerCode == QLatin1String("2205") ||
        e.providerCode == QLatin1String("2405"))
        return false;
    // Only Smile ID's own refusal ({"code","error"}) proves the signature was checked: a 404 or 405 from a
    // wrong api_url, a proxy's 5xx or an HTML page says nothing about the key.
    if (e.isError() && e.providerCode.isEmpty()) {
        *detail =
            QCoreApplication::translate(
                "SmileIdProbe",
                "The server answered HTTP %1 without a Smile ID answer, so the API key was not checked: "
                "make sure the API URL is Smile ID's job-status base (e.g. "
                "https://testapi.smileidentity.com).")
                .arg(result.httpStatus);
        return false;
    }
    *detail =
        e.isError()
            ? QCoreApplication::translate("SmileIdProbe",
                                          "Smile ID answered the signed status request (HTTP %1%2), so the "
                                          "API key and partner id were accepted.")
                  .arg(result.httpStatus)
                  .arg(e.providerCode.isEmpty() ? QString() : QStringLiteral(", code ") + e.providerCode)
            : QCoreApplication::translate("SmileIdProbe",
                                          "Smile ID accepted the signed status request: the API key "
                                          "and partner id are valid.");
    return true;
}
