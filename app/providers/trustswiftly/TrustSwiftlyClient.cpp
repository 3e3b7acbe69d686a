// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyClient.h"

#include "TrustSwiftlyWire.h"
#include "net/HttpClient.h"

TrustSwiftlyClient::TrustSwiftlyClient(const ConnectionProfile::TrustSwiftly& settings,
                                       const QList<QSslCertificate>& extraCas, QNetworkAccessManager* nam,
                                       QObject* parent)
    : QObject(parent)
{
    HttpClientConfig config;
    config.provider = providerName();
    config.baseUrl = settings.baseUrl;
    config.extraCaCertificates = extraCas;
    config.defaultHeaders.append({"Authorization", "Bearer " + settings.apiKey.toUtf8()});
    m_http = new HttpClient(config, nam, this);
}

TrustSwiftlyClient::~TrustSwiftlyClient() = default;

QString TrustSwiftlyClient::providerName() const
{
    return QStringLiteral("Trust Swiftly");
}

int TrustSwiftlyClient::maxPageSize() const
{
    return TrustSwiftlyWire::kMaxPerPage;
}

HttpReply* TrustSwiftlyClient::searchUsers(const QString& text, int page, int perPage)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter[search]"), text);
    query.addQueryItem(QStringLiteral("per_page"), QString::number(qBound(1, perPage, maxPageSize())));
    query.addQueryItem(QStringLiteral("page"), QString::number(qMax(1, page)));
    return m_http->send(HttpRequest()
                            .setPath(TrustSwiftlyWire::usersPath())
                            .setQuery(query)
                            .setOperation(tr("search users"))
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                UserPage page;
                                if (!TrustSwiftlyWire::parseUserPage(json, &page, error))
                                    return false;
                                *value = QVariant::fromValue(page);
                                return true;
                            }));
}

HttpReply* TrustSwiftlyClient::user(const QString& id)
{
    return m_http->send(HttpRequest()
                            .setPath(TrustSwiftlyWire::userPath(id))
                            .setOperation(tr("look up user %1").arg(id))
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                UserRecord user;
                                if (!TrustSwiftlyWire::parseUserEnvelope(json, &user, error))
                                    return false;
                                *value = QVariant::fromValue(user);
                                return true;
                            }));
}

HttpReply* TrustSwiftlyClient::workflows()
{
    return m_http->send(HttpRequest()
                            .setPath(TrustSwiftlyWire::templatesPath())
                            .setOperation(tr("list workflows"))
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                WorkflowList list;
                                if (!TrustSwiftlyWire::parseWorkflows(json, &list, error))
                                    return false;
                                *value = QVariant::fromValue(list);
                                return true;
                            }));
}
