// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpClient.h"

#include "ClientRateLimiter.h"
#include "HttpWaitObserver.h"
#include "IdentityDeskVersion.h"
#include "OneShotUpload.h"
#include "PublicKeyPin.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslError>
#include <QTimeZone>
#include <QTimer>

#include <limits>

struct HttpClient::Call
{
    HttpRequest request;
    QPointer<HttpReply> reply;
    QPointer<QNetworkReply> network;
    QTimer* timer = nullptr;
    QTimer* retryTimer = nullptr;
    QTimer* stillWaitingTimer = nullptr; ///< ticks while an attempt is unanswered (observer installed)
    QElapsedTimer attemptClock;          ///< since the attempt in flight started
    bool observed = false;               ///< the observer was told about it: it hears when it is over
    QList<QSslError> sslErrors;
    QString pinMismatch; ///< set when the server's key is not a pinned one; nothing was sent
    int attempt = 0;
    bool timedOut = false;
    bool cancelled = false;
    bool sent = false;                    ///< the request bytes may have reached the server
    bool earlierMaybeProcessed = false;   ///< an attempt before this one may have reached the server
    QPointer<ClientRateLimiter> queuedIn; ///< the limiter it waits in, if any
    QPointer<ClientRateLimiter> heldIn;   ///< the limiter whose slot the attempt in flight holds
    QNetworkAccessManager* backgroundNam = nullptr; ///< the background manager the attempt in flight uses
    quint64 limiterTicket = 0;
    quint64 serial = 0; ///< tells a live call from a deleted one whose address was reused
    quint64 waitId = 0; ///< HttpWait::request
};

namespace {
/// Tells the waits of one request apart from another's, across every client of the process.
quint64 g_lastWaitId = 0;

void decodeGenericError(const QJsonDocument& json, ApiError* error)
{
    if (!json.isObject())
        return;
    const QJsonObject o = json.object();
    // Match keys case-insensitively: providers spell them Message / message / error_message.
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key().toLower();
        if ((key == QLatin1String("message") || key == QLatin1String("error_message") ||
             key == QLatin1String("error")) &&
            it.value().isString() && error->detail.isEmpty())
            error->detail = it.value().toString();
        if (key == QLatin1String("code") && error->providerCode.isEmpty())
            error->providerCode =
                it.value().isString() ? it.value().toString() : QString::number(it.value().toInt());
    }
}

/// The server's clock at its answer (its Date header), so that a reset time it gives is counted on its
/// own clock, whatever the console's says; the console's clock when there is none.
QDateTime serverTime(const HttpResult& result)
{
    const QDateTime date = HttpClient::httpDate(result.header("Date"));
    return date.isValid() ? date : QDateTime::currentDateTimeUtc();
}

ApiError::Kind kindForStatus(int status)
{
    if (status == 401 || status == 403)
        return ApiError::Kind::Auth;
    if (status == 404)
        return ApiError::Kind::NotFound;
    if (status == 409)
        return ApiError::Kind::Conflict;
    if (status == 422)
        return ApiError::Kind::Validation;
    if (status == 429)
        return ApiError::Kind::RateLimited;
    if (status >= 500)
        return ApiError::Kind::Server; // includes a provider's own 7xx codes
    return ApiError::Kind::Provider;
}
} // namespace

HttpClient::HttpClient(HttpClientConfig config, QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(nam ? nam : new QNetworkAccessManager(this))
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_ssl.setProtocol(QSsl::TlsV1_2OrLater);
    if (!m_config.extraCaCertificates.isEmpty())
        m_ssl.addCaCertificates(m_config.extraCaCertificates);
    setRateLimit(m_config.rateLimitPerMinute, m_config.rateLimitWindowMs);
}

void HttpClient::setRateLimit(int perWindow, int windowMs)
{
    m_config.rateLimitPerMinute = qMax(0, perWindow);
    m_config.rateLimitWindowMs = windowMs;
    // A limiter with requests still queued stays (a child of this client) until it has let them go.
    if (m_limiter && m_limiter->queued() == 0)
        delete m_limiter;
    m_limiter = perWindow > 0 ? new ClientRateLimiter(perWindow, windowMs, this) : nullptr;
}

