// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QVariant>

/// The outcome of one logical request (after any retries).
struct HttpResult
{
    ApiError error;     ///< kind None on success
    int httpStatus = 0; ///< the last HTTP status seen, 0 if none
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QJsonDocument json;
    QVariant value; ///< what the request's parser produced
    int attempts = 0;

    bool ok() const { return !error.isError(); }
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return QByteArray();
    }
};
