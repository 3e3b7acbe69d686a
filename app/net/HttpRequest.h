// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>
#include <functional>
#include <optional>

/// What a provider module asks HttpClient to send. Built with chained setters.
struct HttpRequest
{
    /// Turns a 2xx JSON document into the typed value; returns false and sets *error when the shape is wrong.
    using Parser = std::function<bool(const QJsonDocument& json, QVariant* value, QString* error)>;
    /// Reads the provider's error body into the error (message, code, field errors).
    using ErrorDecoder = std::function<void(const QJsonDocument& json, ApiError* error)>;

    QByteArray method = "GET";
    QString path; ///< appended to the client's base URL (which may carry a path prefix)
    /// An absolute https URL the provider itself handed out (e.g. a job's image link), instead of path.
    std::optional<QUrl> url;
    /// The 2xx body is not JSON (an image): it is kept as bytes in HttpResult::body, never parsed.
    bool rawBody = false;
    QUrlQuery query;
    std::optional<QJsonDocument> body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString operation;              ///< for messages: "search users"
    std::optional<bool> idempotent; ///< default: true for GET
    int timeoutMs = -1;             ///< -1: the client's default
    bool background = false;        ///< a bulk job's row: yields to interactive work under a rate limit
    Parser parser;
    ErrorDecoder errorDecoder;

    HttpRequest& setMethod(QByteArray m)
    {
        method = std::move(m);
        return *this;
    }
    HttpRequest& setPath(QString p)
    {
        path = std::move(p);
        return *this;
    }
    HttpRequest& setUrl(QUrl u)
    {
        url = std::move(u);
        return *this;
    }
    HttpRequest& setRawBody(bool on)
    {
        rawBody = on;
        return *this;
    }
    HttpRequest& setQuery(QUrlQuery q)
    {
        query = std::move(q);
        return *this;
    }
    HttpRequest& setBody(QJsonDocument doc)
    {
        body = std::move(doc);
        return *this;
    }
    HttpRequest& addHeader(QByteArray name, QByteArray value)
    {
        headers.append({std::move(name), std::move(value)});
        return *this;
    }
    HttpRequest& setOperation(QString op)
    {
        operation = std::move(op);
        return *this;
    }
    HttpRequest& setIdempotent(bool on)
    {
        idempotent = on;
        return *this;
    }
    HttpRequest& setTimeout(int ms)
    {
        timeoutMs = ms;
        return *this;
    }
    HttpRequest& setBackground(bool on)
    {
        background = on;
        return *this;
    }
    HttpRequest& setParser(Parser p)
    {
        parser = std::move(p);
        return *this;
    }
    HttpRequest& setErrorDecoder(ErrorDecoder d)
    {
        errorDecoder = std::move(d);
        return *this;
    }

    bool isIdempotent() const { return idempotent.value_or(method == "GET"); }
};
