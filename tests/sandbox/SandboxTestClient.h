// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SandboxHttpResult.h"

#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

/// Synchronous HTTPS client for tests: trusts the given CAs (on top of the system ones), never
/// ignores a TLS error, and waits in a local event loop (acceptable in tests only).
class SandboxTestClient final
{
public:
    explicit SandboxTestClient(const QList<QSslCertificate>& trustedCas);

    /// Sent as User-Agent; empty: no User-Agent header at all.
    void setUserAgent(const QByteArray& userAgent) { m_userAgent = userAgent; }
    /// Sent as "Authorization: Bearer <key>"; empty: no Authorization header.
    void setBearer(const QByteArray& key) { m_bearer = key; }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

    SandboxHttpResult get(const QUrl& url);
    SandboxHttpResult post(const QUrl& url, const QByteArray& body,
                           const QByteArray& contentType = QByteArrayLiteral("application/json"));

private:
    QNetworkRequest makeRequest(const QUrl& url) const;
    SandboxHttpResult wait(QNetworkReply* reply);

    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
    QByteArray m_userAgent = QByteArrayLiteral("IdentityDesk-tests/1.0");
    QByteArray m_bearer;
    int m_timeoutMs = 10000;
};
