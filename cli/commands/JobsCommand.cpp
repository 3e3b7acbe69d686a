// SPDX-License-Identifier: GPL-3.0-or-later
#include "JobsCommand.h"

#include "CliCommonOptions.h"

#include "ActionPrinter.h"
#include "BulkJobPrinter.h"
#include "BulkProgressLine.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "TerminationSignalWatcher.h"
#include "domain/PrintableText.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkJobRunner.h"
#include "services/BulkJobService.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>

bool JobsCommand::isBulkJob(CliContext& context, qint64 id)
{
    QString error;
    Store* store = context.store(&error);
    const std::optional<ActionRecord> record = store ? store->action(id, &error) : std::nullopt;
    return record && record->request.provider == BulkJob::provider();
}

BulkJobService* JobsCommand::jobs(bool needProfile)
{
    if (m_jobs)
        return m_jobs;
    QString error;
    ActionService* service = m_context.actionService(&error, needProfile);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return nullptr;
    }
    m_jobs = new BulkJobService(service, this);
    return m_jobs;
}

void JobsCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    bool ok = true;
    const qint64 id = words.size() >= 2 ? words.at(1).toLongLong(&ok) : 0;
    if (verb == QLatin1String("list") && words.size() == 1)
        return list();
    if (ok && id > 0 && words.size() == 2 && verb == QLatin1String("resume"))
        return runJob(id);
    if (ok && id > 0 && words.size() == 2 && verb == QLatin1String("cancel"))
        return cancel(id);
    if (ok && id > 0 && words.size() == 3 && verb == QLatin1String("export"))
        return exportResults(id, words.at(2));
    if (ok && id > 0 && words.size() == 2 && verb == QLatin1String("show"))
        return show(id);
    m_context.error(
        tr("usage: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv"));
    emit finished(ExitCode::Usage);
}

Store* JobsCommand::signedInStore()
{
    QString error;
    Store* store = m_context.store(&error);
    if (store && m_context.signIn(&error))
        return store;
    m_context.error(error);
    emit finished(m_context.failureCode());
    return nullptr;
}

void JobsCommand::list()
{
    Store* store = signedInStore();
    if (!store)
        return;
    QString error;
    const std::optional<QList<BulkJob>> all = store->bulkJobs(&error);
    if (!all) {
        m_context.error(error);
        emit finished(ExitCode::Network);
        return;
    }
    if (m_context.json()) {
        QJsonArray array;
        for (const BulkJob& j : *all)
            array.append(BulkJobPrinter::toJson(j));
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("jobs"), array}}).toJson();
    } else {
        for (const BulkJob& j : *all)
            m_context.out() << summaryLine(j) << '\n';
        if (all->isEmpty())
            m_context.out() << tr("No bulk jobs.") << '\n';
    }
    m_context.out().flush();
    emit finished(ExitCode::Done);
}

QString JobsCommand::summaryLine(const BulkJob& j)
{
    return QLatin1Char('#') + QString::number(j.id) + QLatin1Char('\t') + BulkJob::runStateName(j.runState) +
           QLatin1Char('\t') + PrintableText::escaped(j.fileName) + QLatin1Char('\t') +
           PrintableText::escaped(j.initiator) + QLatin1Char('\t') +
           tr("%1 rows (%2 invalid)").arg(j.counts.total).arg(j.counts.invalid) + QLatin1Char('\t') +
           BulkJobPrinter::countsText(j.counts);
}