HttpClient::~HttpClient()
{
    // Requests still in flight end now: their replies report Cancelled.
    const QSet<Call*> calls = m_calls;
    for (Call* call : calls) {
        call->cancelled = true;
        if (call->network) {
            call->network->disconnect(this);
            call->network->abort();
        }
        HttpResult result;
        result.error.kind = ApiError::Kind::Cancelled;
        result.error.provider = m_config.provider;
        result.error.operation = call->request.operation;
        complete(call, result);
    }
}

QByteArray HttpClient::userAgent()
{
    return QByteArrayLiteral("IdentityDesk/") + QByteArray(IDENTITYDESK_VERSION);
}

QUrl HttpClient::urlFor(const QString& path, const QUrlQuery& query) const
{
    QUrl url = m_config.baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    QString tail = path;
    if (!tail.startsWith(QLatin1Char('/')))
        tail.prepend(QLatin1Char('/'));
    url.setPath(prefix + tail);
    // Encode every reserved character ourselves: servers that decode queries the PHP way read a
    // literal '+' as a space, so "+44" must travel as "%2B44".
    QStringList pairs;
    for (const auto& item : query.queryItems(QUrl::FullyDecoded))
        pairs << QString::fromLatin1(QUrl::toPercentEncoding(item.first, "[]") + '=' +
                                     QUrl::toPercentEncoding(item.second));
    if (!pairs.isEmpty())
        url.setQuery(pairs.join(QLatin1Char('&')), QUrl::StrictMode);
    return url;
}

HttpReply* HttpClient::send(HttpRequest request)
{
    auto* reply = new HttpReply(this);
    auto* call = new Call;
    m_calls.insert(call);
    call->request = std::move(request);
    call->reply = reply;
    connect(reply, &HttpReply::cancelRequested, this, [this, call] {
        call->cancelled = true;
        if (call->retryTimer)
            call->retryTimer->stop();
        if (call->network) {
            call->network->abort(); // finished() follows and completes the call
        } else {
            // Waiting to start, for a rate limit or a retry: nothing of this attempt is at the server,
            // but an earlier one (an idempotent request retried after a timeout) may have been.
            HttpResult result;
            result.error.kind = ApiError::Kind::Cancelled;
            result.error.provider = m_config.provider;
            result.error.operation = call->request.operation;
            result.error.surelyNotProcessed = !call->earlierMaybeProcessed;
            result.attempts = call->attempt;
            complete(call, result);
        }
    });
    // Start on the next turn of the event loop so the caller can connect first.
    call->serial = ++m_lastSerial;
    call->waitId = ++g_lastWaitId;
    QTimer::singleShot(0, this, [this, call, serial = call->serial] {
        // A reply cancelled before this turn has completed and deleted its call already.
        if (isLive(call, serial) && !call->cancelled)
            admit(call, false);
    });
    return reply;
}

bool HttpClient::isLive(const Call* call, quint64 serial) const
{
    return m_calls.contains(const_cast<Call*>(call)) && call->serial == serial;
}

void HttpClient::admit(Call* call, bool retry)
{
    if (!m_limiter) {
        startAttempt(call);
        return;
    }
    int waitMs = 0;
    call->queuedIn = m_limiter;
    call->limiterTicket = m_limiter->acquire(
        this,
        [this, call, limiter = m_limiter] {
            call->queuedIn = nullptr;
            if (!m_calls.contains(call) || call->cancelled) {
                limiter->done(call->limiterTicket);
                return;
            }
            call->heldIn = limiter;
            startAttempt(call);
        },
        call->request.background ? ClientRateLimiter::Priority::Background
                                 : ClientRateLimiter::Priority::Interactive,
        retry, &waitMs);
    if (waitMs > 0 && call->reply) {
        emit call->reply->throttled(call->attempt + 1, waitMs);
        if (!call->reply->explainsWaits()) {
            HttpWait wait;
            wait.kind = HttpWait::Kind::RateLimit;
            wait.attempt = call->attempt + 1;
            wait.delayMs = waitMs;
            wait.reason.kind = ApiError::Kind::RateLimited;
            wait.reason.provider = m_config.provider;
            wait.reason.operation = call->request.operation;
            wait.reason.retryAfterSeconds = (waitMs + 999) / 1000;
            wait.reason.surelyNotProcessed = true;
            tellObserver(call, wait);
        }
    }
}

