// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore as the BulkJobRepository: bulk jobs and their rows, written in batches.
#include "SqlStore.h"

#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace SqlValues;

// ----------------------------------------------------------------------------------------- bulk jobs

std::optional<qint64> SqlStore::insertActionLocked(const ActionRecord& action, QString* error)
{
    const QDateTime now = nowUtc();
    const ActionRequest& r = action.request;
    QSqlQuery* q = execCached(
        QStringLiteral(
            "INSERT INTO actions (provider, action, user_id, params, reason, job_id, "
            "initiator, initiator_role, requires_approval, state, created_at, updated_at, "
            "decided_by, decision_reason, http_status, provider_code, outcome_message, sender, "
            "profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {storable(r.provider), storable(r.action), storable(r.userId), jsonText(r.params), storable(r.reason),
         nullableText(r.jobId), storable(action.initiator), Roles::toString(action.initiatorRole),
         action.requiresApproval, ActionRecord::stateName(action.state),
         timeText(action.createdAt.isValid() ? action.createdAt : now), timeText(now),
         storable(action.decidedBy), storable(action.decisionReason), action.httpStatus,
         storable(action.providerCode), storable(action.outcomeMessage), storable(action.sender),
         r.profile ? r.profile->toText() : QString(QLatin1String(""))},
        tr("record the action"), error);
    if (!q)
        return std::nullopt;
    if (!q->next()) {
        fail(error, tr("Cannot record the action in the store at %1: the database returned no id. %2")
                        .arg(location(), advice()));
        return std::nullopt;
    }
    const qint64 id = q->value(0).toLongLong();
    q->finish(); // SQLite cannot commit while a statement is still open
    return id;
}

std::optional<qint64> SqlStore::createBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                              const BulkJob& job, const QList<BulkRow>& rows, QString* error)
{
    if (m_enforced)
        return enforcedCreateBulkJob(jobAction, intent, job, rows, error);
    qint64 id = 0;
    const bool ok = writeTransaction(tr("record the bulk job"), error, [&](QString* err) {
        const std::optional<qint64> inserted = insertActionLocked(jobAction, err);
        if (!inserted)
            return false;
        id = *inserted;
        int invalid = 0;
        for (const BulkRow& row : rows)
            invalid += row.isValid() ? 0 : 1;
        QSqlQuery q(m_db);
        if (!exec(
                q,
                QStringLiteral("INSERT INTO bulk_jobs (id, file_name, run_state, concurrency, runner, total, "
                               "invalid, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)"),
                {id, storable(job.fileName), BulkJob::runStateName(BulkJob::RunState::WaitingForApproval),
                 qMax(1, job.concurrency), int(rows.size()), invalid, timeText(nowUtc())},
                tr("record the bulk job"), err))
            return false;
        // One prepared statement for every row: a 10,000-row file is one quick transaction.
        QSqlQuery insert(m_db);
        insert.setForwardOnly(true);
        const QStringList columns = bulkRowColumns();
        QStringList marks; // job_id, the row's columns, state
        for (qsizetype i = 0; i < columns.size() + 2; ++i)
            marks << QStringLiteral("?");
        if (!insert.prepare(QStringLiteral("INSERT INTO bulk_job_rows (job_id, %1, state) VALUES (%2)")
                                .arg(columns.join(QLatin1String(", ")), marks.join(QLatin1String(", ")))))
            return fail(err, failure(tr("record the rows of the bulk job"), insert.lastError()));
        for (const BulkRow& row : rows) {
            const QVariantList values =
                QVariantList{id} + bulkRowValues(row) +
                QVariantList{
                    BulkRow::stateName(row.isValid() ? BulkRow::State::Pending : BulkRow::State::Invalid)};
            for (int i = 0; i < values.size(); ++i)
                insert.bindValue(i, values.at(i));
            if (!insert.exec()) {
                m_connectionSuspect = true;
                return fail(err,
                            failure(tr("record line %1 of the bulk job").arg(row.line), insert.lastError()));
            }
        }
        insert.finish();
        AuditEntry e = intent;
        e.actionId = id;
        return appendLocked(e, err);
    });
    if (!ok)
        return std::nullopt;
    return id;
}

