// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJobService.h"

#include "ActionService.h"
#include "BulkCsvParser.h"
#include "BulkJobRunner.h"
#include "SenderToken.h"
#include "store/CsvCellWriter.h"
#include "store/Store.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

BulkJobService::BulkJobService(ActionService* actions, QObject* parent)
    : QObject(parent)
    , m_actions(actions)
    , m_store(actions->store())
{
    connect(m_actions, &ActionService::jobApproved, this, [this](qint64 jobId) {
        emit jobChanged(jobId);
        if (!m_runOnApproval)
            return;
        QString error;
        run(jobId, &error);
    });
}

bool BulkJobService::runnerAlive(const QString& runner, const QDateTime& lastRenewed)
{
    if (runner.isEmpty() || runner == ActionService::senderToken())
        return false;
    if (SenderToken::onThisHost(runner)) {
        if (const std::optional<bool> alive = SenderToken::processAlive(runner))
            return *alive;
    }
    // Another machine (or no process to ask): alive while it keeps renewing its claim. A clock ahead of
    // ours counts as renewed just now.
    return lastRenewed.isValid() &&
           lastRenewed.secsTo(QDateTime::currentDateTimeUtc()) < BulkJob::kRunnerLeaseSeconds;
}

bool BulkJobService::runByAnotherConsole(const BulkJob& job)
{
    return (job.runState == BulkJob::RunState::Running || job.runState == BulkJob::RunState::Paused) &&
           runnerAlive(job.runner, job.updatedAt);
}

std::optional<qint64> BulkJobService::submit(const QString& fileName, const QList<BulkRow>& rows,
                                             const QString& reason, int concurrency, QString* error)
{
    const std::optional<Operator>& op = m_actions->currentOperator();
    if (!op) {
        *error = tr("Sign in first.");
        return std::nullopt;
    }
    if (!Roles::canRequestActions(op->role)) {
        *error = tr("Auditors can read everything but cannot request actions.");
        return std::nullopt;
    }
    int valid = 0;
    QJsonObject perProvider;
    QJsonArray sample;
    for (const BulkRow& r : rows) {
        if (!r.isValid())
            continue;
        ++valid;
        perProvider.insert(r.request.provider, perProvider.value(r.request.provider).toInt() + 1);
        if (sample.size() < 5)
            sample.append(tr("line %1: %2").arg(r.line).arg(r.preview));
    }
    if (valid == 0) {
        *error = tr("No row of %1 is valid, so there is nothing to submit.").arg(fileName);
        return std::nullopt;
    }
    if (!reason.trimmed().isEmpty()) {
        if (const QString problem = ActionAuthorisation::reasonProblem(reason); !problem.isEmpty()) {
            *error = problem;
            return std::nullopt;
        }
    }
    const QString name = QFileInfo(fileName).fileName();
    ActionRecord record;
    record.request.provider = BulkJob::provider();
    record.request.action = BulkJob::action();
    record.request.userId = name;
    record.request.params = {{QStringLiteral("file"), name},
                             {QStringLiteral("rows"), int(rows.size())},
                             {QStringLiteral("valid"), valid},
                             {QStringLiteral("invalid"), int(rows.size()) - valid},
                             {QStringLiteral("providers"), perProvider},
                             {QStringLiteral("sample"), sample}};
    record.request.reason = reason.trimmed().isEmpty()
                                ? tr("Bulk job from %1: %n valid row(s)", nullptr, valid).arg(name)
                                : reason.trimmed();
    record.initiator = op->name;
    record.initiatorRole = op->role;
    // Bound to its submitter's profile: approved and its rows sent only from a console on that one.
    record.request.profile = m_actions->currentProfile();
    // docs/architecture.md section 2: every bulk job needs a supervisor's approval.
    record.requiresApproval = true;
    record.state = ActionRecord::State::PendingApproval;
    record.createdAt = record.updatedAt = QDateTime::currentDateTimeUtc();

    AuditEntry intent;
    intent.operatorName = op->name;
    intent.role = Roles::toString(op->role);
    intent.event = QStringLiteral("intent");
    intent.action = QStringLiteral("bulk");
    intent.provider = BulkJob::provider();
    intent.subjectIds = QStringList{name};
    intent.reason = record.request.reason;
    intent.requestSummary = record.request.params;
    if (record.request.profile)
        intent.requestSummary.insert(QStringLiteral("profile"), record.request.profile->toJson());
    // Every line of the file is in the audit log: the valid ones under their own intents when they are
    // sent (or cancelled), the invalid ones here, with why they will never be sent.
    QJsonArray invalidRows;
    for (const BulkRow& r : rows)
        if (!r.isValid())
            invalidRows.append(QJsonObject{{QStringLiteral("line"), r.line},
                                           {QStringLiteral("provider"), r.request.provider},
                                           {QStringLiteral("action"), r.request.action},
                                           {QStringLiteral("user_id"), r.request.userId},
                                           {QStringLiteral("problem"), r.problem}});
    if (!invalidRows.isEmpty())
        intent.requestSummary.insert(QStringLiteral("invalid_rows"), invalidRows);
    intent.outcome = ActionRecord::stateName(record.state);

    BulkJob job;
    job.fileName = name;
    job.concurrency = qMax(1, concurrency);
    const std::optional<qint64> id = m_store->createBulkJob(record, intent, job, rows, error);
    if (!id)
        return std::nullopt;
    emit m_actions->actionChanged(*id);
    emit jobChanged(*id);
    return id;
}

