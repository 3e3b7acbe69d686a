// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore: bulk jobs in an enforced team store (docs/architecture.md, "Bulk jobs in an enforced
// store"). Every write is one call of a SECURITY DEFINER function (TeamSchemaBulk.cpp): the server
// hashes a job's rows when it is submitted, puts the hash over all of them in the job's intent, and
// checks each row against it before the row may be sent.
#include "SqlStore.h"

#include "TeamFunctionCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace {
bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                          : QVariant(TeamFunctionCall::clean(text));
}
} // namespace

std::optional<qint64> SqlStore::enforcedCreateBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                                      const BulkJob& job, const QList<BulkRow>& rows,
                                                      QString* error)
{
    if (enforcedBulkMissing(tr("record a bulk job"), error))
        return std::nullopt;
    // The rows as the function takes them: the columns the shared-credential store inserts.
    const QStringList columns = bulkRowColumns();
    QJsonArray list;
    for (const BulkRow& row : rows) {
        const QVariantList values = bulkRowValues(row);
        QJsonObject o;
        for (qsizetype i = 0; i < columns.size(); ++i)
            o.insert(columns.at(i), QJsonValue::fromVariant(values.at(i)));
        o.insert(QStringLiteral("valid"), row.isValid());
        list.append(o);
    }
    const ActionRequest& r = jobAction.request;
    qint64 id = 0;
    const bool ok = writeTransaction(tr("record the bulk job"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        const QVariantList values =
            QVariantList{TeamFunctionCall::clean(job.fileName),
                         qMax(1, job.concurrency),
                         TeamFunctionCall::compact(r.params),
                         TeamFunctionCall::clean(r.reason),
                         r.profile ? r.profile->toText() : QStringLiteral(""),
                         QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))} +
            TeamFunctionCall::entryArgs(intent);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_submit_bulk_job(%1)")
                              .arg(TeamFunctionCall::placeholders(14)),
                          values, tr("record the bulk job"), err))
            return false;
        id = q.value(0).toLongLong();
        return true;
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool SqlStore::enforcedSetBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner,
                                          const AuditEntry& entry, bool* changed, QString* error)
{
    bool applied = false;
    const QString what = tr("update bulk job %1").arg(id);
    if (enforcedBulkMissing(what, error))
        return false;
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_set_bulk_run_state(%1)")
                              .arg(TeamFunctionCall::placeholders(12)),
                          QVariantList{id, BulkJob::runStateName(state), TeamFunctionCall::clean(runner),
                                       textOrNull(entry.event)} +
                              TeamFunctionCall::entryArgs(entry),
                          what, err))
            return false;
        applied = q.value(0).toBool();
        return true;
    });
    if (changed)
        *changed = ok && applied;
    return ok;
}

bool SqlStore::enforcedClaimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                                    const QString& runner, const AuditEntry& entry, bool* claimed,
                                    QString* error)
{
    *claimed = false;
    if (enforcedBulkMissing(tr("start bulk job %1").arg(id), error))
        return false;
    const QString what = tr("start bulk job %1").arg(id);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_claim_bulk_job(%1)")
                              .arg(TeamFunctionCall::placeholders(13)),
                          QVariantList{id, BulkJob::runStateName(expectedState),
                                       TeamFunctionCall::clean(expectedRunner),
                                       TeamFunctionCall::clean(runner), textOrNull(entry.event)} +
                              TeamFunctionCall::entryArgs(entry),
                          what, err))
            return false;
        *claimed = q.value(0).toBool();
        return true;
    });
}

bool SqlStore::enforcedRenewBulkJobRunner(qint64 id, const QString& runner, QString* error)
{
    const QString what = tr("renew the runner of bulk job %1").arg(id);
    if (enforcedBulkMissing(what, error))
        return false;
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return callFunction(q, QStringLiteral("SELECT identitydesk_renew_bulk_runner(?, ?)"),
                            {id, TeamFunctionCall::clean(runner)}, what, err);
    });
}

std::optional<int> SqlStore::enforcedCancelPendingBulkRows(qint64 jobId, const AuditEntry& entry,
                                                           QString* error)
{
    int cancelled = 0;
    const QString what = tr("cancel bulk job %1").arg(jobId);
    if (enforcedBulkMissing(what, error))
        return std::nullopt;
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_cancel_bulk_rows(%1)")
                              .arg(TeamFunctionCall::placeholders(9)),
                          QVariantList{jobId} + TeamFunctionCall::entryArgs(entry), what, err))
            return false;
        cancelled = q.value(0).toInt();
        return true;
    });
    if (!ok)
        return std::nullopt;
    return cancelled;
}