void HttpClient::startAttempt(Call* call)
{
    ++call->attempt;
    call->timedOut = false;
    call->sslErrors.clear();
    call->pinMismatch.clear();
    const HttpRequest& r = call->request;

    QNetworkRequest nr(r.url ? *r.url : urlFor(r.path, r.query));
    nr.setSslConfiguration(m_ssl);
    nr.setRawHeader("User-Agent", userAgent());
    nr.setRawHeader("Accept", r.rawBody ? "image/*" : "application/json");
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto& h : m_config.defaultHeaders)
        nr.setRawHeader(h.first, h.second);
    for (const auto& h : r.headers)
        nr.setRawHeader(h.first, h.second);
    QByteArray payload;
    if (r.body) {
        nr.setRawHeader("Content-Type", "application/json");
        payload = r.body->toJson(QJsonDocument::Compact);
    }

    QNetworkAccessManager* nam = m_nam;
    if (r.background) {
        nam = backgroundManager();
        call->backgroundNam = nam;
    }
    QNetworkReply* net = nullptr;
    if (r.isIdempotent() || payload.isEmpty()) {
        net = nam->sendCustomRequest(nr, r.method, payload);
    } else {
        // State-changing call: a body that cannot be rewound stops the access manager from
        // re-sending it on its own after a dropped connection (that outcome must stay unknown).
        nr.setHeader(QNetworkRequest::ContentLengthHeader, payload.size());
        nr.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto* upload = new OneShotUpload(payload);
        net = nam->sendCustomRequest(nr, r.method, upload);
        upload->setParent(net);
    }
    call->network = net;
    call->sent = false;
    connect(net, &QNetworkReply::sslErrors, this, [call](const QList<QSslError>& errors) {
        call->sslErrors += errors; // recorded for the message; never ignored
    });
    connect(net, &QNetworkReply::uploadProgress, this, [call](qint64 sent, qint64) {
        if (sent > 0)
            call->sent = true;
    });
    connect(net, &QNetworkReply::encrypted, this, [this, call, net] {
        // Pinning: checked after the handshake and before the request is written, so a mismatch
        // aborts with nothing sent.
        const QString mismatch = pinProblem(net);
        if (!mismatch.isEmpty()) {
            call->pinMismatch = mismatch;
            net->abort();
            return;
        }
        call->sent = true;
    });
    connect(net, &QNetworkReply::finished, this, [this, call, net, serial = call->serial] {
        // A call completed another way (cancelled, client going away) no longer owns this reply.
        if (isLive(call, serial) && call->network == net)
            onAttemptFinished(call, net);
        else
            net->deleteLater();
    });

    if (!call->timer) {
        call->timer = new QTimer(this);
        call->timer->setSingleShot(true);
    }
    call->timer->disconnect();
    connect(call->timer, &QTimer::timeout, this, [call, net] {
        call->timedOut = true;
        net->abort();
    });
    call->timer->start(r.timeoutMs > 0 ? r.timeoutMs : m_config.timeoutMs);

    // "still waiting for …": only where someone listens, and not for a bulk job's rows (its progress
    // line speaks for them).
    call->attemptClock.start();
    if (HttpWaitObserver::installed() && !r.background && m_config.stillWaitingAfterMs > 0) {
        if (!call->stillWaitingTimer) {
            call->stillWaitingTimer = new QTimer(this);
            connect(call->stillWaitingTimer, &QTimer::timeout, this, [this, call, serial = call->serial] {
                if (!isLive(call, serial) || !call->network)
                    return;
                HttpWait wait;
                wait.kind = HttpWait::Kind::NoAnswerYet;
                wait.attempt = call->attempt;
                wait.elapsedMs = int(call->attemptClock.elapsed());
                tellObserver(call, wait);
                call->stillWaitingTimer->start(1000);
            });
        }
        call->stillWaitingTimer->setSingleShot(true);
        call->stillWaitingTimer->start(m_config.stillWaitingAfterMs);
    }
}

