// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <optional>

/// Everything SmartID Suite puts on the wire (seed 002, docs/architecture.md section 3): paths, headers,
/// field names, result codes and the assumptions about them. Nothing outside this folder knows them.
namespace SmartIdWire {
inline const char* const kProviderKey = "smartid";
/// The API key travels in this header on every request.
inline const char* const kApiKeyHeader = "X-Api-Key";

/// SmartID's result codes (seed 002), as the HTTP status or as "code" in the body.
enum class Result
{
    Ok,               ///< 200
    UserEmpty,        ///< 403 user cannot be null or empty
    UserNotFound,     ///< 406
    ChannelNotFound,  ///< 410 user channel not found
    InternalError,    ///< 500
    ServiceCallError, ///< 701 (may arrive as a non-standard HTTP status line)
    Other,            ///< anything else: not a SmartID result code
};

QString providerName();
QString unenrollPath();
/// {"User": "<id>"}: capital U, the id as a string (seed 002 uses the user's e-mail).
QJsonObject unenrollBody(const QString& user);
/// The longest User id accepted (see isUserId).
inline constexpr int kMaxUserIdLength = 100;
/// Whether id can be a SmartID "User" (seed 002 says only "Unique user identifier" and shows an
/// e-mail address). Assumption: 1 to 100 printable characters with no white space (a space, a tab, a
/// line break), no control or format character (ESC, a bidirectional override), no '/' or '\\', no
/// '..' and no '%': anything else is a typo, a cell that swallowed a line break, or an attempt to
/// make the id read (or travel, should SmartID ever put it in a path) as something else.
bool isUserId(const QString& id);

/// Whether a body that could not be parsed was meant to be JSON (it opens with '{' or '['): then the code
/// that counts may be in it. Plain text ("Un-enroll successful") or an empty body has no code field.
bool looksLikeJson(const QByteArray& body);
/// The body's "code" (key in any case; a number or a numeric string), if there is one.
std::optional<int> bodyCode(const QJsonDocument& json);
/// The code that counts: the body's when there is one (it wins over the HTTP status), else the status.
int effectiveCode(int httpStatus, const QJsonDocument& json);
/// Any 2xx is Ok (assumption: the seed names 200 only).
Result classify(int code);
/// The body's message, if any (key message / error / error_message / Message, any case).
QString message(const QJsonDocument& json);
/// Reads SmartID's error body: the code into providerCode, the message into detail, and the kind
/// the code means (a body code can turn an HTTP 200 into an error, and 403 is not about credentials).
void decodeError(const QJsonDocument& json, ApiError* error);
} // namespace SmartIdWire
