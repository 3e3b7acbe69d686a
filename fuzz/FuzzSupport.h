// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the libFuzzer targets: turns fuzz bytes into what HttpClient hands the wire modules.

#include "net/ApiError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <cstddef>
#include <cstdint>

namespace FuzzSupport {
/// The HTTP statuses the providers answer with (docs/architecture.md sections 3 and 4), picked by one byte.
inline int statusFor(uint8_t selector)
{
    static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 406,
                                   409, 410, 422, 429, 500, 502, 503, 701};
    return statuses[selector % (sizeof statuses / sizeof statuses[0])];
}

/// The error HttpClient has built before it calls a provider's error decoder.
inline ApiError errorFor(int status)
{
    ApiError e;
    e.provider = QStringLiteral("fuzz");
    e.operation = QStringLiteral("fuzz");
    e.httpStatus = status;
    e.kind = status >= 500 ? ApiError::Kind::Server : ApiError::Kind::Provider;
    return e;
}

/// The first byte picks the status; the rest is the body, parsed as HttpClient parses it.
struct Response
{
    int status = 200;
    QByteArray body;
    QJsonDocument json;
};

inline Response responseFrom(const uint8_t* data, size_t size)
{
    Response r;
    if (size == 0)
        return r;
    r.status = statusFor(data[0]);
    r.body = QByteArray(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(size - 1));
    r.json = QJsonDocument::fromJson(r.body);
    return r;
}

/// Exercises every message path of an error (the texts the UI and CLI print).
inline void touch(const ApiError& e)
{
    volatile qsizetype n = e.message().size() + e.advice().size() + e.detail.size() + e.providerCode.size();
    (void)n;
}
} // namespace FuzzSupport
