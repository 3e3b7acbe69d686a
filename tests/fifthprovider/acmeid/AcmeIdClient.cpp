// SPDX-License-Identifier: GPL-3.0-or-later
#include "AcmeIdClient.h"

#include "domain/UserRecord.h"
#include "net/HttpClient.h"
#include "services/OutcomeRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace {
UserRecord userFrom(const QJsonObject& o)
{
    UserRecord u;
    u.provider = QStringLiteral("acmeid");
    u.id = o.value(QStringLiteral("id")).toString();
    const QStringList name = o.value(QStringLiteral("name")).toString().split(u' ');
    u.firstName = name.value(0);
    u.lastName = name.mid(1).join(u' ');
    u.email = o.value(QStringLiteral("email")).toString();
    u.status = o.value(QStringLiteral("locked")).toBool() ? QStringLiteral("locked") : QStringLiteral("open");
    return u;
}
} // namespace

AcmeIdClient::AcmeIdClient(const Settings& settings, const QList<QSslCertificate>& extraCas,
                           QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
{
    HttpClientConfig config;
    config.provider = providerName();
    config.baseUrl = settings.baseUrl;
    config.extraCaCertificates = extraCas;
    if (!settings.pinSha256.isEmpty())
        config.pinnedPublicKeys << settings.pinSha256;
    config.defaultHeaders.append({QByteArrayLiteral("X-Acme-Key"), settings.apiKey.toUtf8()});
    m_http = new HttpClient(config, nam, this);
}

AcmeIdClient::~AcmeIdClient() = default;

Reply<UserPage> AcmeIdClient::searchUsers(const QString& text, int page, int perPage)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("q"), text);
    query.addQueryItem(QStringLiteral("page"), QString::number(page));
    query.addQueryItem(QStringLiteral("per_page"), QString::number(perPage));
    return m_http->send(
        HttpRequest()
            .setPath(QStringLiteral("users"))
            .setQuery(query)
            .setOperation(QStringLiteral("Search Acme ID users"))
            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                if (!json.isObject()) {
                    *error = QStringLiteral("not an object");
                    return false;
                }
                UserPage page;
                for (const QJsonValue& v : json.object().value(QStringLiteral("data")).toArray())
                    page.users << userFrom(v.toObject());
                page.total = json.object().value(QStringLiteral("total")).toInteger();
                page.lastPage = qMax(1, json.object().value(QStringLiteral("last_page")).toInt());
                *value = QVariant::fromValue(page);
                return true;
            }));
}

Reply<UserRecord> AcmeIdClient::user(const QString& id)
{
    return m_http->send(HttpRequest()
                            .setPath(QStringLiteral("users/") + id)
                            .setOperation(QStringLiteral("Read Acme ID user"))
                            .setParser([](const QJsonDocument& json, QVariant* value, QString*) {
                                *value = QVariant::fromValue(userFrom(json.object()));
                                return true;
                            }));
}

QString AcmeIdClient::validate(const ActionRequest& request) const
{
    static const QRegularExpression id(QStringLiteral("^A-[0-9]{1,9}$"));
    if (request.action != QLatin1String("lock"))
        return QStringLiteral("Acme ID has no action '%1'.").arg(request.action);
    if (!id.match(request.userId).hasMatch())
        return QStringLiteral("'%1' is not an Acme ID user id (A-<digits>).").arg(request.userId);
    return QString();
}

QString AcmeIdClient::describe(const ActionRequest& request) const
{
    return QStringLiteral("Lock Acme ID user %1").arg(request.userId);
}

QJsonObject AcmeIdClient::preview(const ActionRequest& request) const
{
    return {{QStringLiteral("method"), QStringLiteral("POST")},
            {QStringLiteral("url"),
             m_http->urlFor(QStringLiteral("users/%1/lock").arg(request.userId)).toString()},
            {QStringLiteral("body"),
             QJsonObject{{QStringLiteral("note"), request.params.value(QStringLiteral("note"))}}}};
}

QJsonObject AcmeIdClient::intendedState(const ActionRequest&) const
{
    return {{QStringLiteral("locked"), true}};
}

HttpReply* AcmeIdClient::send(const ActionRequest& request)
{
    return m_http->send(HttpRequest()
                            .setMethod("POST")
                            .setPath(QStringLiteral("users/%1/lock").arg(request.userId))
                            .setBody(QJsonDocument(QJsonObject{
                                {QStringLiteral("note"), request.params.value(QStringLiteral("note"))}}))
                            .setOperation(describe(request))
                            .setIdempotent(false));
}

ActionOutcome AcmeIdClient::interpret(const ActionRequest& request, const HttpResult& result) const
{
    if (result.httpStatus == 0 || (result.error.isError() && result.httpStatus != 404))
        return OutcomeRules::fromError(result.error);
    ActionOutcome o;
    o.httpStatus = result.httpStatus;
    if (result.httpStatus == 404) {
        o.kind = ActionOutcome::Kind::Rejected;
        o.message = QStringLiteral("Acme ID does not know user %1.").arg(request.userId);
        return o;
    }
    o.kind = ActionOutcome::Kind::Succeeded;
    o.message = QStringLiteral("Acme ID locked user %1.").arg(request.userId);
    o.after = intendedState(request);
    return o;
}

HttpReply* AcmeIdClient::ping()
{
    return m_http->send(
        HttpRequest().setPath(QStringLiteral("ping")).setOperation(QStringLiteral("Ping Acme ID")));
}
