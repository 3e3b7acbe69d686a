// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdWire.h"

#include <QCoreApplication>
#include <QList>

#include <algorithm>

namespace SmartIdWire {
namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SmartId", text);
}
} // namespace

QString providerName()
{
    return QStringLiteral("SmartID");
}

QString unenrollPath()
{
    return QStringLiteral("/api/kyc/unenroll");
}

QJsonObject unenrollBody(const QString& user)
{
    return QJsonObject{{QStringLiteral("User"), user}};
}

bool isUserId(const QString& id)
{
    if (id.isEmpty() || id.size() > kMaxUserIdLength || id.contains(QLatin1String("..")) ||
        !id.isValidUtf16())
        return false;
    // Whole code points (a lone surrogate was refused above): an e-mail address with accents is accepted.
    const QList<uint> codePoints = id.toUcs4();
    return std::all_of(codePoints.cbegin(), codePoints.cend(), [](uint c) {
        const auto u = char32_t(c);
        return QChar::isPrint(u) && !QChar::isSpace(u) && u != U'/' && u != U'\\' && u != U'%';
    });
}

bool looksLikeJson(const QByteArray& body)
{
    const QByteArray text = body.trimmed();
    return text.startsWith('{') || text.startsWith('[');
}

std::optional<int> bodyCode(const QJsonDocument& json)
{
    const QJsonObject o = json.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().compare(QLatin1String("code"), Qt::CaseInsensitive) != 0)
            continue;
        const QJsonValue v = it.value();
        if (v.isDouble())
            return v.toInt();
        if (v.isString()) {
            bool ok = false;
            const int code = v.toString().trimmed().toInt(&ok);
            if (ok)
                return code;
        }
    }
    return std::nullopt;
}

int effectiveCode(int httpStatus, const QJsonDocument& json)
{
    return bodyCode(json).value_or(httpStatus);
}

Result classify(int code)
{
    if (code >= 200 && code < 300)
        return Result::Ok;
    switch (code) {
    case 403:
        return Result::UserEmpty;
    case 406:
        return Result::UserNotFound;
    case 410:
        return Result::ChannelNotFound;
    case 500:
        return Result::InternalError;
    case 701:
        return Result::ServiceCallError;
    default:
        return Result::Other;
    }
}

QString message(const QJsonDocument& json)
{
    const QJsonObject o = json.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key().toLower();
        if ((key == QLatin1String("message") || key == QLatin1String("error") ||
             key == QLatin1String("error_message")) &&
            it.value().isString())
            return it.value().toString();
    }
    return QString();
}

void decodeError(const QJsonDocument& json, ApiError* error)
{
    const std::optional<int> code = bodyCode(json);
    if (code)
        error->providerCode = QString::number(*code);
    if (error->detail.isEmpty())
        error->detail = message(json);
    switch (classify(effectiveCode(error->httpStatus, json))) {
    case Result::UserEmpty:
        error->kind = ApiError::Kind::Validation;
        error->fieldErrors.insert(QStringLiteral("User"), {tr("user cannot be null or empty")});
        break;
    case Result::UserNotFound:
    case Result::ChannelNotFound:
        error->kind = ApiError::Kind::Provider;
        break;
    case Result::InternalError:
    case Result::ServiceCallError:
        error->kind = ApiError::Kind::Server;
        break;
    case Result::Ok:
    case Result::Other:
        break;
    }
}
} // namespace SmartIdWire