QStringList SqlStore::bulkRowColumns()
{
    return {QStringLiteral("line"),    QStringLiteral("provider"), QStringLiteral("action"),
            QStringLiteral("user_id"), QStringLiteral("params"),   QStringLiteral("params_text"),
            QStringLiteral("reason"),  QStringLiteral("problem"),  QStringLiteral("preview")};
}

QVariantList SqlStore::bulkRowValues(const BulkRow& row)
{
    return {row.line,
            storable(row.request.provider),
            storable(row.request.action),
            storable(row.request.userId),
            jsonText(row.request.params),
            storable(row.paramsText),
            storable(row.request.reason),
            storable(row.problem),
            storable(row.preview)};
}

std::optional<QList<BulkJob>> SqlStore::readBulkJobs(qint64 id, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QString sql = QStringLiteral("SELECT j.id, j.file_name, j.run_state, j.concurrency, j.runner, j.total, "
                                 "j.invalid, j.updated_at, a.reason, a.initiator, a.decided_by, a.state, "
                                 "a.created_at FROM bulk_jobs j JOIN actions a ON a.id = j.id");
    QVariantList values;
    if (id > 0) {
        sql += QStringLiteral(" WHERE j.id = ?");
        values << id;
    }
    sql += QStringLiteral(" ORDER BY j.id DESC");
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the bulk jobs"), error))
        return std::nullopt;
    QList<BulkJob> jobs;
    while (q.next()) {
        BulkJob job;
        job.id = q.value(0).toLongLong();
        job.fileName = q.value(1).toString();
        job.runState = BulkJob::runStateFromName(q.value(2).toString());
        job.concurrency = q.value(3).toInt();
        job.runner = q.value(4).toString();
        job.counts.total = q.value(5).toInt();
        job.counts.invalid = q.value(6).toInt();
        job.updatedAt = parseTime(q.value(7).toString());
        job.reason = q.value(8).toString();
        job.initiator = q.value(9).toString();
        job.approvedBy = q.value(10).toString();
        job.approvalState = ActionRecord::stateFromName(q.value(11).toString())
                                .value_or(ActionRecord::State::PendingApproval);
        job.createdAt = parseTime(q.value(12).toString());
        if (job.approvalState == ActionRecord::State::Rejected)
            job.runState = BulkJob::RunState::Rejected;
        jobs << job;
    }
    for (BulkJob& job : jobs) {
        const std::optional<BulkCounts> counts = bulkJobCounts(job.id, error);
        if (!counts)
            return std::nullopt;
        job.counts = *counts;
    }
    return jobs;
}

std::optional<BulkJob> SqlStore::bulkJob(qint64 id, QString* error)
{
    const std::optional<QList<BulkJob>> jobs = readBulkJobs(id, error);
    if (!jobs)
        return std::nullopt;
    if (jobs->isEmpty()) {
        fail(error, tr("There is no bulk job %1 in the store at %2.").arg(id).arg(location()));
        return std::nullopt;
    }
    return jobs->constFirst();
}

std::optional<QList<BulkJob>> SqlStore::bulkJobs(QString* error)
{
    return readBulkJobs(0, error);
}

bool SqlStore::setBulkJobRunStateLocked(qint64 id, BulkJob::RunState state, const QString& runner,
                                        bool* changed, QString* error)
{
    const QString what = tr("update bulk job %1").arg(id);
    QSqlQuery q(m_db);
    // A job that has ended (finished, cancelled — perhaps by another console — or rejected) stays so.
    if (!exec(q,
              QStringLiteral("UPDATE bulk_jobs SET run_state = ?, runner = ?, updated_at = ? WHERE id = ? "
                             "AND run_state NOT IN (?, ?, ?)"),
              {BulkJob::runStateName(state), storable(runner), timeText(nowUtc()), id,
               BulkJob::runStateName(BulkJob::RunState::Finished),
               BulkJob::runStateName(BulkJob::RunState::Cancelled),
               BulkJob::runStateName(BulkJob::RunState::Rejected)},
              what, error))
        return false;
    *changed = q.numRowsAffected() == 1;
    if (*changed)
        return true;
    QSqlQuery current(m_db);
    if (!exec(current, QStringLiteral("SELECT run_state FROM bulk_jobs WHERE id = ?"), {id}, what, error))
        return false;
    if (!current.next())
        return fail(error, tr("There is no bulk job %1 in the store at %2.").arg(id).arg(location()));
    return true; // already ended: nothing to change
}

