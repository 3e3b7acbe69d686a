// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyWire.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QJsonArray>

namespace TrustSwiftlyWire {
namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("TrustSwiftly", text);
}

QString text(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'f', 0);
    return QString();
}

int intValue(const QJsonValue& v, int fallback)
{
    if (v.isDouble())
        return v.toInt(fallback);
    if (v.isString()) {
        bool ok = false;
        const int n = v.toString().toInt(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}
} // namespace

QString usersPath()
{
    return QStringLiteral("/api/users");
}

QString userPath(const QString& id)
{
    // Not percent-encoded here: HttpClient hands the path to QUrl::setPath(), which encodes it, so
    // encoding it here too sent "%2520" for a space. A user id needs no encoding at all, and
    // anything else (a '/', "..", '%') has no path.
    if (!isUserId(id))
        return QString();
    return QStringLiteral("/api/users/") + id;
}

QString templatesPath()
{
    return QStringLiteral("/api/settings/templates/verifications");
}

QString reverifyPath()
{
    return QStringLiteral("/api/user/document/reverify");
}

QString idString(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    // A number that is not a whole number within ±2^53 is no id (and must not be cast: UB).
    const double d = value.toDouble();
    if (value.isDouble() && std::abs(d) <= 9007199254740992.0 && std::trunc(d) == d)
        return QString::number(qint64(d));
    return QString();
}

bool isUserId(const QString& id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return c.unicode() < 128 && (c.isLetterOrNumber() || c == u'-' || c == u'_');
    });
}

bool parseUser(const QJsonObject& o, UserRecord* user, QString* error)
{
    const QString id = idString(o.value(QLatin1String("id")));
    if (id.isEmpty()) {
        *error = tr("a user has no 'id'");
        return false;
    }
    user->provider = QString::fromLatin1(kProviderKey);
    user->id = id;
    user->referenceId = text(o, "reference_id");
    user->firstName = text(o, "first_name");
    user->lastName = text(o, "last_name");
    user->email = text(o, "email");
    user->phone = text(o, "phone");
    user->status = text(o, "status");
    for (const char* key : {"current_workflow_id", "re_verify_workflow_id"}) {
        const QString value = text(o, key);
        if (!value.isEmpty())
            user->attributes.insert(QString::fromLatin1(key), value);
    }
    return true;
}

bool parseUserPage(const QJsonDocument& json, UserPage* page, QString* error)
{
    const QJsonValue data = json.object().value(QLatin1String("data"));
    if (!json.isObject() || !data.isArray()) {
        *error = tr("expected {\"data\": [...]} in the users listing");
        return false;
    }
    for (const QJsonValue& v : data.toArray()) {
        UserRecord user;
        if (!v.isObject()) {
            *error = tr("an entry of the users listing is not an object");
            return false;
        }
        if (!parseUser(v.toObject(), &user, error))
            return false;
        page->users.append(user);
    }
    // Laravel puts the paging fields under "meta"; plain paginators put them at the top level.
    QJsonObject meta = json.object().value(QLatin1String("meta")).toObject();
    if (meta.isEmpty())
        meta = json.object();
    page->page = intValue(meta.value(QLatin1String("current_page")), 1);
    page->perPage = intValue(meta.value(QLatin1String("per_page")), int(page->users.size()));
    page->lastPage = qMax(1, intValue(meta.value(QLatin1String("last_page")), page->page));
    page->total = intValue(meta.value(QLatin1String("total")), int(page->users.size()));
    return true;
}

bool parseUserEnvelope(const QJsonDocument& json, UserRecord* user, QString* error)
{
    const QJsonValue data = json.object().value(QLatin1String("data"));
    if (!data.isObject()) {
        *error = tr("expected {\"data\": {...}} for a user");
        return false;
    }
    return parseUser(data.toObject(), user, error);
}

bool parseWorkflows(const QJsonDocument& json, WorkflowList* workflows, QString* error)
{
    const QJsonValue data =
        json.isArray() ? QJsonValue(json.array()) : json.object().value(QLatin1String("data"));
    if (!data.isArray()) {
        *error = tr("expected {\"data\": [...]} in the workflow list");
        return false;
    }
    for (const QJsonValue& v : data.toArray()) {
        const QJsonObject o = v.toObject();
        Workflow w;
        w.id = idString(o.value(QLatin1String("id")));
        if (w.id.isEmpty()) {
            *error = tr("a workflow has no 'id'");
            return false;
        }
        w.name = text(o, "name");
        for (const QJsonValue& t : o.value(QLatin1String("types")).toArray())
            w.types << t.toString();
        workflows->append(w);
    }
    return true;
}

QJsonObject reverifyBody(const QString& userId, const QString& currentWorkflowId,
                         const QString& targetWorkflowId)
{
    return QJsonObject{{QStringLiteral("user_id"), userId},
                       {QStringLiteral("current_workflow_id"), currentWorkflowId},
                       {QStringLiteral("re_verify_workflow_id"), targetWorkflowId}};
}

bool isAlreadyAssigned(const QJsonDocument& json)
{
    const QJsonObject o = json.object();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key().compare(QLatin1String("error_type"), Qt::CaseInsensitive) == 0 &&
            it.value().toString().compare(QLatin1String("already_assigned"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool reverifyReportsFailure(const QJsonDocument& json)
{
    const QJsonValue success = json.object().value(QLatin1String("success"));
    return success.isBool() && !success.toBool();
}

QString errorMessage(const QJsonDocument& json)
{
    const QJsonObject o = json.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key().toLower();
        if ((key == QLatin1String("message") || key == QLatin1String("error_message")) &&
            it.value().isString())
            return it.value().toString();
    }
    return QString();
}

void decodeError(const QJsonDocument& json, ApiError* error)
{
    const QJsonObject o = json.object();
    if (isAlreadyAssigned(json)) {
        error->kind = ApiError::Kind::Conflict;
        error->providerCode = QStringLiteral("already_assigned");
    }
    const QJsonObject errors = o.value(QLatin1String("errors")).toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it) {
        QStringList messages;
        for (const QJsonValue& m : it.value().toArray())
            messages << m.toString();
        if (it.value().isString())
            messages << it.value().toString();
        error->fieldErrors.insert(it.key(), messages);
    }
    if (!error->fieldErrors.isEmpty() && error->kind == ApiError::Kind::Provider)
        error->kind = ApiError::Kind::Validation;
    if (!error->fieldErrors.isEmpty()) {
        QStringList parts;
        for (auto it = error->fieldErrors.cbegin(); it != error->fieldErrors.cend(); ++it)
            parts << it.key() + QStringLiteral(": ") + it.value().join(QLatin1Char(' '));
        error->detail = parts.join(QStringLiteral("; "));
    }
}
} // namespace TrustSwiftlyWire
