// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore: the subject index (schema migration 3). Kept apart from SqlStore.cpp so the index can
// grow without touching the action and audit code.
#include "SqlStore.h"

#include <QSqlQuery>

namespace {
bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QString nowText()
{
    return AuditEntry::formatTime(QDateTime::currentDateTimeUtc());
}

QString clean(const QString& text)
{
    QString s = QString::fromUtf8(text.toUtf8());
    s.remove(QChar(0));
    return s.isNull() ? QLatin1String("") : s;
}

/// A LIKE pattern matching values that start with `text` ('\' escapes the wildcards).
QString prefixPattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return escaped + QLatin1Char('%');
}
} // namespace

std::optional<QList<Subject>> SqlStore::subjectsWithIds(const QList<qint64>& ids, QString* error)
{
    QList<Subject> list;
    if (ids.isEmpty())
        return list;
    QStringList marks;
    QVariantList values;
    for (const qint64 id : ids) {
        marks << QStringLiteral("?");
        values << id;
    }
    const QString in = marks.join(QLatin1Char(','));
    QHash<qint64, Subject> byId;
    {
        QSqlQuery q(m_db);
        if (!read(q,
                  QStringLiteral("SELECT id, reference, email, smileid_job, updated_at FROM subjects "
                                 "WHERE id IN (%1)")
                      .arg(in),
                  values, tr("read the subject index"), error))
            return std::nullopt;
        while (q.next()) {
            Subject s;
            s.id = q.value(0).toLongLong();
            s.reference = q.value(1).toString();
            s.email = q.value(2).toString();
            s.smileIdJob = q.value(3).toString();
            s.updatedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs).toUTC();
            byId.insert(s.id, s);
        }
    }
    {
        QSqlQuery q(m_db);
        if (!read(q,
                  QStringLiteral("SELECT subject_id, provider, provider_id FROM subject_links "
                                 "WHERE subject_id IN (%1)")
                      .arg(in),
                  values, tr("read the subject index"), error))
            return std::nullopt;
        while (q.next()) {
            auto it = byId.find(q.value(0).toLongLong());
            if (it != byId.end())
                it->ids.insert(q.value(1).toString(), q.value(2).toString());
        }
    }
    for (const qint64 id : ids) {
        if (byId.contains(id))
            list << byId.value(id);
    }
    return list;
}

std::optional<Subject> SqlStore::subject(const QString& reference, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT id FROM subjects WHERE reference = ?"), {reference},
              tr("read the subject index"), error))
        return std::nullopt;
    if (!q.next()) {
        fail(error, tr("There is no subject “%1” in the index.").arg(reference));
        return std::nullopt;
    }
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    const std::optional<QList<Subject>> list = subjectsWithIds({id}, error);
    if (!list || list->isEmpty())
        return std::nullopt;
    return list->constFirst();
}

std::optional<Subject> SqlStore::subjectByLink(const QString& provider, const QString& providerId,
                                               QString* error)
{
    if (error)
        error->clear();
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT subject_id FROM subject_links WHERE provider = ? AND provider_id = ?"),
              {provider, providerId}, tr("read the subject index"), error))
        return std::nullopt;
    if (!q.next())
        return std::nullopt; // nobody: *error stays empty
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    const std::optional<QList<Subject>> list = subjectsWithIds({id}, error);
    if (!list || list->isEmpty())
        return std::nullopt;
    return list->constFirst();
}

std::optional<QList<Subject>> SqlStore::findSubjects(const QString& text, int offset, int limit,
                                                     QString* error)
{
    if (!ready(error))
        return std::nullopt;
    const QString needle = text.trimmed();
    const QString pattern = prefixPattern(needle.toLower());
    QSqlQuery q(m_db);
    QString sql = QStringLiteral(
        "SELECT id FROM subjects WHERE reference_key LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' "
        "OR id IN (SELECT subject_id FROM subject_links WHERE provider_id = ?) ORDER BY reference");
    sql += QStringLiteral(" LIMIT %1 OFFSET %2").arg(qMax(0, limit)).arg(qMax(0, offset));
    if (!read(q, sql, {pattern, pattern, needle}, tr("search the subject index"), error))
        return std::nullopt;
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    q.finish();
    return subjectsWithIds(ids, error);
}

bool SqlStore::saveSubjectLocked(const Subject& s, QString* error)
{
    const QString what = tr("save the subject “%1”").arg(s.reference);
    const QString now = nowText();
    qint64 id = 0;
    {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT id FROM subjects WHERE reference = ?"), {clean(s.reference)},
                  what, error))
            return false;
        if (q.next())
            id = q.value(0).toLongLong();
    }
    QSqlQuery q(m_db);
    if (id == 0) {
        if (!exec(q,
                  QStringLiteral(
                      "INSERT INTO subjects (reference, reference_key, email, smileid_job, created_at, "
                      "updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                  {clean(s.reference), clean(s.reference.toLower()), clean(s.email.toLower()),
                   clean(s.smileIdJob), now, now},
                  what, error))
            return false;
        if (!q.next())
            return fail(error,
                        tr("Cannot save the subject “%1”: the database returned no id.").arg(s.reference));
        id = q.value(0).toLongLong();
        q.finish();
    } else {
        if (!exec(
                q,
                QStringLiteral("UPDATE subjects SET email = ?, smileid_job = ?, updated_at = ? WHERE id = ?"),
                {clean(s.email.toLower()), clean(s.smileIdJob), now, id}, what, error))
            return false;
        QSqlQuery del(m_db);
        if (!exec(del, QStringLiteral("DELETE FROM subject_links WHERE subject_id = ?"), {id}, what, error))
            return false;
    }
    for (auto it = s.ids.cbegin(); it != s.ids.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        QSqlQuery ins(m_db);
        if (!exec(ins,
                  QStringLiteral(
                      "INSERT INTO subject_links (subject_id, provider, provider_id) VALUES (?, ?, ?)"),
                  {id, clean(it.key()), clean(it.value())}, what, error))
            return false;
    }
    return true;
}

bool SqlStore::saveSubjects(const QList<Subject>& subjects, const AuditEntry& entry, QString* error)
{
    return writeTransaction(tr("save subjects to the index"), error, [&](QString* err) {
        for (const Subject& s : subjects) {
            if (!saveSubjectLocked(s, err))
                return false;
        }
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}
