// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpClientConfig.h"
#include "HttpReply.h"
#include "HttpRequest.h"
#include "HttpWait.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>

class ClientRateLimiter;
class QNetworkAccessManager;
class QNetworkReply;

/// Asynchronous JSON-over-HTTPS client for one provider: timeouts, retries with backoff and jitter
/// for idempotent reads and 429, typed errors, TLS verification always on, and (when configured)
/// the console's own rate limit, which every attempt passes through.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    /// Uses nam if given (not owned), otherwise creates its own access manager.
    explicit HttpClient(HttpClientConfig config, QNetworkAccessManager* nam = nullptr,
                        QObject* parent = nullptr);
    ~HttpClient() override;

    const HttpClientConfig& config() const { return m_config; }
    /// Sends the request; the reply emits finished() once and deletes itself afterwards.
    HttpReply* send(HttpRequest request);
    /// The URL a request path resolves to (base URL with its path prefix kept).
    QUrl urlFor(const QString& path, const QUrlQuery& query = {}) const;

    /// Sets the console's own limit (HttpClientConfig::rateLimitPerMinute; 0 = off) for requests
    /// sent from now on; requests already waiting keep their place in the old queue.
    void setRateLimit(int perWindow, int windowMs = 60000);
    /// The client's rate limiter; null when there is no limit.
    ClientRateLimiter* rateLimiter() const { return m_limiter; }

    static QByteArray userAgent();
    /// Seconds a Retry-After value asks to wait at `now`: delta-seconds ("120") or an HTTP-date
    /// ("Wed, 21 Oct 2026 07:28:00 GMT", counted from `now`, 0 when already past); -1 when unreadable.
    static int retryAfterSeconds(const QByteArray& value, const QDateTime& now);
    /// Seconds until the rate-limit window reopens, from an `X-RateLimit-Reset` value read at the
    /// server's `now` (its Date header): a Unix time in seconds (Laravel's throttle, which Trust Swiftly's
    /// API is built on; the seed documents no format — an assumption), or, for a value too small to be
    /// one, seconds from now (the IETF RateLimit-Reset style); 0 when already past; -1 when unreadable.
    static int rateLimitResetSeconds(const QByteArray& value, const QDateTime& now);
    /// An HTTP-date (RFC 9110 IMF-fixdate, "Wed, 21 Oct 2026 07:28:00 GMT"); invalid when unreadable.
    static QDateTime httpDate(const QByteArray& value);

private:
    struct Call;
    /// True while `call` (with this serial) is still one of m_calls, i.e. not completed and deleted.
    bool isLive(const Call* call, quint64 serial) const;
    void admit(Call* call, bool retry);
    void startAttempt(Call* call);
    void onAttemptFinished(Call* call, QNetworkReply* reply);
    /// The attempt in flight no longer holds its rate-limit slot or background connection (answered,
    /// failed or given up).
    void releaseSlot(Call* call);
    /// The manager for a background request's attempt (counted in flight until releaseSlot()).
    QNetworkAccessManager* backgroundManager();
    HttpResult evaluate(Call* call, QNetworkReply* reply) const;
    /// Empty when pinning is off or the peer's key is pinned; else why not (both pins named).
    QString pinProblem(QNetworkReply* reply) const;
    int retryDelayMs(const Call* call, const HttpResult& result) const;
    void complete(Call* call, HttpResult result);
    /// Tells the installed HttpWaitObserver about `call` (interactive requests only).
    void tellObserver(Call* call, HttpWait wait);

    HttpClientConfig m_config;
    QNetworkAccessManager* m_nam;
    QHash<QNetworkAccessManager*, int> m_backgroundInFlight; ///< owned managers for background requests
    QSslConfiguration m_ssl;
    QSet<Call*> m_calls; ///< owned; deleted in complete()
    ClientRateLimiter* m_limiter = nullptr;
    quint64 m_lastSerial = 0; ///< serial of the last call sent
};
