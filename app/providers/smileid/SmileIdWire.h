// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmileIdJobStatus.h"
#include "net/ApiError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// Smile ID's wire format (seeds 000, 001; docs/architecture.md section 3): paths, signature, bodies, error
/// codes.
namespace SmileIdWire {
inline const char* const kProviderKey = "smileid";

QString enrolleePath();
QString jobStatusPath();

/// The flags of the enrollee endpoint, one per request.
QStringList flags();
/// Flags that only accept true (allow_new_enroll, delete).
bool flagAcceptsOnly(const QString& flag, bool* only);
/// A Smile ID user_id is the partner's own text (seed 000 says only "<User ID>"). Assumption: at most
/// 100 characters, with no control or format character (ESC, a bidirectional override) and no space
/// at either end: anything else is a typo or a cell that swallowed a line break, not a user.
bool isUserId(const QString& id);

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
/// {"timestamp","signature","user_id","job_id","partner_id","image_links","history"} (booleans as JSON
/// booleans), signed like the enrollee call.
QJsonObject jobStatusBody(const Account& account, const QString& userId, const QString& jobId, bool history,
                          bool imageLinks, const QString& timestamp);
/// Checks the answer's own "signature" against its "timestamp" with the same formula, in constant time.
SmileIdJobStatus::Signature verifyResponseSignature(const QJsonObject& answer, const QString& apiKey,
                                                    const QString& partnerId);
/// Reads a job_status answer ({"job_complete","job_success","code","result":{…},"history","image_links"}).
/// The signature is not checked here (see verifyResponseSignature).
bool parseJobStatus(const QJsonDocument& json, SmileIdJobStatus* status, QString* error);
/// ApiError::providerCode of an answer whose signature is missing or wrong.
inline const char* const kBadSignatureCode = "bad-signature";

/// A human message for a Smile ID error code ("2205" → "not authorised …").
QString codeMessage(const QString& code);
/// Reads {"code","error"} into the error.
void decodeError(const QJsonDocument& json, ApiError* error);
/// Assumption: a 2xx enrollee answer whose body says "success": false is a refusal, not a success;
/// fills error (kind Provider, with the body's code and text) and returns true then.
bool refusedDespite2xx(const QJsonDocument& json, ApiError* error);
} // namespace SmileIdWire