BulkJobRunner* BulkJobService::runner(qint64 jobId) const
{
    return m_runners.value(jobId);
}

BulkJobRunner* BulkJobService::run(qint64 jobId, QString* error)
{
    if (BulkJobRunner* existing = runner(jobId)) {
        if (!existing->isFinished()) {
            existing->resume();
            return existing;
        }
    }
    const std::optional<Operator>& op = m_actions->currentOperator();
    if (!op || !Roles::canRequestActions(op->role)) {
        *error = op ? tr("Auditors cannot run bulk jobs.") : tr("Sign in first.");
        return nullptr;
    }
    const std::optional<BulkJob> job = m_store->bulkJob(jobId, error);
    if (!job)
        return nullptr;
    if (runByAnotherConsole(*job)) {
        *error = tr("Bulk job #%1 is being run by another console (%2). Pause or resume it there; Cancel "
                    "works from any console.")
                     .arg(jobId)
                     .arg(SenderToken::display(job->runner));
        return nullptr;
    }
    // Its rows are sent only from a console on the profile the job was submitted on: refused here,
    // before the runner claims the job, so nothing is written or sent.
    const std::optional<ActionRecord> jobAction = m_store->action(jobId, error);
    if (!jobAction)
        return nullptr;
    if (const QString why = m_actions->authorisation().profileRestriction(*jobAction); !why.isEmpty()) {
        *error = why;
        return nullptr;
    }
    auto* r = new BulkJobRunner(m_actions, jobId, this);
    if (!r->start(error)) {
        delete r;
        return nullptr;
    }
    m_runners.insert(jobId, r);
    connect(r, &BulkJobRunner::progress, this, [this, jobId] { emit jobChanged(jobId); });
    emit runnerStarted(jobId);
    return r;
}

bool BulkJobService::cancel(qint64 jobId, QString* error)
{
    if (BulkJobRunner* r = runner(jobId); r && !r->isFinished()) {
        r->cancel();
        return true;
    }
    Store* store = m_store;
    const std::optional<BulkJob> job = store->bulkJob(jobId, error);
    if (!job)
        return false;
    const std::optional<Operator>& op = m_actions->currentOperator();
    if (!op || !Roles::canRequestActions(op->role)) {
        *error = op ? tr("Auditors cannot cancel bulk jobs.") : tr("Sign in first.");
        return false;
    }
    if (job->runState == BulkJob::RunState::Finished || job->runState == BulkJob::RunState::Cancelled ||
        job->runState == BulkJob::RunState::Rejected) {
        *error = tr("Bulk job #%1 is already %2.").arg(jobId).arg(BulkJob::runStateName(job->runState));
        return false;
    }
    if (job->approvalState == ActionRecord::State::PendingApproval) {
        // Withdrawn before approval: the job's own action is cancelled, nothing was ever sent.
        std::optional<ActionRecord> record = store->action(jobId, error);
        if (!record) {
            if (error->isEmpty())
                *error = tr("There is no bulk job #%1.").arg(jobId);
            return false;
        }
        record->state = ActionRecord::State::Cancelled;
        record->decidedBy = op->name;
        record->updatedAt = QDateTime::currentDateTimeUtc();
        AuditEntry entry = BulkJob::auditEntry(jobId, job->fileName, *op, QStringLiteral("cancelled"));
        entry.outcome = ActionRecord::stateName(record->state);
        if (!store->transitionAction(jobId, ActionRecord::State::PendingApproval, *record, entry, error))
            return false;
    }
    // Who cancelled, and which lines were not sent, go into the audit log with the cancel.
    if (!store->cancelPendingBulkRows(
            jobId, BulkJob::auditEntry(jobId, job->fileName, *op, QStringLiteral("rows-cancelled")), error) ||
        !store->setBulkJobRunState(jobId, BulkJob::RunState::Cancelled, QString(), error))
        return false;
    emit jobChanged(jobId);
    return true;
}