void JobsCommand::show(qint64 jobId)
{
    Store* store = signedInStore();
    if (!store)
        return;
    QString error;
    const std::optional<ActionRecord> record = store->action(jobId, &error);
    if (error.isEmpty() && (!record || record->request.provider != BulkJob::provider())) {
        m_context.error(tr("There is no bulk job #%1. 'jobs list' shows the jobs.").arg(jobId));
        emit finished(ExitCode::Usage);
        return;
    }
    const std::optional<BulkJob> job = record ? store->bulkJob(jobId, &error) : std::nullopt;
    if (!job) {
        m_context.error(error);
        emit finished(ExitCode::Network);
        return;
    }
    // Every row, what it sends to whom (or why it is invalid) and how far it got: what a supervisor
    // approves, and what an auditor checks afterwards. Read a page at a time.
    QTextStream& out = m_context.out();
    QJsonArray rows;
    if (!m_context.json())
        out << summaryLine(*job) << '\n';
    for (int after = 0;;) {
        const std::optional<QList<BulkRow>> page = store->bulkJobRows(jobId, after, 1000, false, &error);
        if (!page) {
            m_context.error(error);
            emit finished(ExitCode::Network);
            return;
        }
        for (const BulkRow& r : *page) {
            after = r.line;
            if (m_context.json()) {
                QJsonObject o = BulkJobPrinter::rowToJson(r);
                o.insert(QStringLiteral("result"), r.resultName());
                if (r.actionId > 0)
                    o.insert(QStringLiteral("action_id"), double(r.actionId));
                if (!r.outcomeMessage.isEmpty())
                    o.insert(QStringLiteral("message"), r.outcomeMessage);
                rows.append(o);
                continue;
            }
            out << tr("line %1").arg(r.line) << '\t' << r.resultName() << '\t'
                << PrintableText::escaped(r.isValid() ? r.preview : r.problem);
            if (r.actionId > 0)
                out << '\t' << tr("action #%1").arg(r.actionId);
            if (!r.outcomeMessage.isEmpty())
                out << '\t' << PrintableText::escaped(r.outcomeMessage);
            out << '\n';
        }
        if (page->size() < 1000)
            break;
    }
    if (m_context.json())
        out << QJsonDocument(QJsonObject{{QStringLiteral("job"), BulkJobPrinter::toJson(*job)},
                                         {QStringLiteral("rows"), rows}})
                   .toJson();
    out.flush();
    emit finished(ExitCode::Done);
}

void JobsCommand::approveAndRun(qint64 jobId)
{
    BulkJobService* service = jobs(true);
    if (!service)
        return;
    ActionTicket* ticket = service->actions()->approve(jobId, m_context.value("reason"));
    connect(ticket, &ActionTicket::finished, this, [this, ticket, jobId] {
        if (ticket->failure() != ActionTicket::Failure::None) {
            emit finished(ActionPrinter::report(m_context, *ticket));
            return;
        }
        if (!m_context.json())
            m_context.out() << ticket->message() << Qt::endl; // before the job's progress on stderr
        runJob(jobId);
    });
}

void JobsCommand::runJob(qint64 jobId)
{
    BulkJobService* service = jobs(true);
    if (!service)
        return;
    QString error;
    BulkJobRunner* runner = service->run(jobId, &error);
    if (!runner) {
        m_context.error(error);
        // Not approved, an auditor, or a job of another profile (ActionAuthorisation::profileRestriction()).
        emit finished(error.contains(QLatin1String("approve")) || error.contains(QLatin1String("Auditors")) ||
                              error.contains(QLatin1String("belongs to"))
                          ? ExitCode::NotPermitted
                          : ExitCode::Usage);
        return;
    }
    m_progress = new BulkProgressLine(runner, this);
    // Ctrl-C pauses the job instead of cutting off the rows in flight (which would become unknown).
    m_interrupts = new TerminationSignalWatcher(this);
    connect(m_interrupts, &TerminationSignalWatcher::terminationRequested, this,
            [this, runner, jobId] { interrupt(runner, jobId); });
    connect(runner, &BulkJobRunner::finished, this, [this, jobId] { report(jobId, ExitCode::Done); });
    connect(runner, &BulkJobRunner::progress, this, [this, runner, jobId] {
        if (m_interrupted) {
            if (runner->unfinished() == 0)
                report(jobId, ExitCode::Interrupted);
            return;
        }
        // Stopped on its own (store or permission failure): say why and leave it paused for a resume.
        if (runner->state() == BulkJob::RunState::Paused && runner->unfinished() == 0 &&
            !runner->problem().isEmpty()) {
            m_context.error(runner->problem());
            report(jobId, ExitCode::Network);
        }
    });
}

void JobsCommand::interrupt(BulkJobRunner* runner, qint64 jobId)
{
    if (m_progress)
        m_progress->finish(); // the terminal's progress line ends before the message
    if (m_interrupted) {
        // The second Ctrl-C: stop now, as a plain Ctrl-C would; the rows in flight are found
        // interrupted at the next start and listed under Unresolved.
        m_context.error(tr("Stopped: the rows in flight are listed under 'unresolved list' from now on."));
        delete m_interrupts; // the default handlers again
        m_interrupts = nullptr;
        m_reported = true; // nothing more is printed
        emit finished(ExitCode::Interrupted);
        return;
    }
    m_interrupted = true;
    runner->pause(tr("interrupted from the terminal"));
    m_context.error(tr("Pausing bulk job #%1: no further row is sent; waiting for the %n row(s) in flight to "
                       "be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs "
                       "resume %1",
                       nullptr, runner->unfinished())
                        .arg(jobId));
    if (runner->unfinished() == 0)
        report(jobId, ExitCode::Interrupted);
}

