// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkDryRun.h"

#include "ActionExecutor.h"
#include "ActionService.h"
#include "domain/Workflow.h"
#include "net/HttpReply.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"

#include <QHash>
#include <QJsonDocument>

namespace {
const QStringList kProviders{QStringLiteral("smileid"), QStringLiteral("sdkfinance"),
                             QStringLiteral("trustswiftly"), QStringLiteral("smartid")};

QString duplicateKey(const BulkRow& row)
{
    return row.request.provider + QLatin1Char('\x1f') + row.request.action + QLatin1Char('\x1f') +
           row.request.userId + QLatin1Char('\x1f') +
           QString::fromUtf8(QJsonDocument(row.request.params).toJson(QJsonDocument::Compact));
}
} // namespace

BulkDryRun::BulkDryRun(ActionService* service, TrustSwiftlyClient* trustSwiftly, QList<BulkRow> rows,
                       QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_trustSwiftly(trustSwiftly)
    , m_rows(std::move(rows))
{}

int BulkDryRun::validCount() const
{
    int n = 0;
    for (const BulkRow& r : m_rows)
        n += r.isValid() ? 1 : 0;
    return n;
}

bool BulkDryRun::onlyNotPermitted() const
{
    bool any = false;
    for (const BulkRow& r : m_rows) {
        if (r.isValid())
            continue;
        if (!r.notPermitted)
            return false;
        any = true;
    }
    return any;
}

void BulkDryRun::start()
{
    // The reads run at once; the rows are checked when the last one has answered.
    m_waiting = 1; // until every read has been asked for
    readWorkflows();
    prepareRestrictions();
    prepareStateChecks();
    partDone();
}

void BulkDryRun::partDone()
{
    if (--m_waiting == 0)
        checkAll();
}

void BulkDryRun::readWorkflows()
{
    bool needsWorkflows = false;
    for (const BulkRow& r : std::as_const(m_rows))
        needsWorkflows |= r.isValid() && r.request.provider == QLatin1String("trustswiftly");
    if (!needsWorkflows || !m_trustSwiftly)
        return;
    // A read, not a state change: the workflow ids the rows name must exist.
    ++m_waiting;
    HttpReply* reply = m_trustSwiftly->workflows();
    connect(reply, &HttpReply::finished, this, [this, reply] {
        const HttpResult& result = reply->result();
        if (result.ok()) {
            QStringList ids;
            for (const Workflow& w : result.value.value<WorkflowList>())
                ids << w.id;
            m_workflows = ids;
        } else {
            m_workflowProblem = tr("The Trust Swiftly workflows could not be read to check this row: %1")
                                    .arg(result.error.message());
        }
        partDone();
    });
}

void BulkDryRun::prepareRestrictions()
{
    QStringList providers;
    for (const BulkRow& r : std::as_const(m_rows))
        if (r.isValid() && !providers.contains(r.request.provider))
            providers << r.request.provider;
    for (const QString& provider : std::as_const(providers)) {
        ActionExecutor* ex = m_service->executor(provider);
        HttpReply* reply = ex ? ex->prepareRestriction() : nullptr;
        if (!reply)
            continue;
        ++m_waiting;
        connect(reply, &HttpReply::finished, this, [this, reply, provider] {
            const HttpResult& result = reply->result();
            if (!result.ok())
                m_preparation.insert(provider, tr("The permissions of the provider login could not be read "
                                                  "to check this row: %1")
                                                   .arg(result.error.message()));
            partDone();
        });
    }
}

void BulkDryRun::prepareStateChecks()
{
    QStringList providers;
    for (const BulkRow& r : std::as_const(m_rows)) {
        if (!r.isValid() || providers.contains(r.request.provider))
            continue;
        const ActionExecutor* ex = m_service->executor(r.request.provider);
        if (ex && ex->checksState(r.request))
            providers << r.request.provider;
    }
    for (const QString& provider : std::as_const(providers)) {
        HttpReply* reply = m_service->executor(provider)->prepareStateCheck();
        if (!reply)
            continue;
        ++m_waiting;
        connect(reply, &HttpReply::finished, this, [this, reply, provider] {
            const HttpResult& result = reply->result();
            if (result.ok())
                m_states.insert(provider, result.value);
            else
                m_stateProblems.insert(provider, tr("What this row acts on could not be read to check it: %1")
                                                     .arg(result.error.message()));
            partDone();
        });
    }
}

void BulkDryRun::check(BulkRow& row) const
{
    const ActionService& service = *m_service;
    const QStringList* workflows = m_workflows ? &*m_workflows : nullptr;
    const QString& workflowProblem = m_workflowProblem;
    const QHash<QString, QString>& preparation = m_preparation;
    const auto invalid = [&row](const QString& problem) {
        row.state = BulkRow::State::Invalid;
        row.problem = problem;
    };
    if (!row.isValid())
        return;
    const ActionRequest& r = row.request;
    if (!kProviders.contains(r.provider))
        return invalid(
            tr("Unknown provider '%1' (known: %2).").arg(r.provider, kProviders.join(QStringLiteral(", "))));
    ActionExecutor* ex = service.executor(r.provider);
    if (ex && !ex->actions().contains(r.action))
        return invalid(tr("Unknown action '%1' for %2 (known: %3).")
                           .arg(r.action, r.provider, ex->actions().join(QStringLiteral(", "))));
    if (r.reason.trimmed().isEmpty())
        return invalid(tr("A reason is required for every row."));
    if (const QString problem = ActionService::reasonProblem(r.reason); !problem.isEmpty())
        return invalid(problem);
    if (preparation.contains(r.provider))
        return invalid(preparation.value(r.provider));
    const QString restriction = service.requestRestriction(r);
    if (!restriction.isEmpty()) {
        row.notPermitted = true;
        return invalid(restriction);
    }
    const QString problem = ex->validate(r);
    if (!problem.isEmpty())
        return invalid(problem);
    if (ex->checksState(r)) {
        if (m_stateProblems.contains(r.provider))
            return invalid(m_stateProblems.value(r.provider));
        if (const QString refused = ex->stateProblem(r, m_states.value(r.provider)); !refused.isEmpty())
            return invalid(refused);
    }
    if (r.provider == QLatin1String("trustswiftly")) {
        if (!workflows)
            return invalid(workflowProblem.isEmpty() ? tr("The Trust Swiftly workflows are not known.")
                                                     : workflowProblem);
        for (const char* key : {"from", "to"}) {
            const QString id = r.params.value(QLatin1String(key)).toString();
            if (!workflows->contains(id))
                return invalid(tr("'%1' is not a Trust Swiftly workflow (known: %2).")
                                   .arg(id, workflows->join(QStringLiteral(", "))));
        }
    }
    row.preview = ex->describe(r);
    row.problem.clear();
}

void BulkDryRun::checkAll()
{
    QHash<QString, int> seen;
    for (BulkRow& row : m_rows) {
        row.request.jobId.clear();
        check(row);
        if (!row.isValid())
            continue;
        // The same action twice in one job would be sent twice: keep the first.
        const QString key = duplicateKey(row);
        const auto it = seen.constFind(key);
        if (it != seen.constEnd()) {
            row.state = BulkRow::State::Invalid;
            row.problem = tr("The same action as line %1.").arg(it.value());
        } else {
            seen.insert(key, row.line);
        }
    }
    m_finished = true;
    emit finished();
}
