// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>

/// An HTTP answer written raw to the socket, so that any status line can be sent (SmartID's 701).
struct SandboxResponse
{
    int status = 200;
    QByteArray reasonPhrase; ///< empty: the standard phrase for `status`
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static SandboxResponse json(int status, const QJsonObject& object);
    static SandboxResponse json(int status, const QJsonDocument& document);
    /// `{"message": text}`, the usual Laravel error body.
    static SandboxResponse message(int status, const QString& text);

    /// Replaces any header of the same name.
    void setHeader(const QByteArray& name, const QByteArray& value);
    QByteArray header(const QByteArray& name) const;

    /// The full HTTP/1.1 message: status line, headers (with Content-Length), body.
    QByteArray serialize(bool keepAlive) const;
    static QByteArray standardReasonPhrase(int status);
};
