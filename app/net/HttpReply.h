// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpResult.h"

#include <QObject>
#include <QPointer>

class QNetworkReply;
class QTimer;

/// A request in flight. Emits finished() exactly once (also after cancel()), then deletes itself
/// later: read result() in the slot connected to finished(), keep only a QPointer to it.
class HttpReply final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpReply)

public:
    explicit HttpReply(QObject* parent = nullptr);
    ~HttpReply() override;

    const HttpResult& result() const { return m_result; }
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }

    /// Whether its caller listens to retrying() or throttled(), and so explains those waits itself
    /// (otherwise HttpClient tells the HttpWaitObserver, if one is installed).
    bool explainsWaits() const;
    /// For composite flows (a call behind a login): this reply's waits are outer's. retrying() and
    /// throttled() are forwarded to it, and the waits count as explained only when outer's caller
    /// listens, whenever that caller connects.
    void forwardWaitsTo(HttpReply* outer);
    /// Aborts the request; finished() follows with an error of kind Cancelled.
    void cancel();
    /// For producers (HttpClient, composite provider flows): completes the reply.
    void finish(HttpResult result);

signals:
    /// A retry is scheduled after delayMs because of reason (e.g. waiting for a rate limit).
    void retrying(int attempt, int delayMs, const ApiError& reason);
    /// The console's own rate limiter holds attempt `attempt` for about delayMs before sending it
    /// (nothing has been sent yet): "waiting for rate limit (Ns)".
    void throttled(int attempt, int delayMs);
    void finished();
    /// Internal: asks the producer to abort what it has in flight.
    void cancelRequested();

private:
    QPointer<HttpReply> m_waitsOwner; ///< forwardWaitsTo(): whose caller explains the waits
    HttpResult m_result;
    bool m_finished = false;
    bool m_cancelled = false;
};
