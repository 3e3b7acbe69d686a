// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore as the AuditRepository: the hash-chained audit log and its signed checkpoints.
#include "SqlStore.h"

#include "AuditChainVerifier.h"
#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace SqlValues;

// --------------------------------------------------------------------------------------------- audit

bool SqlStore::appendLocked(AuditEntry& entry, QString* error)
{
    if (m_enforced)
        return enforcedAppend(entry, error);
    const QString what = tr("append to the audit log");
    qint64 lastSeq = 0;
    QString lastHash = kZeroHash;
    if (m_chainHead) {
        // Appended earlier in this transaction, which no other writer can interleave with.
        lastSeq = m_chainHead->seq;
        lastHash = m_chainHead->hash;
    } else {
        QSqlQuery* q = execCached(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"), {},
                                  what, error);
        if (!q)
            return false;
        if (q->next()) {
            lastSeq = q->value(0).toLongLong();
            lastHash = q->value(1).toString();
        }
        q->finish(); // the cached statement must not stay open (SQLite cannot commit while it is)
    }
    entry.time = nowUtc();
    const QVariantList values = auditValues(entry);
    // Hash exactly what a later read will reconstruct from the row.
    AuditEntry stored = auditEntryFromValues(lastSeq + 1, values, lastHash, QString());
    stored.hash = stored.computeHash();
    QSqlQuery* q = execCached(
        QStringLiteral("INSERT INTO audit (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(kAuditColumns)),
        QVariantList{stored.seq} + values +
            QVariantList{QString::fromLatin1(stored.prevHash), QString::fromLatin1(stored.hash)},
        what, error);
    if (!q)
        return false;
    m_chainHead = ChainHead{stored.seq, QString::fromLatin1(stored.hash)};
    entry = stored;
    return true;
}

bool SqlStore::appendAudit(AuditEntry entry, QString* error)
{
    return writeTransaction(tr("append to the audit log"), error,
                            [&](QString* err) { return appendLocked(entry, err); });
}

std::optional<QList<AuditEntry>> SqlStore::auditEntries(const AuditFilter& filter, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QStringList where;
    QVariantList values;
    if (!filter.operatorName.isEmpty()) {
        where << QStringLiteral("operator = ?");
        values << filter.operatorName;
    }
    if (!filter.subjectId.isEmpty()) {
        // subject_ids is a compact JSON array: look for the element, quotes included.
        const QString element = jsonText(QStringList{filter.subjectId}).mid(1).chopped(1);
        where << QStringLiteral("%1(subject_ids, ?) > 0").arg(m_dialect.containsFunction);
        values << element;
    }
    if (!filter.action.isEmpty()) {
        where << QStringLiteral("%1(lower(action), lower(?)) > 0").arg(m_dialect.containsFunction);
        values << filter.action;
    }
    if (filter.from.isValid()) {
        where << QStringLiteral("time >= ?");
        values << timeText(filter.from);
    }
    if (filter.to.isValid()) {
        where << QStringLiteral("time <= ?");
        values << timeText(filter.to);
    }
    if (filter.actionId > 0) {
        where << QStringLiteral("action_id = ?");
        values << filter.actionId;
    }
    QString sql = QStringLiteral("SELECT %1 FROM audit").arg(QLatin1String(kAuditColumns));
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    if (filter.limit > 0)
        sql += QStringLiteral(" ORDER BY seq DESC LIMIT %1").arg(filter.limit);
    else
        sql += QLatin1String(" ORDER BY seq");
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the audit log"), error))
        return std::nullopt;
    QList<AuditEntry> list;
    while (q.next())
        list << auditEntryFromQuery(q);
    if (filter.limit > 0)
        std::reverse(list.begin(), list.end());
    return list;
}

AuditVerification SqlStore::verifyAudit()
{
    AuditVerification result;
    const auto broken = [&result](qint64 seq, const QString& problem) {
        result.ok = false;
        result.firstBrokenSeq = seq;
        result.problem = problem;
        return result;
    };
    QString error;
    if (!ready(&error))
        return broken(0, error);
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT %1 FROM audit ORDER BY seq").arg(QLatin1String(kAuditColumns)), {},
              tr("read the audit log"), &error))
        return broken(0, error);
    AuditChainVerifier chain;
    while (q.next()) {
        if (!chain.add(auditEntryFromQuery(q)))
            return chain.result();
    }
    result = chain.result();
    // A failure in the middle of the rows (connection lost) must not pass for the end of the log.
    if (q.lastError().isValid())
        return broken(0, failure(tr("read the audit log"), q.lastError()));
    // Nor a file deleted while we read.
    if (!ready(&error))
        return broken(0, error);
    return result;
}

// -------------------------------------------------------------------------------------- checkpoints

