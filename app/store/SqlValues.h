// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

class QSqlQuery;

/// How SqlStore's repositories (SqlStore*.cpp) turn values into what the database stores and back:
/// shared by its files, so that what is hashed is what every one of them writes and reads.
namespace SqlValues {
inline const QLatin1String kZeroHash("0000000000000000000000000000000000000000000000000000000000000000");

inline constexpr char kAuditColumns[] =
    "seq, time, operator, role, event, action, provider, subject_ids, reason, "
    "request_summary, before_state, after_state, outcome, action_id, prev_hash, hash";

inline constexpr char kActionColumns[] =
    "id, provider, action, user_id, params, reason, job_id, initiator, initiator_role, "
    "requires_approval, state, created_at, updated_at, decided_by, decision_reason, "
    "http_status, provider_code, outcome_message, sender, profile";

bool fail(QString* error, const QString& message);
QString timeText(const QDateTime& time);
QDateTime parseTime(const QString& text);
QDateTime nowUtc();
// Text as the database will give it back: valid UTF-8 (lone surrogates become U+FFFD) without NUL,
// which PostgreSQL cannot store. Never a null QString: the drivers bind that as SQL NULL.
QString storable(const QString& text);
QString jsonText(const QJsonObject& object);
QJsonObject jsonObject(const QString& text);
QString jsonText(const QStringList& list);
QStringList jsonStringList(const QString& text);
QVariant nullableId(qint64 id);
QVariant nullableText(const QString& text);
/// The audit columns of one entry, in kAuditColumns order, without seq, prev_hash and hash.
QVariantList auditValues(const AuditEntry& e);
/// An entry from a row in kAuditColumns order. Used both to read and, at append, to build exactly the
/// entry a later read will see, so the hash is computed over what is stored.
AuditEntry auditEntryFromValues(qint64 seq, const QVariantList& v, const QString& prevHash,
                                const QString& hash);
AuditEntry auditEntryFromQuery(const QSqlQuery& q);
} // namespace SqlValues
