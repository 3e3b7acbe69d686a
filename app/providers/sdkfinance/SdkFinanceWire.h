// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SdkFinanceLogin.h"
#include "domain/ResetRequestPage.h"
#include "domain/UserRecord.h"
#include "net/ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// Everything SDK.Finance puts on the wire (seed 003, docs/architecture.md section 3): paths, bodies,
/// response shapes, error bodies and every assumption docs/architecture.md makes about them (the login
/// answer, the fields of a reset request record beyond id and status, the profile search, the decided
/// statuses). Nothing outside this folder knows them.
namespace SdkFinanceWire {
inline const char* const kProviderKey = "sdkfinance";
inline constexpr int kMaxPageSize = 1000;
/// The permission a login needs to reset identifications and to decide reset requests.
inline const char* const kResetPermission = "RESET_IDENTIFICATION_INITIATOR";
inline const char* const kPending = "PENDING";

/// "SDK.Finance", for messages.
QString providerName();
/// The request statuses the console offers as filters (assumption beyond PENDING).
QStringList statuses();
/// The status a request gets when approved / declined (assumption).
QString decidedStatus(bool approve);

QString authorizationPath();
QString resetRequestsPath();
QString resetPath(const QString& userId);
QString decisionPath(const QString& userId, const QString& requestId, bool approve);
/// Profile search (assumption).
QString profilesPath();

/// True for an id that can travel as one path segment (no '/', '?', '#', '%', spaces, not "." or "..").
bool isPathSafeId(const QString& id);

/// {"login","password"}
QJsonObject loginBody(const QString& login, const QString& password);
/// {"filter":{"status"},"pageNumber","pageSize"}; an empty status leaves the filter empty.
QJsonObject resetRequestsBody(const QString& status, int pageNumber, int pageSize);
/// {"fields":[dotted paths]}
QJsonObject resetBody(const QStringList& fields);
/// {}: approve and decline carry nothing, but are sent as JSON like every other call.
QJsonObject decisionBody();
/// {"filter":{"text"},"pageNumber","pageSize"} (assumption)
QJsonObject profileSearchBody(const QString& text, int pageNumber, int pageSize);

/// The login answer (assumption): {"status":"ok","members":[{"token":{"token","expiresAt"},"role",
/// "permissions":[…],"user":{"id","name"}}]}; the first member is used.
bool parseLogin(const QJsonDocument& json, SdkFinanceLogin* login, QString* error);
/// {"status":"ok","pageNumber","pageSize","totalRecords","totalPages","records":[{"id","userId",
/// "userName","status","createdAt","comment"}]} (record fields beyond id and status: assumption).
bool parseResetRequestPage(const QJsonDocument& json, ResetRequestPage* page, QString* error);
/// The reset answer: {"profile":{…},"status":"ok"}; gives the profile document.
bool parseResetResponse(const QJsonDocument& json, QJsonObject* profile, QString* error);
/// {"status":"ok"} (an empty body counts as ok).
bool parseOk(const QJsonDocument& json, QString* error);
/// The profile search page (assumption): records [{"id","name","email","phone","status"}].
bool parseProfilePage(const QJsonDocument& json, UserPage* page, QString* error);

/// id may arrive as a JSON number or a string; it is always a string here.
QString idString(const QJsonValue& value);
/// ISO-8601 text or epoch milliseconds; invalid otherwise.
QDateTime parseTime(const QJsonValue& value);

/// The body's "Message" (the key in any case: the seed spells it "Message", SDK.Finance's pages "message"),
/// trimmed; empty when there is none.
QString errorText(const QJsonDocument& json);
/// Reads {"status":"error","Message":"…"} into the error; a 403 says the login is not permitted (which
/// permission is the caller's to say: reads need others than RESET_IDENTIFICATION_INITIATOR), a 404 says
/// unknown user or request, a 400 is invalid input.
void decodeError(const QJsonDocument& json, ApiError* error);
/// A 2xx whose body says "status":"error" is a refusal: fills error (kind Provider, with the body's
/// Message) and returns true then.
bool refusedDespite2xx(const QJsonDocument& json, ApiError* error);
} // namespace SdkFinanceWire
