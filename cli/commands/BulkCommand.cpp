// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkCommand.h"

#include "CliCommonOptions.h"

#include "BulkJobPrinter.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "services/ActionService.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobService.h"
#include "services/Session.h"

#include <QJsonArray>
#include <QJsonDocument>

void BulkCommand::run(const QStringList& words)
{
    bool concurrencyOk = true;
    const int concurrency =
        m_context.isSet("concurrency") ? m_context.value("concurrency").toInt(&concurrencyOk) : 8;
    if (words.size() != 1 || !concurrencyOk || concurrency < 1 || concurrency > 64) {
        m_context.error(tr("usage: bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency 1..64]"));
        emit finished(ExitCode::Usage);
        return;
    }
    // The job's own reason follows the reasons' one rule, before the file is even read (exit 2).
    if (const QString reason = m_context.value("reason"); !reason.trimmed().isEmpty()) {
        if (const QString problem = ActionAuthorisation::reasonProblem(reason); !problem.isEmpty()) {
            m_context.error(problem);
            emit finished(ExitCode::Usage);
            return;
        }
    }
    const QString path = words.first();
    QString error;
    const std::optional<QList<BulkRow>> rows = BulkCsvParser::parseFile(path, &error);
    if (!rows || rows->isEmpty()) {
        m_context.error(
            rows ? tr("%1 has no rows under its header: there is nothing to check or submit.").arg(path)
                 : error);
        emit finished(ExitCode::Usage);
        return;
    }
    ActionService* service = m_context.actionService(&error);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    auto* dryRun = new BulkDryRun(service, *rows, this);
    connect(dryRun, &BulkDryRun::finished, this, [this, dryRun, path, concurrency] {
        const bool dry = m_context.isSet("dry-run");
        const int valid = dryRun->validCount();
        const int invalid = dryRun->invalidCount();
        qint64 jobId = 0;
        QString error;
        int code = ExitCode::Done;
        // Rows refused only for the operator's role or the provider login's permission: exit 7.
        const int invalidCode = dryRun->onlyNotPermitted() ? ExitCode::NotPermitted : ExitCode::Usage;
        if (dry) {
            code = invalid > 0 ? invalidCode : ExitCode::Done;
        } else if (valid == 0) {
            code = invalid > 0 ? invalidCode : ExitCode::Usage;
            error = tr("no row is valid, so nothing was submitted");
        } else {
            BulkJobService jobs(m_context.actionService(&error));
            const std::optional<qint64> id =
                jobs.submit(path, dryRun->rows(), m_context.value("reason"), concurrency, &error);
            if (!id)
                code = error.contains(QLatin1String("Auditors")) ? ExitCode::NotPermitted : ExitCode::Network;
            else {
                jobId = *id;
                code = ExitCode::WaitingForApproval;
            }
        }
        if (m_context.json()) {
            QJsonArray list;
            for (const BulkRow& r : dryRun->rows())
                list.append(BulkJobPrinter::rowToJson(r));
            QJsonObject o{{QStringLiteral("file"), path},       {QStringLiteral("dry_run"), dry},
                          {QStringLiteral("rows"), list},       {QStringLiteral("valid"), valid},
                          {QStringLiteral("invalid"), invalid}, {QStringLiteral("exit_code"), code}};
            if (jobId > 0) {
                o.insert(QStringLiteral("job_id"), double(jobId));
                o.insert(QStringLiteral("state"), QStringLiteral("pending-approval"));
            }
            if (!error.isEmpty())
                o.insert(QStringLiteral("message"), error);
            m_context.out() << QJsonDocument(o).toJson();
        } else {
            BulkJobPrinter::printPreview(m_context, dryRun->rows());
            m_context.out() << tr("%n valid row(s), ", nullptr, valid)
                            << tr("%n invalid row(s).", nullptr, invalid) << '\n';
            if (dry)
                m_context.out() << tr("Dry run: nothing was sent or stored.") << '\n';
            else if (jobId > 0)
                m_context.out()
                    << tr("Bulk job #%1 is waiting for a supervisor's approval (approvals approve %1); "
                          "invalid rows will not be sent.")
                           .arg(jobId)
                    << '\n';
        }
        m_context.out().flush();
        if (!error.isEmpty() && !m_context.json())
            m_context.error(error);
        emit finished(code);
    });
    dryRun->start();
}

CliCommandSpec BulkCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("bulk");
    s.summary = QStringLiteral("one action on many users, approved once");
    s.fileVerbs = {QString()};
    s.forms = {
        {QStringLiteral("bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency N]"),
         QStringLiteral("Stores a bulk job for approval (exit 5). Header row: provider,action,user_id,params,"
                        "reason; params are the command's options without dashes, separated by ';' "
                        "(active=false, field=address.country;field=person.namePlain.first, "
                        "from=flow_MzA;to=flow_Mjk). With --dry-run nothing is stored: exit 0 when every "
                        "row is valid, 2 when rows are invalid (listed with line numbers), 7 when they are "
                        "refused only for the operator's role or a permission.")}};
    s.options = {CliCommonOptions::dryRun(QStringLiteral("Check every row and change nothing.")),
                 CliCommonOptions::reason(),
                 {QStringLiteral("concurrency"), QStringLiteral("N"),
                  QStringLiteral("At most N rows in flight per provider, 1 to 64 (default 8)."),
                  CliOption::Value::Text}};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new BulkCommand(context, parent);
    };
    return s;
}
