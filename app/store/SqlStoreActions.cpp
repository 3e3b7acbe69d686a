// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore as the ActionRepository: the pipeline's actions, each written with its audit entry.
#include "SqlStore.h"

#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace SqlValues;

// ------------------------------------------------------------------------------------------- actions

std::optional<qint64> SqlStore::createAction(const ActionRecord& action, const AuditEntry& intent,
                                             QString* error)
{
    if (m_enforced)
        return enforcedCreateAction(action, intent, error);
    qint64 id = 0;
    const bool ok = writeTransaction(tr("record the action"), error, [&](QString* err) {
        const std::optional<qint64> inserted = insertActionLocked(action, err);
        if (!inserted)
            return false;
        id = *inserted;
        AuditEntry e = intent;
        e.actionId = id;
        return appendLocked(e, err);
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool SqlStore::transitionLocked(const Transition& t, bool* applied, QString* error)
{
    if (m_enforced)
        return enforcedTransition(t, applied, error);
    const QString what = tr("update action %1").arg(t.id);
    const ActionRecord& u = t.updated;
    QSqlQuery* q = execCached(
        QStringLiteral("UPDATE actions SET state = ?, updated_at = ?, decided_by = ?, decision_reason = ?, "
                       "http_status = ?, provider_code = ?, outcome_message = ?, sender = ? "
                       "WHERE id = ? AND state = ?"),
        {ActionRecord::stateName(u.state), timeText(nowUtc()), storable(u.decidedBy),
         storable(u.decisionReason), u.httpStatus, storable(u.providerCode), storable(u.outcomeMessage),
         storable(u.sender), t.id, ActionRecord::stateName(t.expectedState)},
        what, error);
    if (!q)
        return false;
    *applied = q->numRowsAffected() == 1;
    if (!*applied)
        return true;
    AuditEntry e = t.entry;
    e.actionId = t.id;
    return appendLocked(e, error);
}

bool SqlStore::transitionAction(qint64 id, ActionRecord::State expectedState, const ActionRecord& updated,
                                const AuditEntry& entry, QString* error)
{
    const QString expected = ActionRecord::stateName(expectedState);
    return writeTransaction(tr("update action %1").arg(id), error, [&](QString* err) {
        bool applied = false;
        if (!transitionLocked(Transition{id, expectedState, updated, entry}, &applied, err))
            return false;
        if (applied)
            return true;
        QSqlQuery current(m_db);
        if (!exec(current, QStringLiteral("SELECT state FROM actions WHERE id = ?"), {id},
                  tr("update action %1").arg(id), err))
            return false;
        if (!current.next())
            return fail(err, tr("There is no action %1 in the store at %2.").arg(id).arg(location()));
        return fail(err, tr("Action %1 is no longer %2 (it is now %3): another operator or console has "
                            "already handled it. Refresh the list and check it before doing anything else.")
                             .arg(id)
                             .arg(expected, current.value(0).toString()));
    });
}

std::optional<ActionRecord> SqlStore::actionFromQuery(const QSqlQuery& q, QString* error) const
{
    ActionRecord a;
    a.id = q.value(0).toLongLong();
    a.request.provider = q.value(1).toString();
    a.request.action = q.value(2).toString();
    a.request.userId = q.value(3).toString();
    a.request.params = jsonObject(q.value(4).toString());
    a.request.reason = q.value(5).toString();
    a.request.jobId = q.value(6).toString();
    a.initiator = q.value(7).toString();
    a.initiatorRole = Roles::fromString(q.value(8).toString()).value_or(Role::Officer);
    a.requiresApproval = q.value(9).toBool();
    const std::optional<ActionRecord::State> state = ActionRecord::stateFromName(q.value(10).toString());
    if (!state) {
        fail(error,
             tr("Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer "
                "IdentityDesk. Update IdentityDesk.")
                 .arg(a.id)
                 .arg(q.value(10).toString(), location()));
        return std::nullopt;
    }
    a.state = *state;
    a.createdAt = parseTime(q.value(11).toString());
    a.updatedAt = parseTime(q.value(12).toString());
    a.decidedBy = q.value(13).toString();
    a.decisionReason = q.value(14).toString();
    a.httpStatus = q.value(15).toInt();
    a.providerCode = q.value(16).toString();
    a.outcomeMessage = q.value(17).toString();
    a.sender = q.value(18).toString();
    // Empty for an action stored before actions were bound to their profile (schema version 7).
    a.request.profile = ProfileFingerprint::fromText(q.value(19).toString());
    return a;
}

std::optional<ActionRecord> SqlStore::action(qint64 id, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    // Cached: read for every batch of a bulk job's rows.
    QSqlQuery* q =
        readCached(QStringLiteral("SELECT %1 FROM actions WHERE id = ?").arg(QLatin1String(kActionColumns)),
                   {id}, tr("read action %1").arg(id), error);
    if (!q)
        return std::nullopt;
    std::optional<ActionRecord> found;
    if (q->next())
        found = actionFromQuery(*q, error); // else no such action: not a store failure, so no error
    q->finish(); // a cached statement must not stay open (SQLite cannot commit while it is)
    return found;
}

bool SqlStore::readActions(QSqlQuery* q, QList<ActionRecord>* list, QString* error) const
{
    while (q->next()) {
        std::optional<ActionRecord> a = actionFromQuery(*q, error);
        if (!a) {
            q->finish();
            return false;
        }
        *list << *a;
    }
    q->finish();
    return true;
}

std::optional<QList<ActionRecord>> SqlStore::actionsInState(ActionRecord::State state, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    const QString name = ActionRecord::stateName(state);
    QSqlQuery* q = readCached(QStringLiteral("SELECT %1 FROM actions WHERE state = ? ORDER BY id")
                                  .arg(QLatin1String(kActionColumns)),
                              {name}, tr("list the %1 actions").arg(name), error);
    QList<ActionRecord> list;
    if (!q || !readActions(q, &list, error))
        return std::nullopt;
    return list;
}

std::optional<QList<ActionRecord>> SqlStore::actionsInStateOf(ActionRecord::State state,
                                                              const QStringList& userIds, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    // One cached statement for every call (every batch of a bulk job's rows asks): the ids go in
    // groups of a fixed size, the last group padded with its own last id.
    constexpr int kGroup = 16;
    static const QString sql = [] {
        QStringList placeholders;
        for (int k = 0; k < kGroup; ++k)
            placeholders << QStringLiteral("?");
        return QStringLiteral("SELECT %1 FROM actions WHERE state = ? AND user_id IN (%2) ORDER BY id")
            .arg(QLatin1String(kActionColumns), placeholders.join(QLatin1Char(',')));
    }();
    const QString name = ActionRecord::stateName(state);
    QStringList ids = userIds;
    ids.removeDuplicates();
    QList<ActionRecord> list;
    for (qsizetype from = 0; from < ids.size(); from += kGroup) {
        QVariantList values{name};
        for (qsizetype k = 0; k < kGroup; ++k)
            values << ids.at(qMin(from + k, ids.size() - 1));
        QSqlQuery* q = readCached(sql, values, tr("list the %1 actions").arg(name), error);
        if (!q || !readActions(q, &list, error))
            return std::nullopt;
    }
    if (ids.size() > kGroup)
        std::sort(list.begin(), list.end(),
                  [](const ActionRecord& a, const ActionRecord& b) { return a.id < b.id; });
    return list;
}