HttpResult HttpClient::evaluate(Call* call, QNetworkReply* reply) const
{
    HttpResult result;
    result.attempts = call->attempt;
    ApiError& e = result.error;
    e.provider = m_config.provider;
    e.operation = call->request.operation;

    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.httpStatus = statusAttr.isValid() ? statusAttr.toInt() : 0;
    for (const auto& pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    if (reply->isOpen())
        result.body = reply->readAll();

    if (call->cancelled) {
        e.kind = ApiError::Kind::Cancelled;
        e.surelyNotProcessed = !call->sent;
        return result;
    }
    if (call->timedOut) {
        e.kind = ApiError::Kind::Timeout;
        e.detail =
            tr("no answer within %1 s")
                .arg((call->request.timeoutMs > 0 ? call->request.timeoutMs : m_config.timeoutMs) / 1000.0);
        return result;
    }
    if (call->pinMismatch.isEmpty() && result.httpStatus > 0)
        call->pinMismatch = pinProblem(reply); // a reused connection has no encrypted() of its own
    if (!call->pinMismatch.isEmpty()) {
        e.kind = ApiError::Kind::Tls;
        e.detail = call->pinMismatch;
        e.httpStatus = 0;
        e.surelyNotProcessed = result.httpStatus == 0;
        result.httpStatus = 0;
        result.body.clear();
        return result;
    }
    if (result.httpStatus == 0) {
        const auto code = reply->error();
        if (code == QNetworkReply::SslHandshakeFailedError || !call->sslErrors.isEmpty()) {
            e.kind = ApiError::Kind::Tls;
            QStringList problems;
            for (const QSslError& s : call->sslErrors)
                problems << s.errorString();
            problems.removeDuplicates();
            e.detail =
                problems.isEmpty()
                    ? tr("%1 (the server may offer only protocol versions or ciphers older than TLS 1.2, "
                         "which are refused)")
                          .arg(reply->errorString())
                    : problems.join(QStringLiteral("; "));
            e.surelyNotProcessed = true;
        } else if (code == QNetworkReply::TimeoutError) {
            e.kind = ApiError::Kind::Timeout;
            e.detail = reply->errorString();
        } else {
            e.kind = ApiError::Kind::Network;
            e.detail = reply->errorString();
            e.surelyNotProcessed = code == QNetworkReply::ConnectionRefusedError ||
                                   code == QNetworkReply::HostNotFoundError || !call->sent;
            if (code == QNetworkReply::ContentReSendError) {
                e.detail = tr("the connection closed before the provider answered");
                e.surelyNotProcessed = false;
            }
        }
        return result;
    }

    if (call->request.rawBody && result.httpStatus >= 200 && result.httpStatus < 300)
        return result; // bytes, as they came (HttpResult::body)
    if (!result.body.trimmed().isEmpty()) {
        QJsonParseError parseError{};
        result.json = QJsonDocument::fromJson(result.body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            if (result.httpStatus >= 200 && result.httpStatus < 300) {
                e.kind = ApiError::Kind::Decode;
                e.httpStatus = result.httpStatus;
                e.detail = tr("malformed JSON at offset %1 (%2)")
                               .arg(parseError.offset)
                               .arg(parseError.errorString());
                return result;
            }
            result.json = QJsonDocument(); // error bodies may be HTML from a proxy: status decides
        }
    }

    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        if (call->request.parser) {
            QString why;
            if (!call->request.parser(result.json, &result.value, &why)) {
                e.kind = ApiError::Kind::Decode;
                e.httpStatus = result.httpStatus;
                e.detail = why;
            }
        }
        return result;
    }

    e.kind = kindForStatus(result.httpStatus);
    e.httpStatus = result.httpStatus;
    if (e.kind == ApiError::Kind::RateLimited) {
        // The window reopens at X-RateLimit-Reset: a Retry-After that says less would only earn another
        // 429, so the later of the two is waited for (and told).
        const QDateTime serverNow = serverTime(result);
        e.retryAfterSeconds = qMax(retryAfterSeconds(result.header("Retry-After"), serverNow),
                                   rateLimitResetSeconds(result.header("X-RateLimit-Reset"), serverNow));
        e.surelyNotProcessed = true;
    }
    if (call->request.errorDecoder)
        call->request.errorDecoder(result.json, &e);
    decodeGenericError(result.json, &e);
    return result;
}

QDateTime HttpClient::httpDate(const QByteArray& value)
{
    // RFC 9110 section 5.6.7: an IMF-fixdate, always in GMT and in English.
    // Date and time are read apart, so that no local clock change can shift a GMT wall time.
    const QList<QByteArray> parts = value.trimmed().split(' ');
    if (parts.size() != 6 || parts.at(5) != "GMT")
        return QDateTime();
    const QLocale c = QLocale::c();
    const QDate date =
        c.toDate(QString::fromLatin1(parts.mid(0, 4).join(' ')), QStringLiteral("ddd, dd MMM yyyy"));
    const QTime time = c.toTime(QString::fromLatin1(parts.at(4)), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid())
        return QDateTime();
    return QDateTime(date, time, QTimeZone::utc());
}