bool SqlStore::setBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner, QString* error)
{
    if (m_enforced)
        return enforcedSetBulkJobRunState(id, state, runner, AuditEntry(), nullptr, error);
    return writeTransaction(tr("update bulk job %1").arg(id), error, [&](QString* err) {
        bool changed = false;
        return setBulkJobRunStateLocked(id, state, runner, &changed, err);
    });
}

bool SqlStore::setBulkJobRunStateAudited(qint64 id, BulkJob::RunState state, const QString& runner,
                                         const AuditEntry& entry, bool* changed, QString* error)
{
    if (m_enforced)
        return enforcedSetBulkJobRunState(id, state, runner, entry, changed, error);
    bool applied = false;
    const bool ok = writeTransaction(tr("update bulk job %1").arg(id), error, [&](QString* err) {
        if (!setBulkJobRunStateLocked(id, state, runner, &applied, err))
            return false;
        if (!applied)
            return true;
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
    if (changed)
        *changed = ok && applied;
    return ok;
}

bool SqlStore::claimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                            const QString& runner, const AuditEntry& entry, bool* claimed, QString* error)
{
    if (m_enforced)
        return enforcedClaimBulkJob(id, expectedState, expectedRunner, runner, entry, claimed, error);
    *claimed = false;
    const QString what = tr("start bulk job %1").arg(id);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!exec(
                q,
                QStringLiteral("UPDATE bulk_jobs SET run_state = ?, runner = ?, updated_at = ? WHERE id = ? "
                               "AND run_state = ? AND COALESCE(runner, '') = ?"),
                {BulkJob::runStateName(BulkJob::RunState::Running), storable(runner), timeText(nowUtc()), id,
                 BulkJob::runStateName(expectedState), storable(expectedRunner)},
                what, err))
            return false;
        *claimed = q.numRowsAffected() == 1;
        if (!*claimed || entry.event.isEmpty())
            return true;
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}

std::optional<QList<BulkRow>> SqlStore::bulkJobRows(qint64 jobId, int afterLine, int limit, bool pendingOnly,
                                                    QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QString sql =
        QStringLiteral("SELECT r.line, r.provider, r.action, r.user_id, r.params, r.params_text, "
                       "r.reason, r.problem, r.preview, r.state, r.action_id, a.state, "
                       "a.outcome_message FROM bulk_job_rows r LEFT JOIN actions a ON a.id = r.action_id "
                       "WHERE r.job_id = ? AND r.line > ?");
    QVariantList values{jobId, afterLine};
    if (pendingOnly) {
        sql += QStringLiteral(" AND r.state = ?");
        values << BulkRow::stateName(BulkRow::State::Pending);
    }
    sql += QStringLiteral(" ORDER BY r.line");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q(m_db);
    if (!read(q, sql, values, tr("read the rows of bulk job %1").arg(jobId), error))
        return std::nullopt;
    QList<BulkRow> rows;
    while (q.next()) {
        BulkRow row;
        row.line = q.value(0).toInt();
        row.request.provider = q.value(1).toString();
        row.request.action = q.value(2).toString();
        row.request.userId = q.value(3).toString();
        row.request.params = jsonObject(q.value(4).toString());
        row.paramsText = q.value(5).toString();
        row.request.reason = q.value(6).toString();
        row.request.jobId = QString::number(jobId);
        row.problem = q.value(7).toString();
        row.preview = q.value(8).toString();
        row.state = BulkRow::stateFromName(q.value(9).toString());
        row.actionId = q.value(10).isNull() ? 0 : q.value(10).toLongLong();
        if (row.actionId > 0)
            row.actionState =
                ActionRecord::stateFromName(q.value(11).toString()).value_or(ActionRecord::State::Unresolved);
        row.outcomeMessage = q.value(12).toString();
        rows << row;
    }
    return rows;
}

