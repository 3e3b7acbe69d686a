// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore: the subject index (schema migrations 3, 9 and 10). Kept apart from SqlStore.cpp so the index can
// grow without touching the action and audit code; every write to subjects, subject_links and
// subject_terms is here. docs/architecture.md section 8 describes the index.
#include "SqlStore.h"

#include "domain/SubjectSearchTerms.h"

#include <algorithm>
#include <vector>

#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>

namespace {
/// Rows per multi-row INSERT and values per IN list: few round trips, well under every parameter limit.
constexpr int kChunk = 200;
/// Values of the IN list that reads one page of search results (SubjectSearchModel asks 50).
constexpr int kPageChunk = 64;

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

/// "?, ?, …" with n marks.
QString marks(int n)
{
    QString s;
    s.reserve(n * 3);
    for (int i = 0; i < n; ++i)
        s += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return s;
}

/// The values of one IN list of exactly kChunk entries (padded with the first: the statement is the
/// same for every chunk, prepared once).
QVariantList paddedChunk(const QStringList& values, qsizetype from)
{
    QVariantList chunk;
    chunk.reserve(kChunk);
    for (qsizetype i = from; i < qMin(values.size(), from + kChunk); ++i)
        chunk << values.at(i);
    while (chunk.size() < kChunk)
        chunk << chunk.constFirst();
    return chunk;
}

/// The exclusive upper bound of the terms that start with `prefix`: in byte order (SQLite's BINARY,
/// PostgreSQL's "C") nothing that starts with prefix sorts at or above prefix + U+10FFFF.
QString upperBound(const QString& prefix)
{
    static const char32_t last = 0x10FFFF;
    return prefix + QString::fromUcs4(&last, 1);
}

constexpr SubjectSearchTerms::Kind kRankedKinds[] = {
    SubjectSearchTerms::Kind::Reference, SubjectSearchTerms::Kind::Email, SubjectSearchTerms::Kind::Name,
    SubjectSearchTerms::Kind::Phone};

const QString kSubjectColumns = QStringLiteral("id, reference, email, name, phone, attributes, updated_at");

/// A subject's provider columns as stored (migration 10): a compact JSON object, or '' for none.
QString attributesText(const QMap<QString, QString>& attributes)
{
    if (attributes.isEmpty())
        return QStringLiteral(""); // not null: the column is NOT NULL
    QJsonObject object;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> attributesFrom(const QString& text)
{
    QMap<QString, QString> attributes;
    if (text.isEmpty())
        return attributes;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (const QString value = it.value().toString(); !value.isEmpty())
            attributes.insert(it.key(), value);
    }
    return attributes;
}

Subject subjectFrom(const QSqlQuery& q)
{
    Subject s;
    s.id = q.value(0).toLongLong();
    s.reference = q.value(1).toString();
    s.email = q.value(2).toString();
    s.name = q.value(3).toString();
    s.phone = q.value(4).toString();
    s.attributes = attributesFrom(q.value(5).toString());
    s.updatedAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs).toUTC();
    return s;
}
} // namespace

