// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "domain/Workflow.h"
#include "net/ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

/// Everything Trust Swiftly puts on the wire: paths, field names, response shapes and the
/// assumptions docs/architecture.md section 3 makes about them. Nothing outside this folder knows them.
namespace TrustSwiftlyWire {
inline constexpr int kMaxPerPage = 100;
inline const char* const kProviderKey = "trustswiftly";
/// Trust Swiftly allows 60 requests a minute per API key (seed 004); the console stays under it.
inline constexpr int kRateLimitPerMinute = 60;
/// The user field a reverify sets, read back as the state after it (assumption, docs/architecture.md section
/// 3).
inline const char* const kReVerifyWorkflowField = "re_verify_workflow_id";

QString usersPath();
/// GET /api/users/{id}, decoded (the HTTP client encodes it once); empty when id is no isUserId().
QString userPath(const QString& id);
QString templatesPath();
QString reverifyPath();

/// id may arrive as a JSON number or a string; it is always a string here.
QString idString(const QJsonValue& value);
/// Whether id can be a Trust Swiftly user id (the API's own id, e.g. "647"): 1 to 64 ASCII letters,
/// digits, '-' or '_'. It also goes into a path (GET /api/users/{id}), so nothing else is accepted.
bool isUserId(const QString& id);
bool parseUser(const QJsonObject& object, UserRecord* user, QString* error);
/// The Laravel paging envelope {"data":[…],"meta":{…}}.
bool parseUserPage(const QJsonDocument& json, UserPage* page, QString* error);
/// {"data":{…}}
bool parseUserEnvelope(const QJsonDocument& json, UserRecord* user, QString* error);
/// {"data":[{"id","name","types"}]} (envelope: assumption)
bool parseWorkflows(const QJsonDocument& json, WorkflowList* workflows, QString* error);
/// The reverify request body: all three ids as JSON strings.
QJsonObject reverifyBody(const QString& userId, const QString& currentWorkflowId,
                         const QString& targetWorkflowId);
/// True when the body says already_assigned (key Error_type / error_type, any case).
bool isAlreadyAssigned(const QJsonDocument& json);
/// True when a 2xx reverify answer still says it failed ({"success": false}; assumption: the seed
/// shows only {"success": true}, and any other 2xx body counts as done).
bool reverifyReportsFailure(const QJsonDocument& json);
/// The message of an error body (message / error_message, any case), empty when there is none.
QString errorMessage(const QJsonDocument& json);
/// Fills message and Laravel field errors ({"message","errors":{field:[…]}}).
void decodeError(const QJsonDocument& json, ApiError* error);
} // namespace TrustSwiftlyWire
