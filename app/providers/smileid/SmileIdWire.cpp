// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdWire.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

#include <algorithm>

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

bool isUserId(const QString& id)
{
    if (id.isEmpty() || id.size() > 100 || id.front().isSpace() || id.back().isSpace())
        return false;
    // Format characters too: a bidirectional override or a zero-width space makes an id read as another.
    return std::none_of(id.cbegin(), id.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
    });
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

QJsonObject jobStatusBody(const Account& account, const QString& userId, const QString& jobId, bool history,
                          bool imageLinks, const QString& ts)
{
    return QJsonObject{
        {QStringLiteral("timestamp"), ts},
        {QStringLiteral("signature"), signature(account.apiKey, account.partnerId, ts)},
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("job_id"), jobId},
        {QStringLiteral("partner_id"), account.partnerId},
        {QStringLiteral("image_links"), imageLinks},
        {QStringLiteral("history"), history},
    };
}

SmileIdJobStatus::Signature verifyResponseSignature(const QJsonObject& answer, const QString& apiKey,
                                                    const QString& partnerId)
{
    const QJsonValue sig = answer.value(QLatin1String("signature"));
    const QJsonValue ts = answer.value(QLatin1String("timestamp"));
    if (!sig.isString() || !ts.isString() || sig.toString().isEmpty() || ts.toString().isEmpty())
        return SmileIdJobStatus::Signature::Missing;
    const QByteArray expected = signature(apiKey, partnerId, ts.toString()).toLatin1();
    const QByteArray given = sig.toString().toUtf8();
    // Constant time: a mismatch must not tell an attacker how much of a forgery was right.
    const bool same = expected.size() == given.size() &&
                      CRYPTO_memcmp(expected.constData(), given.constData(), size_t(expected.size())) == 0;
    return same ? SmileIdJobStatus::Signature::Valid : SmileIdJobStatus::Signature::Invalid;
}

namespace {
QString textOf(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString();
}

bool boolOf(const QJsonValue& v)
{
    // Smile ID sends booleans; tolerate "true" strings.
    return v.isBool() ? v.toBool() : v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}
} // namespace

bool parseJobStatus(const QJsonDocument& json, SmileIdJobStatus* status, QString* error)
{
    if (!json.isObject()) {
        *error = tr("the job status is not a JSON object");
        return false;
    }
    const QJsonObject o = json.object();
    if (!o.contains(QLatin1String("job_complete"))) {
        *error = tr("the job status has no \"job_complete\"");
        return false;
    }
    SmileIdJobStatus s;
    s.raw = o;
    s.timestamp = o.value(QLatin1String("timestamp")).toString();
    s.jobComplete = boolOf(o.value(QLatin1String("job_complete")));
    s.jobSuccess = boolOf(o.value(QLatin1String("job_success")));
    s.code = textOf(o.value(QLatin1String("code")));
    const QJsonValue result = o.value(QLatin1String("result"));
    if (result.isObject()) {
        const QJsonObject r = result.toObject();
        s.hasResult = true;
        s.resultCode = textOf(r.value(QLatin1String("ResultCode")));
        s.resultText = textOf(r.value(QLatin1String("ResultText")));
        s.resultType = textOf(r.value(QLatin1String("ResultType")));
        s.smileJobId = textOf(r.value(QLatin1String("SmileJobID")));
        s.confidenceValue = textOf(r.value(QLatin1String("ConfidenceValue")));
        s.isFinalResult = boolOf(r.value(QLatin1String("IsFinalResult")));
        const QJsonObject pp = r.value(QLatin1String("PartnerParams")).toObject();
        s.partnerJobId = textOf(pp.value(QLatin1String("job_id")));
        s.partnerUserId = textOf(pp.value(QLatin1String("user_id")));
        s.jobType = textOf(pp.value(QLatin1String("job_type")));
    }
    s.history = o.value(QLatin1String("history")).toArray();
    s.imageLinks = o.value(QLatin1String("image_links")).toObject();
    if (const QJsonValue selfie = s.imageLinks.value(QLatin1String("selfie_image")); selfie.isString())
        s.imageUrls << selfie.toString();
    for (const QJsonValue& link : s.imageLinks.value(QLatin1String("liveness_images")).toArray()) {
        if (link.isString())
            s.imageUrls << link.toString();
    }
    *status = s;
    return true;
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

bool refusedDespite2xx(const QJsonDocument& json, ApiError* error)
{
    const QJsonValue success = json.object().value(QLatin1String("success"));
    if (!success.isBool() || success.toBool())
        return false;
    error->kind = ApiError::Kind::Provider;
    decodeError(json, error);
    if (error->detail.isEmpty())
        error->detail = QCoreApplication::translate("SmileIdWire", "the answer says \"success\": false");
    return true;
}
} // namespace SmileIdWire
