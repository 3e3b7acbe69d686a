// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkDryRun.h"

#include "ActionExecutor.h"
#include "ActionService.h"
#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"

#include <QHash>
#include <QJsonDocument>

namespace {

QString duplicateKey(const BulkRow& row)
{
    return row.request.provider + QLatin1Char('\x1f') + row.request.action + QLatin1Char('\x1f') +
           row.request.userId + QLatin1Char('\x1f') +
           QString::fromUtf8(QJsonDocument(row.request.params).toJson(QJsonDocument::Compact));
}
} // namespace

BulkDryRun::BulkDryRun(ActionService* service, QList<BulkRow> rows, QObject* parent)
    : QObject(parent)
    , m_service(service)
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
    prepareRestrictions();
    prepareStateChecks();
    partDone();
}

void BulkDryRun::partDone()
{
    if (--m_waiting == 0)
        checkAll();
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
                m_stateProblems.insert(
                    provider, m_service->executor(provider)->stateReadProblem(result.error.message()));
            partDone();
        });
    }
}

void BulkDryRun::check(BulkRow& row) const
{
    const ActionService& service = *m_service;
    const QHash<QString, QString>& preparation = m_preparation;
    const auto invalid = [&row](const QString& problem) {
        row.state = BulkRow::State::Invalid;
        row.problem = problem;
    };
    if (!row.isValid())
        return;
    const ActionRequest& r = row.request;
    const QStringList providers = ProviderRegistry::instance().keys();
    if (!providers.contains(r.provider))
        return invalid(
            tr("Unknown provider '%1' (known: %2).").arg(r.provider, providers.join(QStringLiteral(", "))));
    ActionExecutor* ex = service.executor(r.provider);
    if (ex && !ex->actions().contains(r.action))
        return invalid(tr("Unknown action '%1' for %2 (known: %3).")
                           .arg(r.action, r.provider, ex->actions().join(QStringLiteral(", "))));
    if (r.reason.trimmed().isEmpty())
        return invalid(tr("A reason is required for every row."));
    if (const QString problem = ActionAuthorisation::reasonProblem(r.reason); !problem.isEmpty())
        return invalid(problem);
    if (preparation.contains(r.provider))
        return invalid(preparation.value(r.provider));
    const QString restriction = service.authorisation().requestRestriction(r);
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
    // The provider module's plain words, as the action dialog, Approvals and Unresolved say them.
    const ProviderModule* module = ProviderRegistry::instance().find(r.provider);
    row.preview = module ? module->describeAction(r, QString()) : ex->describe(r);
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