std::optional<QList<Subject>> SqlStore::subjectsWithIds(const QList<qint64>& ids, QString* error)
{
    QList<Subject> list;
    if (ids.isEmpty())
        return list;
    // One statement a chunk, the subjects joined with their links, prepared once (the IN list padded to
    // a fixed length): on PostgreSQL every statement is a round trip to the server, and a statement
    // prepared anew costs three (PREPARE, EXECUTE, DEALLOCATE).
    const int width = ids.size() <= kPageChunk ? kPageChunk : kChunk;
    const QString sql = QStringLiteral("SELECT s.id, s.reference, s.email, s.name, s.phone, s.attributes,"
                                       " s.updated_at, l.provider, l.provider_id FROM subjects s"
                                       " LEFT JOIN subject_links l ON l.subject_id = s.id"
                                       " WHERE s.id IN (%1)")
                            .arg(marks(width));
    QHash<qint64, Subject> byId;
    for (qsizetype from = 0; from < ids.size(); from += width) {
        QVariantList values;
        values.reserve(width);
        for (qsizetype i = from; i < qMin(ids.size(), from + width); ++i)
            values << ids.at(i);
        while (values.size() < width)
            values << values.constFirst();
        QSqlQuery* q = readCached(sql, values, tr("read the subject index"), error);
        if (!q)
            return std::nullopt;
        while (q->next()) {
            const qint64 id = q->value(0).toLongLong();
            auto it = byId.find(id);
            if (it == byId.end())
                it = byId.insert(id, subjectFrom(*q));
            if (!q->value(7).isNull() && !q->value(7).toString().isEmpty())
                it->ids.insert(q->value(7).toString(), q->value(8).toString());
        }
        q->finish();
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

std::optional<QList<Subject>> SqlStore::subjectsByReference(const QStringList& references, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QList<qint64> ids;
    const QString sql = QStringLiteral("SELECT id FROM subjects WHERE reference IN (%1)").arg(marks(kChunk));
    for (qsizetype from = 0; from < references.size(); from += kChunk) {
        QSqlQuery* q = readCached(sql, paddedChunk(references, from), tr("read the subject index"), error);
        if (!q)
            return std::nullopt;
        while (q->next())
            ids << q->value(0).toLongLong();
        q->finish();
    }
    return subjectsWithIds(ids, error);
}

std::optional<QHash<QString, QString>> SqlStore::linkOwners(const QString& provider, const QStringList& ids,
                                                            QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QHash<QString, QString> owners;
    const QString sql = QStringLiteral("SELECT l.provider_id, s.reference FROM subject_links l"
                                       " JOIN subjects s ON s.id = l.subject_id"
                                       " WHERE l.provider = ? AND l.provider_id IN (%1)")
                            .arg(marks(kChunk));
    for (qsizetype from = 0; from < ids.size(); from += kChunk) {
        QSqlQuery* q = readCached(sql, QVariantList{provider} + paddedChunk(ids, from),
                                  tr("read the subject index"), error);
        if (!q)
            return std::nullopt;
        while (q->next())
            owners.insert(q->value(0).toString(), q->value(1).toString());
        q->finish();
    }
    return owners;
}

QList<QPair<QString, QVariantList>> SqlStore::subjectSearchStatements(const QString& text, int rowLimit) const
{
    QList<QPair<QString, QVariantList>> statements;
    const QString needle = text.trimmed();
    if (needle.isEmpty()) {
        statements.append(
            {QStringLiteral("SELECT id, reference FROM subjects ORDER BY reference LIMIT ?"), {rowLimit}});
        return statements;
    }
    // An exact provider id, at any provider (subject_links_by_provider_id).
    statements.append({QStringLiteral("SELECT subject_id, '' AS term FROM subject_links WHERE provider_id = ?"
                                      " ORDER BY subject_id LIMIT ?"),
                       {needle, rowLimit}});
    for (const SubjectSearchTerms::Kind kind : kRankedKinds) {
        const QString q = SubjectSearchTerms::queryFor(kind, needle);
        if (q.isEmpty())
            continue;
        // One range of the primary key (kind, term, subject_id), read in its order: shorter terms
        // (an exact word) first, and it stops after rowLimit rows however many subjects match.
        statements.append({QStringLiteral("SELECT subject_id, term FROM subject_terms"
                                          " WHERE kind = ? AND term >= ? AND term < ?"
                                          " ORDER BY kind, term, subject_id LIMIT ?"),
                           {int(kind), q, upperBound(q), rowLimit}});
    }
    return statements;
}

namespace {
/// PostgreSQL: the ranked statements as one, each a branch tagged with its rank, in the order the
/// statements would run one after the other: one round trip to the server instead of one each.
QPair<QString, QVariantList> unitedStatement(const QList<QPair<QString, QVariantList>>& statements)
{
    QStringList branches;
    QVariantList values;
    for (qsizetype r = 0; r < statements.size(); ++r) {
        branches << QStringLiteral("SELECT %1 AS r, subject_id, term FROM (%2) AS s%1")
                        .arg(r)
                        .arg(statements.at(r).first);
        values += statements.at(r).second;
    }
    return {
        QStringLiteral("SELECT r, subject_id FROM (%1) AS ranked ORDER BY r, term COLLATE \"C\", subject_id")
            .arg(branches.join(QStringLiteral(" UNION ALL "))),
        values};
}
} // namespace

std::optional<QList<Subject>> SqlStore::findSubjects(const QString& text, int offset, int limit,
                                                     QString* error)
{
    if (!ready(error))
        return std::nullopt;
    offset = qMax(0, offset);
    limit = qMax(0, limit);
    const int wanted = offset + limit;
    QList<qint64> ranked;
    if (limit == 0)
        return QList<Subject>();
    const bool united = m_dialect.kind == SqlDialect::Kind::Postgresql && !text.trimmed().isEmpty();
    QSet<qint64> seen;
    // A subject can match several terms (ana and anabela): read more rows until `wanted` distinct
    // subjects are found or the statement has no more.
    int rowLimit = wanted + 16;
    for (int round = 0;; ++round) {
        ranked.clear();
        seen.clear();
        bool truncated = false;
        const auto statements = subjectSearchStatements(text, rowLimit);
        // The rows of one statement (rank r): taken while fewer than `wanted` subjects are ranked.
        int rows = 0;
        const auto take = [&](qint64 id) {
            ++rows;
            if (!seen.contains(id) && ranked.size() < wanted) {
                seen.insert(id);
                ranked << id;
            }
        };
        const auto endOfStatement = [&] {
            if (rows == rowLimit && ranked.size() < wanted)
                truncated = true;
            rows = 0;
        };
        if (united) {
            // All at once; ranks are then read in order exactly as the statements below would run.
            const auto [sql, values] = unitedStatement(statements);
            QSqlQuery* q = readCached(sql, values, tr("search the subject index"), error);
            if (!q)
                return std::nullopt;
            int current = 0;
            bool skipping = false;
            while (q->next()) {
                const int r = q->value(0).toInt();
                if (r != current) {
                    if (!skipping)
                        endOfStatement();
                    current = r;
                    skipping = ranked.size() >= wanted;
                }
                if (!skipping)
                    take(q->value(1).toLongLong());
            }
            q->finish();
            if (!skipping)
                endOfStatement();
        } else {
            for (const auto& [sql, values] : statements) {
                if (ranked.size() >= wanted)
                    break;
                QSqlQuery* q = readCached(sql, values, tr("search the subject index"), error);
                if (!q)
                    return std::nullopt;
                while (q->next())
                    take(q->value(0).toLongLong());
                q->finish();
                endOfStatement();
            }
        }
        if (!truncated || round > 8)
            break;
        rowLimit *= 4;
    }
    return subjectsWithIds(ranked.mid(offset, limit), error);
}

std::optional<QStringList> SqlStore::explainFindSubjects(const QString& text, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    const bool sqlite = m_dialect.kind == SqlDialect::Kind::Sqlite;
    QStringList plan;
    // A small table is scanned by PostgreSQL because a scan of a few pages is cheaper; what matters is
    // whether an index can answer, as it must on a table of millions: ask for the plan without scans.
    if (!sqlite &&
        !execPlain(QStringLiteral("SET enable_seqscan = off"), tr("explain a subject search"), error))
        return std::nullopt;
    const auto restore = qScopeGuard([&] {
        if (!sqlite)
            execPlain(QStringLiteral("RESET enable_seqscan"), tr("explain a subject search"), nullptr);
    });
    QList<QPair<QString, QVariantList>> statements = subjectSearchStatements(text, 50);
    // PostgreSQL runs the statements as one (findSubjects): explain that one.
    if (!sqlite && !text.trimmed().isEmpty())
        statements = {unitedStatement(statements)};
    for (const auto& [sql, values] : statements) {
        if (sqlite) {
            QSqlQuery q(m_db);
            if (!read(q, QStringLiteral("EXPLAIN QUERY PLAN ") + sql, values, tr("explain a subject search"),
                      error))
                return std::nullopt;
            while (q.next())
                plan << q.value(q.record().count() - 1).toString(); // the detail column
            continue;
        }
        // PostgreSQL cannot PREPARE an EXPLAIN: the values go in as literals, in the statement (the plan
        // made for these values) and as EXECUTE's arguments of the statement prepared with $n (the
        // generic plan, which a statement prepared once, as findSubjects' are, uses after a few runs).
        QString inlined = sql;
        QString numbered = sql;
        QStringList literals;
        qsizetype at = 0;
        qsizetype atNumbered = 0;
        for (const QVariant& v : values) {
            const QString literal = v.typeId() == QMetaType::Int
                                        ? QString::number(v.toInt())
                                        : u'\'' + v.toString().replace(u'\'', QStringLiteral("''")) + u'\'';
            literals << literal;
            at = inlined.indexOf(u'?', at);
            inlined.replace(at, 1, literal);
            at += literal.size();
            const QString mark = u'$' + QString::number(literals.size());
            atNumbered = numbered.indexOf(u'?', atNumbered);
            numbered.replace(atNumbered, 1, mark);
            atNumbered += mark.size();
        }
        const QString what = tr("explain a subject search");
        const QStringList statementsToExplain{
            QStringLiteral("EXPLAIN ") + inlined,
            QStringLiteral("EXPLAIN EXECUTE identitydesk_explain (%1)").arg(literals.join(u','))};
        if (!execPlain(QStringLiteral("PREPARE identitydesk_explain AS ") + numbered, what, error))
            return std::nullopt;
        const auto deallocate = qScopeGuard([&] {
            execPlain(QStringLiteral("RESET plan_cache_mode"), what, nullptr);
            execPlain(QStringLiteral("DEALLOCATE identitydesk_explain"), what, nullptr);
        });
        if (!execPlain(QStringLiteral("SET plan_cache_mode = force_generic_plan"), what, error))
            return std::nullopt;
        for (const QString& explain : statementsToExplain) {
            QSqlQuery q(m_db);
            if (!read(q, explain, {}, what, error))
                return std::nullopt;
            while (q.next())
                plan << q.value(0).toString();
        }
    }
    return plan;
}

bool SqlStore::insertRows(const QString& sql, int columns, const QList<QVariantList>& rows,
                          const QString& what, QString* error,
                          const std::function<void(const QSqlQuery&)>& onRow,
                          const std::function<bool(qsizetype)>& onChunk)
{
    // "INSERT … VALUES %1 [RETURNING …]": %1 becomes kChunk row tuples (a statement prepared once) or
    // the remainder.
    const QString tuple = QLatin1Char('(') + marks(columns) + QLatin1Char(')');
    const auto statementFor = [&](qsizetype n) {
        QString values;
        values.reserve(n * (tuple.size() + 2));
        for (qsizetype i = 0; i < n; ++i) {
            if (i > 0)
                values += QLatin1String(", ");
            values += tuple;
        }
        return QString(sql).arg(values);
    };
    const QString full = statementFor(kChunk);
    for (qsizetype from = 0; from < rows.size(); from += kChunk) {
        const qsizetype n = qMin<qsizetype>(kChunk, rows.size() - from);
        QVariantList values;
        values.reserve(n * columns);
        for (qsizetype i = from; i < from + n; ++i)
            values += rows.at(i);
        if (n == kChunk) {
            QSqlQuery* q = execCached(full, values, what, error);
            if (!q)
                return false;
            while (onRow && q->next())
                onRow(*q);
            q->finish();
        } else {
            QSqlQuery q(m_db);
            if (!exec(q, statementFor(n), values, what, error))
                return false;
            while (onRow && q.next())
                onRow(q);
        }
        if (onChunk && !onChunk(n))
            return fail(error, tr("The import was cancelled: nothing was written."));
    }
    return true;
}

bool SqlStore::saveSubjectsLocked(const QList<Subject>& input, QString* error,
                                  const std::function<bool(double)>& step)
{
    const QString what = tr("save subjects to the index");
    const QString now = nowText();
    // The last of two rows with one reference wins (callers do not send two).
    QList<Subject> subjects;
    {
        QHash<QString, qsizetype> at;
        for (const Subject& s : input) {
            Subject c = s;
            c.reference = clean(s.reference);
            c.email = clean(s.email.toLower());
            c.name = clean(SubjectSearchTerms::simplified(s.name));
            c.phone = clean(SubjectSearchTerms::simplified(s.phone));
            c.attributes.clear();
            for (auto it = s.attributes.cbegin(); it != s.attributes.cend(); ++it) {
                if (const QString value = clean(it.value()); !value.isEmpty())
                    c.attributes.insert(clean(it.key()), value);
            }
            if (const auto it = at.constFind(c.reference); it != at.cend()) {
                subjects[*it] = c;
            } else {
                at.insert(c.reference, subjects.size());
                subjects << c;
            }
        }
    }
    QStringList references;
    references.reserve(subjects.size());
    for (const Subject& s : subjects)
        references << s.reference;

    // The rows already there, with what their old terms were computed from.
    QHash<QString, Subject> existing;
    {
        const QString sql = QStringLiteral("SELECT %1 FROM subjects WHERE reference IN (%2)")
                                .arg(kSubjectColumns, marks(kChunk));
        for (qsizetype from = 0; from < references.size(); from += kChunk) {
            QSqlQuery* q = execCached(sql, paddedChunk(references, from), what, error);
            if (!q)
                return false;
            while (q->next()) {
                const Subject s = subjectFrom(*q);
                existing.insert(s.reference, s);
            }
            q->finish();
        }
    }

    QList<QVariantList> newRows;
    QHash<QString, qint64> ids;
    // The term rows of every subject, computed once before anything is written so that the rows to
    // write (and the progress through them) are known. `at` is the subject's place in `subjects`.
    struct TermRow
    {
        int kind;
        QString text;
        qsizetype at;
    };
    std::vector<TermRow> termRows;
    qsizetype linkCount = 0;
    qsizetype updates = 0;
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        const Subject& s = subjects.at(i);
        for (auto it = s.ids.cbegin(); it != s.ids.cend(); ++it)
            linkCount += it.value().isEmpty() ? 0 : 1;
        for (const SubjectSearchTerms::Term& t : SubjectSearchTerms::of(s))
            termRows.push_back({int(t.kind), clean(t.text), i});
        if (existing.contains(s.reference))
            ++updates;
        else
            newRows.append({s.reference, SubjectSearchTerms::normalised(s.reference), s.email, s.name,
                            s.phone, attributesText(s.attributes), now, now});
    }
    // Progress in rows written: each update counts as one, as does each inserted row.
    const double units = qMax<double>(1, double(updates + newRows.size() + linkCount + termRows.size()));
    qsizetype written = 0;
    const auto advance = [&](qsizetype rows) {
        written += rows;
        return !step || step(double(written) / units);
    };
    const QString cancelled = tr("The import was cancelled: nothing was written.");
    for (const Subject& s : subjects) {
        const auto old = existing.constFind(s.reference);
        if (old == existing.cend())
            continue;
        const qint64 id = old->id;
        ids.insert(s.reference, id);
        if (!execCached(QStringLiteral("UPDATE subjects SET email = ?, name = ?, phone = ?, attributes = ?,"
                                       " updated_at = ? WHERE id = ?"),
                        {s.email, s.name, s.phone, attributesText(s.attributes), now, id}, what, error) ||
            !execCached(QStringLiteral("DELETE FROM subject_links WHERE subject_id = ?"), {id}, what, error))
            return false;
        // Its old terms, computed again from its old row (the key holds them; no index by subject).
        for (const SubjectSearchTerms::Term& t : SubjectSearchTerms::of(*old)) {
            if (!execCached(QStringLiteral(
                                "DELETE FROM subject_terms WHERE kind = ? AND term = ? AND subject_id = ?"),
                            {int(t.kind), clean(t.text), id}, what, error))
                return false;
        }
        if (!advance(1))
            return fail(error, cancelled);
    }
    if (!insertRows(
            QStringLiteral("INSERT INTO subjects (reference, reference_key, email, name, phone, "
                           "attributes, created_at, updated_at) VALUES %1 RETURNING id, reference"),
            8, newRows, what, error,
            [&](const QSqlQuery& q) { ids.insert(q.value(1).toString(), q.value(0).toLongLong()); }, advance))
        return false;
    QList<QVariantList> links;
    links.reserve(linkCount);
    std::vector<qint64> idAt(size_t(subjects.size()), 0);
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        const Subject& s = subjects.at(i);
        const qint64 id = ids.value(s.reference);
        if (id == 0)
            return fail(error, tr("Cannot save subjects to the index: the database returned no id."));
        idAt[size_t(i)] = id;
        for (auto it = s.ids.cbegin(); it != s.ids.cend(); ++it) {
            if (!it.value().isEmpty())
                links.append({id, clean(it.key()), clean(it.value())});
        }
    }
    // In primary-key order, each B-tree insert lands next to the previous one: the pages touched stay
    // few and in the cache, where random order would read and dirty a page per row.
    std::sort(termRows.begin(), termRows.end(), [&idAt](const TermRow& a, const TermRow& b) {
        // UTF-16 order differs from the key's byte order only above U+FFFF: no matter for locality.
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (const int c = QString::compare(a.text, b.text); c != 0)
            return c < 0;
        return idAt[size_t(a.at)] < idAt[size_t(b.at)];
    });
    QList<QVariantList> terms;
    terms.reserve(qsizetype(termRows.size()));
    for (TermRow& t : termRows)
        terms.append({t.kind, std::move(t.text), idAt[size_t(t.at)]});
    return insertRows(
               QStringLiteral("INSERT INTO subject_links (subject_id, provider, provider_id) VALUES %1"), 3,
               links, what, error, {}, advance) &&
           insertRows(QStringLiteral("INSERT INTO subject_terms (kind, term, subject_id) VALUES %1"
                                     " ON CONFLICT DO NOTHING"),
                      3, terms, what, error, {}, advance);
}

