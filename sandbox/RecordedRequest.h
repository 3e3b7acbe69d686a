// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

/// What reached the wire, for tests and the request log.
struct RecordedRequest
{
    QDateTime receivedAt; ///< UTC
    QString provider;     ///< "trustswiftly"; empty when no provider matched
    QByteArray method;
    QString path;                                 ///< full path, prefix included
    QByteArray query;                             ///< raw query string, without '?'
    QList<QPair<QByteArray, QByteArray>> headers; ///< as sent, in order
    QByteArray body;
    int status = 0; ///< status decided; 0 when none will be sent
    QString fault;  ///< "", "server-error", "hang", "drop-after-processing"

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

Q_DECLARE_METATYPE(RecordedRequest)
