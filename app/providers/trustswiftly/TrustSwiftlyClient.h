// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "services/UserDirectory.h"

#include <QObject>

class HttpClient;
class HttpReply;
class QNetworkAccessManager;

/// Trust Swiftly's read API: user search, user lookup, verification templates (seed 004).
class TrustSwiftlyClient final : public QObject, public UserDirectory
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrustSwiftlyClient)

public:
    TrustSwiftlyClient(const ConnectionProfile::TrustSwiftly& settings, const QList<QSslCertificate>& extraCas,
                       QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~TrustSwiftlyClient() override;

    QString providerName() const override;
    int maxPageSize() const override;
    HttpReply* searchUsers(const QString& text, int page, int perPage) override;
    HttpReply* user(const QString& id) override;
    /// The reply's value is a WorkflowList.
    HttpReply* workflows();

    HttpClient* http() const { return m_http; }

private:
    HttpClient* m_http;
};
