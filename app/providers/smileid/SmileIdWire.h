// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// Smile ID's wire format (seeds 000, 001; DESIGN section 3): paths, signature, bodies, error codes.
namespace SmileIdWire {
inline const char* const kProviderKey = "smileid";

QString enrolleePath();
QString jobStatusPath();

/// The flags of the enrollee endpoint, one per request.
QStringList flags();
/// Flags that only accept true (allow_new_enroll, delete).
bool flagAcceptsOnly(const QString& flag, bool* only);

/// ISO-8601 UTC with milliseconds: 2026-01-02T03:04:05.678Z
QString timestamp(const QDateTime& time);
/// base64(HMAC-SHA256(key = api_key, message = timestamp + partner_id + "sid_request"))
QString signature(const QString& apiKey, const QString& partnerId, const QString& timestamp);

struct Account
{
    QString partnerId; ///< verbatim
    QString apiKey;
    QString email;
    QString environment; ///< "test" or "production"
};

/// {"<flag>": bool, "email", "environment", "partner_id", "signature", "timestamp", "user_id"}
QJsonObject enrolleeBody(const Account& account, const QString& userId, const QString& flag, bool value,
                         const QString& timestamp);
/// A human message for a Smile ID error code ("2205" → "not authorised …").
QString codeMessage(const QString& code);
/// Reads {"code","error"} into the error.
void decodeError(const QJsonDocument& json, ApiError* error);
} // namespace SmileIdWire