bool SqlStore::createBulkRowActionLocked(const RowIntent& row, qint64* id, const QString& what,
                                         QString* error)
{
    if (m_enforced)
        return enforcedClaimBulkRow(row, id, what, error);
    *id = 0;
    const qint64 rowJob = row.action.request.jobId.toLongLong();
    // Claim the row first: only a row still Pending is submitted, whoever else runs the job.
    QSqlQuery* claim = execCached(
        QStringLiteral("UPDATE bulk_job_rows SET state = ? WHERE job_id = ? AND line = ? AND state = ?"),
        {BulkRow::stateName(BulkRow::State::Submitted), rowJob, row.line,
         BulkRow::stateName(BulkRow::State::Pending)},
        what, error);
    if (!claim)
        return false;
    if (claim->numRowsAffected() != 1)
        return true;
    const std::optional<qint64> inserted = insertActionLocked(row.action, error);
    if (!inserted)
        return false;
    QSqlQuery* link =
        execCached(QStringLiteral("UPDATE bulk_job_rows SET action_id = ? WHERE job_id = ? AND line = ?"),
                   {*inserted, rowJob, row.line}, what, error);
    if (!link)
        return false;
    AuditEntry e = row.intent;
    e.actionId = *inserted;
    if (!appendLocked(e, error))
        return false;
    *id = *inserted;
    return true;
}

std::optional<Store::BulkBatchResult>
SqlStore::recordBulkBatch(const QList<Transition>& outcomes, const QList<RowIntent>& intents, QString* error)
{
    if (m_enforced && !intents.isEmpty() && enforcedBulkMissing(tr("record rows of a bulk job"), error))
        return std::nullopt;
    QString what;
    if (intents.isEmpty()) {
        what = tr("record %n outcome(s)", nullptr, int(outcomes.size()));
    } else {
        const qint64 jobId = intents.constFirst().action.request.jobId.toLongLong();
        what = intents.size() == 1
                   ? tr("record line %1 of bulk job %2").arg(intents.constFirst().line).arg(jobId)
                   : tr("record %n line(s) of bulk job %1", nullptr, int(intents.size())).arg(jobId);
    }
    if (m_enforced && m_teamMode >= 3)
        return enforcedRecordBulkBatch(outcomes, intents, what, error);
    BulkBatchResult result;
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        result = BulkBatchResult();
        for (const Transition& t : outcomes) {
            bool applied = false;
            if (!transitionLocked(t, &applied, err))
                return false;
            if (applied && t.releaseBulkRow && m_enforced) {
                if (!enforcedReleaseBulkRow(t.id, what, err))
                    return false;
            } else if (applied && t.releaseBulkRow &&
                       !execCached(
                           QStringLiteral("UPDATE bulk_job_rows SET state = ?, action_id = NULL WHERE "
                                          "action_id = ? AND state = ?"),
                           {BulkRow::stateName(BulkRow::State::Pending), t.id,
                            BulkRow::stateName(BulkRow::State::Submitted)},
                           what, err))
                return false;
            result.applied << applied;
        }
        for (const RowIntent& row : intents) {
            qint64 id = 0;
            if (!createBulkRowActionLocked(row, &id, what, err))
                return false;
            result.ids << id;
        }
        return true;
    });
    if (!ok)
        return std::nullopt;
    return result;
}

bool SqlStore::renewBulkJobRunner(qint64 id, const QString& runner, QString* error)
{
    if (m_enforced)
        return enforcedRenewBulkJobRunner(id, runner, error);
    const QString what = tr("renew the runner of bulk job %1").arg(id);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return exec(q,
                    QStringLiteral("UPDATE bulk_jobs SET updated_at = ? WHERE id = ? AND runner = ? AND "
                                   "run_state IN (?, ?)"),
                    {timeText(nowUtc()), id, runner, BulkJob::runStateName(BulkJob::RunState::Running),
                     BulkJob::runStateName(BulkJob::RunState::Paused)},
                    what, err);
    });
}