int HttpClient::retryAfterSeconds(const QByteArray& value, const QDateTime& now)
{
    const QByteArray text = value.trimmed();
    bool ok = false;
    const int seconds = text.toInt(&ok);
    if (ok)
        return seconds >= 0 ? seconds : -1;
    const QDateTime at = httpDate(text); // RFC 9110 section 10.2.3
    if (!at.isValid())
        return -1;
    const qint64 ms = now.msecsTo(at);
    return ms <= 0 ? 0 : int(qMin<qint64>((ms + 999) / 1000, std::numeric_limits<int>::max()));
}

int HttpClient::rateLimitResetSeconds(const QByteArray& value, const QDateTime& now)
{
    // Below this a value cannot be a Unix time of this century (2001-09-09): it counts seconds.
    constexpr qint64 kEarliestUnixTime = 1000000000;
    bool ok = false;
    const qint64 number = value.trimmed().toLongLong(&ok);
    if (!ok || number < 0)
        return -1;
    const qint64 seconds = number < kEarliestUnixTime ? number : number - now.toSecsSinceEpoch();
    // More than a day away is no rate-limit window (a reset in milliseconds, say): unreadable.
    constexpr qint64 kDay = 24 * 60 * 60;
    if (seconds > kDay)
        return -1;
    return int(qMax<qint64>(0, seconds));
}

int HttpClient::retryDelayMs(const Call* call, const HttpResult& result) const
{
    if (call->cancelled || call->attempt >= m_config.maxAttempts)
        return -1;
    const ApiError& e = result.error;
    const int backoff = m_config.backoffBaseMs * (1 << qMin(call->attempt - 1, 10));
    const int jitter = int(QRandomGenerator::global()->bounded(quint32(qMax(1, m_config.backoffBaseMs))));
    if (e.kind == ApiError::Kind::RateLimited) {
        if (e.retryAfterSeconds > m_config.maxRetryAfterSeconds)
            return -1;
        // A window said to reopen now (a reset of this very second) still waits a second: else all
        // attempts go in a few milliseconds, into the same closed window.
        return e.retryAfterSeconds >= 0 ? qMax(1, e.retryAfterSeconds) * 1000 + jitter / 4 : backoff + jitter;
    }
    const bool transient = e.kind == ApiError::Kind::Network || e.kind == ApiError::Kind::Timeout ||
                           (e.kind == ApiError::Kind::Server &&
                            (e.httpStatus == 502 || e.httpStatus == 503 || e.httpStatus == 504));
    if (!transient)
        return -1;
    if (call->request.isIdempotent() || e.surelyNotProcessed)
        return backoff + jitter;
    return -1;
}

void HttpClient::releaseSlot(Call* call)
{
    if (call->heldIn)
        call->heldIn->done(call->limiterTicket);
    call->heldIn = nullptr;
    if (call->backgroundNam) {
        --m_backgroundInFlight[call->backgroundNam];
        call->backgroundNam = nullptr;
    }
}

QNetworkAccessManager* HttpClient::backgroundManager()
{
    // Qt opens at most six HTTP/1.1 connections per host and manager. Background work (bulk rows)
    // gets managers of its own, as many as its concurrency needs: its requests neither wait for a
    // connection among themselves nor hold the interactive ones back on the main manager.
    constexpr int kConnectionsPerHost = 6;
    constexpr int kMaxManagers = 11; // a job's concurrency is at most 64
    QNetworkAccessManager* least = nullptr;
    for (auto it = m_backgroundInFlight.begin(); it != m_backgroundInFlight.end(); ++it) {
        if (!least || it.value() < m_backgroundInFlight.value(least))
            least = it.key();
    }
    if (!least || (m_backgroundInFlight.value(least) >= kConnectionsPerHost &&
                   m_backgroundInFlight.size() < kMaxManagers)) {
        least = new QNetworkAccessManager(this);
        least->setProxy(m_nam->proxy());
        m_backgroundInFlight.insert(least, 0);
    }
    ++m_backgroundInFlight[least];
    return least;
}