std::optional<QList<BulkJob>> BulkJobService::resumable(QString* error) const
{
    const std::optional<QList<BulkJob>> jobs = m_store->bulkJobs(error);
    if (!jobs)
        return std::nullopt;
    QList<BulkJob> out;
    for (const BulkJob& j : *jobs) {
        if (j.approvalState != ActionRecord::State::Approved || runner(j.id) || runByAnotherConsole(j))
            continue;
        const bool stopped =
            j.runState == BulkJob::RunState::Paused || j.runState == BulkJob::RunState::Running;
        // An approved job that never started (approved in a console that did not run it) counts too.
        const bool neverStarted = j.runState == BulkJob::RunState::WaitingForApproval;
        // A stopped job with no row left to send is offered as well: resuming it marks it finished
        // (the rows that were in flight are under Unresolved), instead of it showing as running forever.
        if (stopped || (neverStarted && j.counts.pending > 0))
            out << j;
    }
    return out;
}

bool BulkJobService::exportResults(qint64 jobId, const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot create %1: %2. Check that the folder exists and is writable.")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    file.write(CsvCellWriter::line(
        {QStringLiteral("line"), QStringLiteral("provider"), QStringLiteral("action"),
         QStringLiteral("user_id"), QStringLiteral("params"), QStringLiteral("reason"),
         QStringLiteral("result"), QStringLiteral("action_id"), QStringLiteral("message")}));
    int after = 0;
    for (;;) {
        const std::optional<QList<BulkRow>> rows = m_store->bulkJobRows(jobId, after, 1000, false, error);
        if (!rows)
            return false;
        for (const BulkRow& r : *rows) {
            file.write(CsvCellWriter::line({QString::number(r.line), r.request.provider, r.request.action,
                                            r.request.userId, r.paramsText, r.request.reason, r.resultName(),
                                            r.actionId > 0 ? QString::number(r.actionId) : QString(),
                                            r.isValid() ? r.outcomeMessage : r.problem}));
            after = r.line;
        }
        if (rows->size() < 1000)
            break;
    }
    if (!file.commit()) {
        *error = tr("Cannot save %1: %2. Check the disk space and try again.")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QString BulkJobService::describeJob(const ActionRequest& r)
{
    const QJsonObject p = r.params;
    QStringList perProvider;
    const QJsonObject providers = p.value(QStringLiteral("providers")).toObject();
    for (auto it = providers.begin(); it != providers.end(); ++it)
        perProvider << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInt());
    QString text = tr("Bulk job from %1: %n valid row(s)", nullptr, p.value(QStringLiteral("valid")).toInt())
                       .arg(p.value(QStringLiteral("file")).toString());
    if (const int invalid = p.value(QStringLiteral("invalid")).toInt(); invalid > 0)
        text += tr(" (%n invalid, not sent)", nullptr, invalid);
    if (!perProvider.isEmpty())
        text += QStringLiteral(" — ") + perProvider.join(QStringLiteral(", "));
    QStringList sample;
    for (const QJsonValue& v : p.value(QStringLiteral("sample")).toArray())
        sample << v.toString();
    if (!sample.isEmpty())
        text += QStringLiteral("; ") + sample.join(QStringLiteral("; "));
    return text;
}

std::optional<BulkJob> BulkJobService::job(qint64 jobId, QString* error) const
{
    return m_store->bulkJob(jobId, error);
}

std::optional<QList<BulkJob>> BulkJobService::jobs(QString* error) const
{
    return m_store->bulkJobs(error);
}