std::optional<int> SqlStore::cancelPendingBulkRows(qint64 jobId, const AuditEntry& entry, QString* error)
{
    if (m_enforced)
        return enforcedCancelPendingBulkRows(jobId, entry, error);
    int cancelled = 0;
    const QString what = tr("cancel bulk job %1").arg(jobId);
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        // The lines this statement cancelled (RETURNING: not one another console claimed meanwhile) go
        // into the audit entry, in the same transaction as the cancel.
        QSqlQuery q(m_db);
        if (!exec(q,
                  QStringLiteral(
                      "UPDATE bulk_job_rows SET state = ? WHERE job_id = ? AND state = ? RETURNING line"),
                  {BulkRow::stateName(BulkRow::State::Cancelled), jobId,
                   BulkRow::stateName(BulkRow::State::Pending)},
                  what, err))
            return false;
        QList<int> cancelledLines;
        while (q.next())
            cancelledLines << q.value(0).toInt();
        std::sort(cancelledLines.begin(), cancelledLines.end());
        QJsonArray lines;
        for (const int line : std::as_const(cancelledLines))
            lines.append(line);
        cancelled = int(cancelledLines.size());
        AuditEntry audited = entry;
        audited.requestSummary.insert(QStringLiteral("cancelled_rows"), cancelled);
        audited.requestSummary.insert(QStringLiteral("cancelled_lines"), lines);
        if (!appendLocked(audited, err))
            return false;
        // In the same transaction, so that a console running the job that finds its rows gone also
        // finds the job cancelled.
        QSqlQuery job(m_db);
        return exec(job,
                    QStringLiteral("UPDATE bulk_jobs SET run_state = ?, updated_at = ? WHERE id = ? AND "
                                   "run_state NOT IN (?, ?)"),
                    {BulkJob::runStateName(BulkJob::RunState::Cancelled), timeText(nowUtc()), jobId,
                     BulkJob::runStateName(BulkJob::RunState::Finished),
                     BulkJob::runStateName(BulkJob::RunState::Rejected)},
                    tr("cancel bulk job %1").arg(jobId), err);
    });
    if (!ok)
        return std::nullopt;
    return cancelled;
}

std::optional<BulkCounts> SqlStore::bulkJobCounts(qint64 jobId, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT r.state, a.state, COUNT(*) FROM bulk_job_rows r LEFT JOIN actions a "
                             "ON a.id = r.action_id WHERE r.job_id = ? GROUP BY r.state, a.state"),
              {jobId}, tr("count the rows of bulk job %1").arg(jobId), error))
        return std::nullopt;
    BulkCounts c;
    while (q.next()) {
        const int n = q.value(2).toInt();
        c.total += n;
        switch (BulkRow::stateFromName(q.value(0).toString())) {
        case BulkRow::State::Invalid:
            c.invalid += n;
            break;
        case BulkRow::State::Pending:
            c.pending += n;
            break;
        case BulkRow::State::Cancelled:
            c.cancelled += n;
            break;
        case BulkRow::State::Submitted:
            switch (ActionRecord::stateFromName(q.value(1).toString())
                        .value_or(ActionRecord::State::Unresolved)) {
            case ActionRecord::State::Succeeded:
                c.succeeded += n;
                break;
            case ActionRecord::State::AlreadyInState:
                c.alreadyInState += n;
                break;
            case ActionRecord::State::Failed:
            case ActionRecord::State::Rejected:
            case ActionRecord::State::Cancelled:
                c.rejected += n;
                break;
            case ActionRecord::State::Sending:
            case ActionRecord::State::Approved:
            case ActionRecord::State::PendingApproval:
                c.sending += n;
                break;
            case ActionRecord::State::Unresolved:
                c.unknown += n;
                break;
            }
            break;
        }
    }
    return c;
}