bool SqlStore::saveSubjects(const QList<Subject>& subjects, const AuditEntry& entry, QString* error,
                            const SubjectProgress& progress)
{
    qsizetype from = 0;
    const auto source = [&](QList<Subject>* next, QString*) {
        constexpr qsizetype kBlock = 20000;
        *next = subjects.mid(from, kBlock);
        from += next->size();
        return true;
    };
    return saveSubjectStream(source, subjects.size(), entry, error, progress);
}

bool SqlStore::saveSubjectStream(const SubjectSource& source, qint64 total, const AuditEntry& entry,
                                 QString* error, const SubjectProgress& progress)
{
    // The source gives blocks of subjects (20,000 from an import), so that progress is told (and a
    // cancel heard) while the one transaction runs, the rows of one block's statements stay few, and
    // the memory held is one block's whatever the number of subjects.
    // SQLite's default page cache (2 MiB) is far smaller than the indexes a large import touches: every
    // insert then reads and spills pages. A bounded larger cache for the import, and temporary b-trees
    // in memory, keep it in RAM; journal and synchronous stay as they are (WAL, FULL), so a committed
    // import is as durable as any other write. The cache returns to its size afterwards.
    const bool sqlite = m_dialect.kind == SqlDialect::Kind::Sqlite;
    if (sqlite && (!execPlain(QStringLiteral("PRAGMA cache_size=-131072"), tr("prepare the import"), error) ||
                   !execPlain(QStringLiteral("PRAGMA temp_store=MEMORY"), tr("prepare the import"), error)))
        return false;
    const auto restore = qScopeGuard([&] {
        if (sqlite) {
            QString ignored;
            execPlain(QStringLiteral("PRAGMA cache_size=-2000"), tr("prepare the import"), &ignored);
        }
    });
    return writeTransaction(tr("save subjects to the index"), error, [&](QString* err) {
        qint64 from = 0;
        QList<Subject> block;
        for (;;) {
            block.clear();
            if (!source(&block, err))
                return false;
            if (block.isEmpty())
                break;
            const qint64 all = qMax(total, from + block.size());
            // Told after every statement of the block, so that a cancel is heard within milliseconds.
            const auto step = [&](double fraction) {
                return !progress || progress(from + qint64(fraction * double(block.size())), all);
            };
            if (!saveSubjectsLocked(block, err, step))
                return false;
            from += block.size();
            if (progress && !progress(from, qMax(total, from)))
                return fail(err, tr("The import was cancelled: nothing was written."));
        }
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}
