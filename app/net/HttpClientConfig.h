// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

/// How one HttpClient talks to one provider.
struct HttpClientConfig
{
    QString provider;                           ///< display name, used in error messages
    QUrl baseUrl;                               ///< may carry a path prefix; request paths are appended
    QList<QSslCertificate> extraCaCertificates; ///< trusted in addition to the system CAs
    QList<QPair<QByteArray, QByteArray>> defaultHeaders; ///< e.g. Authorization; never logged
    int timeoutMs = 15000;                               ///< per attempt
    int maxAttempts = 4;                                 ///< including the first
    int backoffBaseMs = 300;                             ///< first retry delay before jitter
    int maxRetryAfterSeconds = 60;                       ///< a longer Retry-After is reported, not waited for
    int stillWaitingAfterMs = 2000; ///< an attempt unanswered this long is told to the HttpWaitObserver
    /// The console's own limit, shared by every request of this client (searches and actions alike,
    /// first come first served): at most this many requests per rateLimitWindowMs. 0 = off.
    int rateLimitPerMinute = 0;
    int rateLimitWindowMs = 60000; ///< the window the limit counts in (a minute; tests shorten it)
    /// Certificate pinning: accepted PublicKeyPin values of the server's key (base64 SHA-256 of its
    /// SubjectPublicKeyInfo). Empty: no pinning (the CA check alone decides).
    QStringList pinnedPublicKeys;
};
