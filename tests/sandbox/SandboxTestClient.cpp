// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxTestClient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkRequest>
#include <QTimer>

SandboxTestClient::SandboxTestClient(const QList<QSslCertificate>& trustedCas)
    : m_ssl(QSslConfiguration::defaultConfiguration())
{
    m_ssl.addCaCertificates(trustedCas);
}

QNetworkRequest SandboxTestClient::makeRequest(const QUrl& url) const
{
    QNetworkRequest request(url);
    request.setSslConfiguration(m_ssl);
    request.setRawHeader("Accept", "application/json");
    if (!m_userAgent.isEmpty())
        request.setRawHeader("User-Agent", m_userAgent);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    request.setTransferTimeout(m_timeoutMs);
    return request;
}

SandboxHttpResult SandboxTestClient::get(const QUrl& url)
{
    return wait(m_manager.get(makeRequest(url)));
}

SandboxHttpResult SandboxTestClient::post(const QUrl& url, const QByteArray& body,
                                          const QByteArray& contentType)
{
    QNetworkRequest request = makeRequest(url);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    return wait(m_manager.post(request, body));
}

SandboxHttpResult SandboxTestClient::wait(QNetworkReply* reply)
{
    SandboxHttpResult result;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::sslErrors, &loop,
                     [&result](const QList<QSslError>& errors) { result.sslErrors = errors; });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, [&result, &loop] {
        result.timedOut = true;
        loop.quit();
    });
    guard.start(m_timeoutMs + 5000);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        reply->abort();

    result.elapsedMs = clock.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    result.errorString = reply->errorString();
    if (result.error == QNetworkReply::OperationCanceledError || result.error == QNetworkReply::TimeoutError)
        result.timedOut = true;
    reply->deleteLater();
    return result;
}
