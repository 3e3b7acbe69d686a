// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

/// One HTTP request as a provider emulator sees it: copied out of the server's parser so that it
/// stays valid while an answer is delayed.
struct SandboxRequest
{
    QByteArray method;   ///< "GET", "POST", …
    QString path;        ///< below the provider's prefix: "/api/users" for "/trustswiftly/api/users"
    QByteArray rawQuery; ///< as received, without '?'
    QList<QPair<QString, QString>> queryItems; ///< decoded the way PHP does ('+' is a space)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QUrl baseUrl;          ///< the provider's public base, e.g. https://127.0.0.1:4433/trustswiftly
    qint64 receivedMs = 0; ///< monotonic clock of the server

    /// First value of a header, matched case-insensitively; null when absent.
    QByteArray header(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
    /// Content-Type declares JSON: `application/json` or a `…/…+json` type, any case, parameters
    /// allowed (what both Laravel and Spring read as JSON).
    bool declaresJson() const;
    /// First value of a query item (key compared after decoding); null when absent.
    QString queryValue(const QString& key) const;
    bool hasQueryItem(const QString& key) const { return !queryValue(key).isNull(); }

    /// Splits and decodes a raw query string.
    static QList<QPair<QString, QString>> parseQuery(const QByteArray& rawQuery);
};