void HttpClient::onAttemptFinished(Call* call, QNetworkReply* reply)
{
    if (call->timer)
        call->timer->stop();
    if (call->stillWaitingTimer)
        call->stillWaitingTimer->stop();
    releaseSlot(call);
    HttpResult result = evaluate(call, reply);
    reply->deleteLater();
    call->network = nullptr;
    if (m_limiter && result.httpStatus > 0) {
        bool ok = false;
        const int remaining = result.header("x-ratelimit-remaining").trimmed().toInt(&ok);
        if (ok)
            m_limiter->observeRemaining(remaining);
        // Nothing left in the server's window: nobody starts before it reopens (else the console's own
        // estimate, which spreads what others used over the window, would send into a 429).
        // A pause never outlasts the longest wait the client accepts: a server that says "an hour"
        // (or a reset in milliseconds read as seconds) does not stop every request of the process.
        const auto pauseMs = [this](qint64 seconds) {
            return int(qMin<qint64>(seconds, m_config.maxRetryAfterSeconds) * 1000);
        };
        const int reset = rateLimitResetSeconds(result.header("X-RateLimit-Reset"), serverTime(result));
        if (ok && remaining == 0 && reset > 0 && result.error.kind != ApiError::Kind::RateLimited)
            m_limiter->pauseFor(pauseMs(reset));
        if (result.error.kind == ApiError::Kind::RateLimited)
            m_limiter->pauseFor(result.error.retryAfterSeconds >= 0 ? pauseMs(result.error.retryAfterSeconds)
                                                                    : m_config.backoffBaseMs);
    }

    const int delay = retryDelayMs(call, result);
    if (delay < 0 || !call->reply) {
        complete(call, std::move(result));
        return;
    }
    if (!result.error.surelyNotProcessed)
        call->earlierMaybeProcessed = true;
    emit call->reply->retrying(call->attempt + 1, delay, result.error);
    if (!call->reply->explainsWaits()) {
        HttpWait wait;
        wait.kind = result.error.kind == ApiError::Kind::RateLimited ? HttpWait::Kind::RateLimit
                                                                     : HttpWait::Kind::Retry;
        wait.attempt = call->attempt + 1;
        wait.delayMs = delay;
        wait.reason = result.error;
        tellObserver(call, wait);
    }
    if (!call->retryTimer) {
        call->retryTimer = new QTimer(this);
        call->retryTimer->setSingleShot(true);
        connect(call->retryTimer, &QTimer::timeout, this, [this, call, serial = call->serial] {
            if (isLive(call, serial) && !call->cancelled)
                admit(call, true);
        });
    }
    call->retryTimer->start(delay);
}

QString HttpClient::pinProblem(QNetworkReply* reply) const
{
    if (m_config.pinnedPublicKeys.isEmpty())
        return QString();
    const QString actual = PublicKeyPin::of(reply->sslConfiguration().peerCertificate());
    if (m_config.pinnedPublicKeys.contains(actual))
        return QString();
    return tr("pinned key mismatch: expected %1, the server presented %2")
        .arg(m_config.pinnedPublicKeys.join(tr(" or ")), actual.isEmpty() ? tr("no certificate") : actual);
}

void HttpClient::complete(Call* call, HttpResult result)
{
    if (call->queuedIn)
        call->queuedIn->cancel(call->limiterTicket);
    releaseSlot(call);
    if (call->timer)
        call->timer->deleteLater();
    if (call->retryTimer)
        call->retryTimer->deleteLater();
    if (call->stillWaitingTimer)
        call->stillWaitingTimer->deleteLater();
    if (call->observed) {
        HttpWait over;
        over.kind = HttpWait::Kind::Over;
        over.attempt = call->attempt;
        tellObserver(call, over);
    }
    m_calls.remove(call);
    if (call->reply)
        call->reply->finish(std::move(result));
    delete call;
}

void HttpClient::tellObserver(Call* call, HttpWait wait)
{
    HttpWaitObserver* observer = HttpWaitObserver::installed();
    if (!observer || call->request.background)
        return;
    wait.request = call->waitId;
    wait.provider = m_config.provider;
    wait.operation = call->request.operation;
    call->observed = wait.kind != HttpWait::Kind::Over;
    observer->waiting(wait);
}
