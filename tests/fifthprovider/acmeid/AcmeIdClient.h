// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/ActionExecutor.h"
#include "services/UserDirectory.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

class HttpClient;
class QNetworkAccessManager;

/// Acme ID, a provider that exists only in this test (docs/adding-a-provider.md): a user search
/// (GET users?q=&page=&per_page=) and one action, "lock" with params {"note": text}
/// (POST users/{id}/lock). Every request carries X-Acme-Key.
class AcmeIdClient final : public QObject, public UserDirectory, public ActionExecutor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcmeIdClient)

public:
    struct Settings
    {
        QUrl baseUrl;
        QString apiKey;
        QString pinSha256;
    };

    AcmeIdClient(const Settings& settings, const QList<QSslCertificate>& extraCas, QNetworkAccessManager* nam,
                 QObject* parent = nullptr);
    ~AcmeIdClient() override;

    // UserDirectory
    QString providerName() const override { return QStringLiteral("Acme ID"); }
    int maxPageSize() const override { return 50; }
    Reply<UserPage> searchUsers(const QString& text, int page, int perPage) override;
    Reply<UserRecord> user(const QString& id) override;

    // ActionExecutor
    QString provider() const override { return QStringLiteral("acmeid"); }
    QStringList actions() const override { return {QStringLiteral("lock")}; }
    QString validate(const ActionRequest& request) const override;
    QString describe(const ActionRequest& request) const override;
    QJsonObject preview(const ActionRequest& request) const override;
    QJsonObject intendedState(const ActionRequest& request) const override;
    HttpReply* send(const ActionRequest& request) override;
    ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const override;

    /// GET ping: what "Test connection" sends.
    HttpReply* ping();

private:
    HttpClient* m_http;
};
