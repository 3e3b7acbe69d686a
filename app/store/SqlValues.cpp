// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace SqlValues {
bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QString timeText(const QDateTime& time)
{
    return AuditEntry::formatTime(time);
}

QDateTime parseTime(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QDateTime nowUtc()
{
    // Millisecond precision (QDateTime's own), as stored: what is hashed must be what is read back.
    return QDateTime::currentDateTimeUtc();
}

// Text as the database will give it back: valid UTF-8 (lone surrogates become U+FFFD) without NUL,
// which PostgreSQL cannot store. Never a null QString: the drivers bind that as SQL NULL.
QString storable(const QString& text)
{
    QString s = QString::fromUtf8(text.toUtf8());
    s.remove(QChar(0));
    return s.isNull() ? QStringLiteral("") : s;
}

QString jsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString jsonText(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList jsonStringList(const QString& text)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& v : array)
        list << v.toString();
    return list;
}

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(storable(text));
}

/// The audit columns of one entry, in kAuditColumns order, without seq, prev_hash and hash.
QVariantList auditValues(const AuditEntry& e)
{
    return {timeText(e.time),           storable(e.operatorName), storable(e.role),       storable(e.event),
            storable(e.action),         storable(e.provider),     jsonText(e.subjectIds), storable(e.reason),
            jsonText(e.requestSummary), jsonText(e.before),       jsonText(e.after),      storable(e.outcome),
            nullableId(e.actionId)};
}

/// An entry from a row in kAuditColumns order. Used both to read and, at append, to build exactly the
/// entry a later read will see, so the hash is computed over what is stored.
AuditEntry auditEntryFromValues(qint64 seq, const QVariantList& v, const QString& prevHash,
                                const QString& hash)
{
    AuditEntry e;
    e.seq = seq;
    // The text as stored, for the hash (AuditEntry::storedBytes): never re-serialised.
    e.stored.time = v.at(0).toString();
    e.stored.subjectIds = v.at(6).toString();
    e.stored.requestSummary = v.at(8).toString();
    e.stored.before = v.at(9).toString();
    e.stored.after = v.at(10).toString();
    e.time = parseTime(v.at(0).toString());
    e.operatorName = v.at(1).toString();
    e.role = v.at(2).toString();
    e.event = v.at(3).toString();
    e.action = v.at(4).toString();
    e.provider = v.at(5).toString();
    e.subjectIds = jsonStringList(v.at(6).toString());
    e.reason = v.at(7).toString();
    e.requestSummary = jsonObject(v.at(8).toString());
    e.before = jsonObject(v.at(9).toString());
    e.after = jsonObject(v.at(10).toString());
    e.outcome = v.at(11).toString();
    e.actionId = v.at(12).isNull() ? 0 : v.at(12).toLongLong();
    e.prevHash = prevHash.toLatin1();
    e.hash = hash.toLatin1();
    return e;
}

AuditEntry auditEntryFromQuery(const QSqlQuery& q)
{
    QVariantList values;
    for (int column = 1; column <= 13; ++column)
        values << q.value(column);
    return auditEntryFromValues(q.value(0).toLongLong(), values, q.value(14).toString(),
                                q.value(15).toString());
}
} // namespace SqlValues
