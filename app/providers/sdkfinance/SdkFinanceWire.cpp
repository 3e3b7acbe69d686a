// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceWire.h"

#include <cmath>
#include <limits>

#include <QCoreApplication>
#include <QJsonArray>

namespace {

/// Keys are matched case-insensitively: the seed spells the error text "Message".
QJsonValue valueOf(const QJsonObject& object, const char* key)
{
    const QString name = QLatin1String(key);
    const QJsonValue exact = object.value(name);
    if (!exact.isUndefined())
        return exact;
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    return QJsonValue(QJsonValue::Undefined);
}

/// A body with "status":"error" is a refusal even under a 2xx.
bool refusedInBody(const QJsonObject& o, QString* error)
{
    if (valueOf(o, "status").toString().compare(QLatin1String("error"), Qt::CaseInsensitive) != 0)
        return false;
    const QString message = valueOf(o, "Message").toString();
    *error = message.isEmpty()
                 ? QCoreApplication::translate("SdkFinanceWire", "the answer says status \"error\"")
                 : QCoreApplication::translate("SdkFinanceWire", "the answer says status \"error\": %1")
                       .arg(message);
    return true;
}

/// Doubles beyond this are not exact whole numbers; casting larger ones to qint64 could overflow (UB).
constexpr double kMaxExactDouble = 9007199254740992.0; // 2^53

/// A record count: a whole number from 0 to 2^53 (anything else, e.g. 4e52 or -1, gives the fallback).
qint64 countOf(const QJsonValue& value, qint64 fallback)
{
    if (!value.isDouble())
        return fallback;
    const double d = value.toDouble();
    return d >= 0 && d <= kMaxExactDouble ? qint64(d) : fallback;
}

int intOf(const QJsonValue& value, int fallback)
{
    if (value.isDouble())
        return value.toInt(fallback);
    if (value.isString()) {
        bool ok = false;
        const int n = value.toString().toInt(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}
} // namespace

namespace SdkFinanceWire {
QString providerName()
{
    return QStringLiteral("SDK.Finance");
}

QStringList statuses()
{
    return {QLatin1String(kPending), decidedStatus(true), decidedStatus(false)};
}

QString decidedStatus(bool approve)
{
    return approve ? QStringLiteral("APPROVED") : QStringLiteral("DECLINED");
}

QString authorizationPath()
{
    return QStringLiteral("/authorization");
}

QString resetRequestsPath()
{
    return QStringLiteral("/profiles/view-reset-identification-requests");
}

QString resetPath(const QString& userId)
{
    return QStringLiteral("/profiles/%1/reset").arg(userId);
}

QString decisionPath(const QString& userId, const QString& requestId, bool approve)
{
    return QStringLiteral("/profiles/%1/reset-identification-requests/%2/%3")
        .arg(userId, requestId, approve ? QStringLiteral("approve") : QStringLiteral("decline"));
}

QString profilesPath()
{
    return QStringLiteral("/profiles/view");
}

bool isPathSafeId(const QString& id)
{
    if (id.isEmpty() || id == QLatin1String(".") || id == QLatin1String(".."))
        return false;
    for (const QChar c : id)
        if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char('?') ||
            c == QLatin1Char('#') || c == QLatin1Char('%') || c.category() == QChar::Other_Control)
            return false;
    return true;
}

QJsonObject loginBody(const QString& login, const QString& password)
{
    return QJsonObject{{QStringLiteral("login"), login}, {QStringLiteral("password"), password}};
}

QJsonObject resetRequestsBody(const QString& status, int pageNumber, int pageSize)
{
    QJsonObject filter;
    if (!status.isEmpty())
        filter.insert(QStringLiteral("status"), status);
    return QJsonObject{{QStringLiteral("filter"), filter},
                       {QStringLiteral("pageNumber"), qMax(0, pageNumber)},
                       {QStringLiteral("pageSize"), qBound(1, pageSize, kMaxPageSize)}};
}

QJsonObject resetBody(const QStringList& fields)
{
    return QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
}

QJsonObject decisionBody()
{
    return QJsonObject();
}

QJsonObject profileSearchBody(const QString& text, int pageNumber, int pageSize)
{
    return QJsonObject{{QStringLiteral("filter"), QJsonObject{{QStringLiteral("text"), text}}},
                       {QStringLiteral("pageNumber"), qMax(0, pageNumber)},
                       {QStringLiteral("pageSize"), qBound(1, pageSize, kMaxPageSize)}};
}

QString idString(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    // A number that is not a whole number within ±2^53 is no id (and must not be cast: UB).
    if (value.isDouble() && std::abs(value.toDouble()) <= kMaxExactDouble)
        return QString::number(qint64(value.toDouble()));
    return QString();
}

QDateTime parseTime(const QJsonValue& value)
{
    if (value.isDouble())
        return std::abs(value.toDouble()) <= kMaxExactDouble
                   ? QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC)
                   : QDateTime();
    if (!value.isString())
        return QDateTime();
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

bool parseLogin(const QJsonDocument& json, SdkFinanceLogin* login, QString* error)
{
    if (!json.isObject()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the login answer is not a JSON object");
        return false;
    }
    const QJsonObject o = json.object();
    if (refusedInBody(o, error))
        return false;
    const QJsonArray members = valueOf(o, "members").toArray();
    if (members.isEmpty() || !members.first().isObject()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the login answer has no \"members\"");
        return false;
    }
    // An account with several memberships: the first one is the console's (assumption).
    const QJsonObject member = members.first().toObject();
    const QJsonValue token = valueOf(member, "token");
    // The token may be an object {"token","expiresAt"} (docs/architecture.md) or, tolerated, a bare string.
    const QString tokenText =
        token.isObject() ? valueOf(token.toObject(), "token").toString() : token.toString();
    if (tokenText.trimmed().isEmpty()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the login answer has no token");
        return false;
    }
    login->token = tokenText.trimmed().toUtf8();
    login->expiresAt = token.isObject() ? parseTime(valueOf(token.toObject(), "expiresAt")) : QDateTime();
    login->role = valueOf(member, "role").toString();
    login->permissions.clear();
    for (const QJsonValue& p : valueOf(member, "permissions").toArray())
        if (p.isString())
            login->permissions << p.toString();
    const QJsonObject user = valueOf(member, "user").toObject();
    login->userId = idString(valueOf(user, "id"));
    login->userName = valueOf(user, "name").toString();
    return true;
}

bool parseResetRequestPage(const QJsonDocument& json, ResetRequestPage* page, QString* error)
{
    if (!json.isObject()) {
        *error =
            QCoreApplication::translate("SdkFinanceWire", "the list of reset requests is not a JSON object");
        return false;
    }
    const QJsonObject o = json.object();
    if (refusedInBody(o, error))
        return false;
    const QJsonValue records = valueOf(o, "records");
    if (!records.isArray()) {
        *error = QCoreApplication::translate("SdkFinanceWire",
                                             "the list of reset requests has no \"records\" array");
        return false;
    }
    ResetRequestPage p;
    for (const QJsonValue& v : records.toArray()) {
        const QJsonObject r = v.toObject();
        ResetRequest request;
        request.id = idString(valueOf(r, "id"));
        if (request.id.isEmpty()) {
            *error = QCoreApplication::translate("SdkFinanceWire", "a reset request has no \"id\"");
            return false;
        }
        request.status = valueOf(r, "status").toString();
        request.userId = idString(valueOf(r, "userId"));
        request.userName = valueOf(r, "userName").toString();
        const QJsonValue created = valueOf(r, "createdAt");
        request.createdAt = parseTime(created);
        request.createdAtText =
            created.isString()
                ? created.toString()
                : (request.createdAt.isValid() ? request.createdAt.toString(Qt::ISODateWithMs) : QString());
        request.comment = valueOf(r, "comment").toString();
        p.records << request;
    }
    p.pageNumber = intOf(valueOf(o, "pageNumber"), 0);
    p.pageSize = intOf(valueOf(o, "pageSize"), int(p.records.size()));
    p.totalRecords = countOf(valueOf(o, "totalRecords"), p.records.size());
    p.totalPages = intOf(valueOf(o, "totalPages"),
                         p.pageSize > 0 ? int((p.totalRecords + p.pageSize - 1) / p.pageSize) : 0);
    *page = p;
    return true;
}

bool parseResetResponse(const QJsonDocument& json, QJsonObject* profile, QString* error)
{
    if (!json.isObject()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the reset answer is not a JSON object");
        return false;
    }
    const QJsonObject o = json.object();
    if (refusedInBody(o, error))
        return false;
    const QJsonValue p = valueOf(o, "profile");
    if (!p.isObject()) {
        *error =
            QCoreApplication::translate("SdkFinanceWire", "the reset answer has no \"profile\" document");
        return false;
    }
    *profile = p.toObject();
    return true;
}

bool parseOk(const QJsonDocument& json, QString* error)
{
    if (json.isNull())
        return true;
    if (!json.isObject()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the answer is not a JSON object");
        return false;
    }
    return !refusedInBody(json.object(), error);
}

bool parseProfilePage(const QJsonDocument& json, UserPage* page, QString* error)
{
    if (!json.isObject()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the profile list is not a JSON object");
        return false;
    }
    const QJsonObject o = json.object();
    if (refusedInBody(o, error))
        return false;
    const QJsonValue records = valueOf(o, "records");
    if (!records.isArray()) {
        *error = QCoreApplication::translate("SdkFinanceWire", "the profile list has no \"records\" array");
        return false;
    }
    UserPage p;
    for (const QJsonValue& v : records.toArray()) {
        const QJsonObject r = v.toObject();
        UserRecord u;
        u.provider = QLatin1String(kProviderKey);
        u.id = idString(valueOf(r, "id"));
        if (u.id.isEmpty()) {
            *error = QCoreApplication::translate("SdkFinanceWire", "a profile has no \"id\"");
            return false;
        }
        // One "name" field (assumption): split at the last space for the first / last columns.
        const QString name = valueOf(r, "name").toString().trimmed();
        const qsizetype space = name.lastIndexOf(QLatin1Char(' '));
        u.firstName = space < 0 ? name : name.left(space);
        u.lastName = space < 0 ? QString() : name.mid(space + 1);
        u.email = valueOf(r, "email").toString();
        u.phone = valueOf(r, "phone").toString();
        u.status = valueOf(r, "status").toString();
        p.users << u;
    }
    // UserPage is 1-based; SDK.Finance pages are 0-based.
    p.page = qBound(0, intOf(valueOf(o, "pageNumber"), 0), std::numeric_limits<int>::max() - 1) + 1;
    p.perPage = intOf(valueOf(o, "pageSize"), int(p.users.size()));
    p.total = countOf(valueOf(o, "totalRecords"), p.users.size());
    p.lastPage = qMax(1, intOf(valueOf(o, "totalPages"), 1));
    *page = p;
    return true;
}

QString errorText(const QJsonDocument& json)
{
    return json.isObject() ? valueOf(json.object(), "Message").toString().trimmed() : QString();
}

void decodeError(const QJsonDocument& json, ApiError* error)
{
    QString message = errorText(json);
    switch (error->httpStatus) {
    case 400:
        error->kind = ApiError::Kind::Validation;
        break;
    case 401:
        // An expired or missing token: the request was refused before anything happened.
        error->surelyNotProcessed = true;
        break;
    case 403:
        error->surelyNotProcessed = true;
        message = message.isEmpty()
                      ? QCoreApplication::translate("SdkFinanceWire",
                                                    "the SDK.Finance login is not permitted to do this")
                      : QCoreApplication::translate("SdkFinanceWire",
                                                    "the SDK.Finance login is not permitted to do this (%1)")
                            .arg(message);
        break;
    case 404:
        if (message.isEmpty())
            message = QCoreApplication::translate("SdkFinanceWire", "unknown user or request");
        break;
    default:
        break;
    }
    if (!message.isEmpty())
        error->detail = message;
}

bool refusedDespite2xx(const QJsonDocument& json, ApiError* error)
{
    QString why;
    if (!json.isObject() || !refusedInBody(json.object(), &why))
        return false;
    error->kind = ApiError::Kind::Provider;
    error->detail = why;
    return true;
}
} // namespace SdkFinanceWire