bool SqlStore::enforcedClaimBulkRow(const RowIntent& row, qint64* id, const QString& what, QString* error)
{
    *id = 0;
    const ActionRecord& a = row.action;
    const ActionRequest& r = a.request;
    const QVariantList values = QVariantList{r.jobId.toLongLong(),
                                             row.line,
                                             TeamFunctionCall::clean(r.provider),
                                             TeamFunctionCall::clean(r.action),
                                             TeamFunctionCall::clean(r.userId),
                                             TeamFunctionCall::compact(r.params),
                                             TeamFunctionCall::clean(r.reason),
                                             TeamFunctionCall::clean(a.sender),
                                             TeamFunctionCall::clean(a.decisionReason)} +
                                TeamFunctionCall::entryArgs(row.intent);
    QVariant result;
    if (!callCachedFunction(
            QStringLiteral("SELECT identitydesk_claim_bulk_row(%1)").arg(TeamFunctionCall::placeholders(17)),
            values, what, &result, error))
        return false;
    *id = result.toLongLong();
    return true;
}

bool SqlStore::enforcedReleaseBulkRow(qint64 actionId, const QString& what, QString* error)
{
    QVariant ignored;
    return callCachedFunction(QStringLiteral("SELECT identitydesk_release_bulk_row(?)"), {actionId}, what,
                              &ignored, error);
}

std::optional<Store::BulkBatchResult> SqlStore::enforcedRecordBulkBatch(const QList<Transition>& outcomes,
                                                                        const QList<RowIntent>& intents,
                                                                        const QString& what, QString* error)
{
    // The arguments enforcedTransition() and enforcedClaimBulkRow() bind, as the function's JSON.
    QJsonArray outs;
    for (const Transition& t : outcomes) {
        const ActionRecord& u = t.updated;
        outs.append(
            QJsonObject{{QStringLiteral("id"), t.id},
                        {QStringLiteral("expected"), ActionRecord::stateName(t.expectedState)},
                        {QStringLiteral("state"), ActionRecord::stateName(u.state)},
                        {QStringLiteral("decision_reason"), TeamFunctionCall::clean(u.decisionReason)},
                        {QStringLiteral("http_status"), u.httpStatus},
                        {QStringLiteral("provider_code"), TeamFunctionCall::clean(u.providerCode)},
                        {QStringLiteral("outcome_message"), TeamFunctionCall::clean(u.outcomeMessage)},
                        {QStringLiteral("sender"), TeamFunctionCall::clean(u.sender)},
                        {QStringLiteral("event"), TeamFunctionCall::clean(t.entry.event)},
                        {QStringLiteral("release"), t.releaseBulkRow},
                        {QStringLiteral("entry"), TeamFunctionCall::entryObject(t.entry)}});
    }
    QJsonArray claims;
    for (const RowIntent& row : intents) {
        const ActionRecord& a = row.action;
        const ActionRequest& r = a.request;
        claims.append(
            QJsonObject{{QStringLiteral("job"), r.jobId.toLongLong()},
                        {QStringLiteral("line"), row.line},
                        {QStringLiteral("provider"), TeamFunctionCall::clean(r.provider)},
                        {QStringLiteral("action"), TeamFunctionCall::clean(r.action)},
                        {QStringLiteral("user_id"), TeamFunctionCall::clean(r.userId)},
                        {QStringLiteral("params"), TeamFunctionCall::compact(r.params)},
                        {QStringLiteral("reason"), TeamFunctionCall::clean(r.reason)},
                        {QStringLiteral("sender"), TeamFunctionCall::clean(a.sender)},
                        {QStringLiteral("decision_reason"), TeamFunctionCall::clean(a.decisionReason)},
                        {QStringLiteral("entry"), TeamFunctionCall::entryObject(row.intent)}});
    }
    const auto text = [](const QJsonArray& list) {
        return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
    };
    BulkBatchResult result;
    const bool ok = writeTransaction(
        what, error,
        [&](QString* err) {
            QVariant value;
            if (!callCachedFunction(QStringLiteral("SELECT identitydesk_record_bulk_batch(?, ?)"),
                                    {text(outs), text(claims)}, what, &value, err))
                return false;
            const QJsonObject answer = QJsonDocument::fromJson(value.toString().toUtf8()).object();
            const QJsonArray applied = answer.value(QStringLiteral("applied")).toArray();
            const QJsonArray ids = answer.value(QStringLiteral("ids")).toArray();
            if (applied.size() != outcomes.size() || ids.size() != intents.size())
                return fail(err, tr("Cannot %1 in the store at %2: the database answered with %3 outcome(s) "
                                    "and %4 row(s) for %5 and %6. %7")
                                     .arg(what, location())
                                     .arg(applied.size())
                                     .arg(ids.size())
                                     .arg(outcomes.size())
                                     .arg(intents.size())
                                     .arg(advice()));
            result = BulkBatchResult();
            for (const QJsonValue& v : applied)
                result.applied << v.toBool();
            for (const QJsonValue& v : ids)
                result.ids << v.toInteger();
            return true;
        },
        WriterLock::TakenByFunction);
    if (!ok)
        return std::nullopt;
    return result;
}
