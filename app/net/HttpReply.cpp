// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpReply.h"

#include <QMetaMethod>

HttpReply::HttpReply(QObject* parent)
    : QObject(parent)
{}

HttpReply::~HttpReply() = default;

bool HttpReply::explainsWaits() const
{
    if (m_waitsOwner)
        return m_waitsOwner->explainsWaits();
    return isSignalConnected(QMetaMethod::fromSignal(&HttpReply::retrying)) ||
           isSignalConnected(QMetaMethod::fromSignal(&HttpReply::throttled));
}

void HttpReply::forwardWaitsTo(HttpReply* outer)
{
    if (!outer)
        return;
    m_waitsOwner = outer;
    connect(this, &HttpReply::retrying, outer, &HttpReply::retrying);
    connect(this, &HttpReply::throttled, outer, &HttpReply::throttled);
}

void HttpReply::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    emit cancelRequested();
}

void HttpReply::finish(HttpResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = std::move(result);
    if (m_cancelled && m_result.error.kind == ApiError::Kind::None) {
        // A cancel that raced with a successful answer still reports the answer.
        m_cancelled = false;
    }
    emit finished();
    deleteLater();
}