void JobsCommand::report(qint64 jobId, int fallbackCode, bool ranHere)
{
    if (m_reported)
        return; // once: the run ended (finished, stopped on a problem, or paused by Ctrl-C)
    m_reported = true;
    if (m_interrupts) {
        delete m_interrupts;
        m_interrupts = nullptr;
    }
    if (m_progress) {
        m_progress->finish();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    QString error;
    const std::optional<BulkJob> job = m_jobs->job(jobId, &error);
    if (!job) {
        m_context.error(error);
        emit finished(ExitCode::Unknown);
        return;
    }
    int code = BulkJobPrinter::exitCodeFor(job->counts);
    // A row still "sending" after this process's run has stopped is one whose answer could not be
    // recorded (the store refused the write): its outcome is unknown. A cancel only reports.
    if (ranHere && job->counts.sending > 0)
        code = ExitCode::Unknown;
    if (job->runState == BulkJob::RunState::Paused &&
        (code == ExitCode::Done || fallbackCode == ExitCode::Interrupted))
        code = fallbackCode;
    if (m_context.json()) {
        QJsonObject o = BulkJobPrinter::toJson(*job);
        o.insert(QStringLiteral("exit_code"), code);
        m_context.out() << QJsonDocument(o).toJson();
    } else {
        m_context.out() << tr("Bulk job #%1 %2: %3.")
                               .arg(jobId)
                               .arg(BulkJob::runStateName(job->runState),
                                    BulkJobPrinter::countsText(job->counts))
                        << '\n';
        if (job->counts.unknown > 0)
            m_context.out() << tr("%n row(s) with an unknown outcome are listed under 'unresolved list'.",
                                  nullptr, job->counts.unknown)
                            << '\n';
    }
    m_context.out().flush();
    emit finished(code);
}

void JobsCommand::cancel(qint64 jobId)
{
    BulkJobService* service = jobs(false);
    if (!service)
        return;
    QString error;
    if (!service->cancel(jobId, &error)) {
        m_context.error(error);
        emit finished(error.contains(QLatin1String("Auditors")) ? ExitCode::NotPermitted : ExitCode::Usage);
        return;
    }
    report(jobId, ExitCode::Done, false);
}

void JobsCommand::exportResults(qint64 jobId, const QString& path)
{
    BulkJobService* service = jobs(false);
    if (!service)
        return;
    QString error;
    if (!service->job(jobId, &error) || !service->exportResults(jobId, path, &error)) {
        m_context.error(error);
        emit finished(ExitCode::Usage);
        return;
    }
    m_context.done(tr("Results of bulk job #%1 written to %2.").arg(jobId).arg(path),
                   QJsonObject{{QStringLiteral("job"), double(jobId)}, {QStringLiteral("file"), path}});
    emit finished(ExitCode::Done);
}

CliCommandSpec JobsCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("jobs");
    s.summary = QStringLiteral("bulk jobs: a job's ID is its action number (approvals approve ID runs it)");
    s.verbs = {QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("resume"),
               QStringLiteral("cancel"), QStringLiteral("export")};
    s.fileVerbs = {QStringLiteral("export")};
    s.forms = {
        {QStringLiteral("jobs list"), QStringLiteral("Lists the bulk jobs and their progress.")},
        {QStringLiteral("jobs show ID"),
         QStringLiteral(
             "Lists every row of a job: what it sends to whom or why it is invalid, and its result.")},
        {QStringLiteral("jobs resume ID"),
         QStringLiteral(
             "Continues a paused or interrupted job; rows that were in flight are under unresolved "
             "list, never sent again. A job that ran exits 0 when every row is done, 3 if any row was "
             "refused, 6 if any outcome is unknown.")},
        {QStringLiteral("jobs cancel ID"),
         QStringLiteral("Cancels the rows not yet sent; rows in flight finish and are recorded.")},
        {QStringLiteral("jobs export ID FILE.csv"),
         QStringLiteral("Writes a job's results as a spreadsheet-safe CSV.")},
    };
    s.options = {CliCommonOptions::reason()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new JobsCommand(context, parent);
    };
    return s;
}