bool SqlStore::bindProfile(const QString& key, const QString& fingerprint, const AuditEntry& entry,
                           bool* added, QString* error)
{
    if (added)
        *added = false;
    const QString name = QStringLiteral("profile:") + key;
    return writeTransaction(tr("record the profile used with this store"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT value FROM store_info WHERE name = ?"), {name},
                  tr("record the profile used with this store"), err))
            return false;
        if (q.next())
            return true;
        QSqlQuery insert(m_db);
        if (!exec(insert, QStringLiteral("INSERT INTO store_info (name, value) VALUES (?, ?)"),
                  {name, fingerprint}, tr("record the profile used with this store"), err))
            return false;
        AuditEntry e = entry;
        if (!appendLocked(e, err))
            return false;
        if (added)
            *added = true;
        return true;
    });
}

std::optional<QString> SqlStore::storeId(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT value FROM store_info WHERE name = 'store_id'"), {},
              tr("read the store's id"), error))
        return std::nullopt;
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    const QString id = q.next() ? q.value(0).toString() : QString();
    if (!uuid.match(id).hasMatch()) {
        fail(error, tr("The store at %1 has no valid id (store_info.store_id): it was damaged or edited.")
                        .arg(location()));
        return std::nullopt;
    }
    return id;
}

std::optional<QByteArray> SqlStore::auditHash(qint64 seq, QString* error)
{
    if (error)
        error->clear();
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT hash FROM audit WHERE seq = ?"), {seq}, tr("read the audit log"),
              error))
        return std::nullopt;
    if (!q.next())
        return std::nullopt;
    return q.value(0).toString().toLatin1();
}

std::optional<QList<CheckpointKeyRecord>> SqlStore::checkpointKeys(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT key_id, public_key, operator, created_at, audit_seq FROM audit_keys "
                             "ORDER BY audit_seq"),
              {}, tr("read the checkpoint keys"), error))
        return std::nullopt;
    QList<CheckpointKeyRecord> list;
    while (q.next()) {
        CheckpointKeyRecord k;
        k.keyId = q.value(0).toString();
        k.publicKey = QByteArray::fromBase64(q.value(1).toString().toLatin1());
        k.operatorName = q.value(2).toString();
        k.createdAt = parseTime(q.value(3).toString());
        k.auditSeq = q.value(4).toLongLong();
        list << k;
    }
    return list;
}

bool SqlStore::registerCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                                     QString* error)
{
    if (added)
        *added = false;
    if (m_enforced)
        return enforcedRegisterCheckpointKey(key, entry, added, error);
    const QString what = tr("register the checkpoint key %1").arg(key.keyId);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM audit_keys WHERE key_id = ?"), {key.keyId}, what,
                  err))
            return false;
        if (q.next() && q.value(0).toLongLong() > 0)
            return true;
        q.finish();
        AuditEntry e = entry;
        if (!appendLocked(e, err))
            return false;
        QSqlQuery insert(m_db);
        if (!exec(
                insert,
                QStringLiteral("INSERT INTO audit_keys (key_id, algorithm, public_key, operator, created_at, "
                               "audit_seq) VALUES (?, 'ed25519', ?, ?, ?, ?)"),
                {key.keyId, QString::fromLatin1(key.publicKey.toBase64()), storable(key.operatorName),
                 timeText(e.time), e.seq},
                what, err))
            return false;
        if (added)
            *added = true;
        return true;
    });
}

bool SqlStore::addCheckpoint(const AuditCheckpoint& c, QString* error)
{
    if (m_enforced)
        return enforcedAddCheckpoint(c, error);
    const QString what = tr("keep the audit checkpoint of entry %1").arg(c.seq);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return exec(q,
                    QStringLiteral("INSERT INTO audit_checkpoints (seq, head_hash, time, operator, key_id, "
                                   "signature) VALUES (?, ?, ?, ?, ?, ?)"),
                    {c.seq, QString::fromLatin1(c.headHash), timeText(c.time), storable(c.operatorName),
                     c.keyId, QString::fromLatin1(c.signature.toBase64())},
                    what, err);
    });
}

std::optional<QList<AuditCheckpoint>> SqlStore::checkpoints(QString* error)
{
    const std::optional<QString> id = storeId(error);
    if (!id)
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(
            q,
            QStringLiteral("SELECT seq, head_hash, time, operator, key_id, signature FROM audit_checkpoints "
                           "ORDER BY id"),
            {}, tr("read the audit checkpoints"), error))
        return std::nullopt;
    QList<AuditCheckpoint> list;
    while (q.next()) {
        AuditCheckpoint c;
        c.storeId = *id;
        c.seq = q.value(0).toLongLong();
        c.headHash = q.value(1).toString().toLatin1();
        c.time = parseTime(q.value(2).toString());
        c.operatorName = q.value(3).toString();
        c.keyId = q.value(4).toString();
        c.signature = QByteArray::fromBase64(q.value(5).toString().toLatin1());
        list << c;
    }
    return list;
}
