// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdWire.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace SmileIdWire {
namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SmileId", text);
}
} // namespace

QString enrolleePath()
{
    return QStringLiteral("/api/v2/partner/enrollee");
}

QString jobStatusPath()
{
    return QStringLiteral("/v1/job_status");
}

QStringList flags()
{
    return {QStringLiteral("allow_new_enroll"), QStringLiteral("active"), QStringLiteral("delete"),
            QStringLiteral("is_fraudulent")};
}

bool flagAcceptsOnly(const QString& flag, bool* only)
{
    if (flag == QLatin1String("allow_new_enroll") || flag == QLatin1String("delete")) {
        *only = true;
        return true;
    }
    return false;
}

QString timestamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString signature(const QString& apiKey, const QString& partnerId, const QString& timestamp)
{
    const QByteArray message = (timestamp + partnerId + QStringLiteral("sid_request")).toUtf8();
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(message, apiKey.toUtf8(), QCryptographicHash::Sha256).toBase64());
}

QJsonObject enrolleeBody(const Account& account, const QString& userId, const QString& flag, bool value,
                         const QString& ts)
{
    return QJsonObject{
        {flag, value},
        {QStringLiteral("email"), account.email},
        {QStringLiteral("environment"), account.environment},
        {QStringLiteral("partner_id"), account.partnerId},
        {QStringLiteral("signature"), signature(account.apiKey, account.partnerId, ts)},
        {QStringLiteral("timestamp"), ts},
        {QStringLiteral("user_id"), userId},
    };
}

QString codeMessage(const QString& code)
{
    const int n = code.toInt();
    switch (n) {
    case 2203:
        return tr("the request was not valid JSON (2203)");
    case 2204:
        return tr("a field has the wrong type (2204)");
    case 2205:
    case 2405:
        return tr("not authorised (%1): check the partner id, API key and environment in the connection "
                  "profile")
            .arg(code);
    case 2207:
        return tr("the user is disabled (2207)");
    case 2208:
        return tr("the user has been deleted (2208)");
    case 2209:
        return tr("the user is already enrolled (2209)");
    case 2210:
        return tr("there is no enrolled user with this id (2210)");
    case 2211:
        return tr("the user must re-enroll (2211)");
    case 2213:
        return tr("a required parameter is missing (2213)");
    default:
        return code.isEmpty() ? QString() : tr("Smile ID error %1").arg(code);
    }
}

void decodeError(const QJsonDocument& json, ApiError* error)
{
    const QJsonObject o = json.object();
    const QJsonValue code = o.value(QLatin1String("code"));
    if (code.isString())
        error->providerCode = code.toString();
    else if (code.isDouble())
        error->providerCode = QString::number(code.toInt());
    const QString known = codeMessage(error->providerCode);
    const QString text = o.value(QLatin1String("error")).toString();
    if (!known.isEmpty())
        error->detail = text.isEmpty() ? known : known + QStringLiteral(" — ") + text;
    if (error->providerCode == QLatin1String("2205") || error->providerCode == QLatin1String("2405"))
        error->kind = ApiError::Kind::Auth;
}
} // namespace SmileIdWire
