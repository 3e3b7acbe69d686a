// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionTable.h"

#include "ActionPrinter.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "domain/BulkJob.h"
#include "domain/Policy.h"
#include "domain/PrintableText.h"
#include "services/BulkJobService.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionTable {
int print(CliContext& context, ActionRecord::State state)
{
    QString error;
    Store* store = context.store(&error);
    const std::optional<QList<ActionRecord>> actions =
        store ? store->actionsInState(state, &error) : std::nullopt;
    if (!actions) {
        context.error(error);
        return ExitCode::Network;
    }
    if (context.json()) {
        QJsonArray array;
        for (const ActionRecord& a : *actions)
            array.append(ActionPrinter::toJson(a));
        context.out() << QJsonDocument(QJsonObject{{QStringLiteral("actions"), array}}).toJson();
        return ExitCode::Done;
    }
    QTextStream& out = context.out();
    for (const ActionRecord& a : *actions) {
        out << '#' << a.id << '\t'
            << (GovernanceChange::isGovernance(a.request) ? GovernanceChange::describeRequest(a.request)
                                                          : Policy::describe(a.actionKey()));
        if (!a.request.jobId.isEmpty())
            out << QCoreApplication::translate("ActionTable", " (bulk job #%1)").arg(a.request.jobId);
        // Stored text is shown escaped: a reason cannot move the cursor or forge a line.
        out << '\t' << PrintableText::escaped(a.request.userId) << '\t' << PrintableText::escaped(a.initiator)
            << '\t' << a.createdAt.toUTC().toString(Qt::ISODate) << '\t'
            << PrintableText::escaped(a.request.reason);
        if (!a.outcomeMessage.isEmpty())
            out << '\t' << PrintableText::escaped(a.outcomeMessage);
        if (a.request.provider == BulkJob::provider())
            out << '\t' << BulkJobService::describeJob(a.request) << '\t'
                << QCoreApplication::translate("ActionTable", "every row: jobs show %1").arg(a.id);
        out << '\n';
    }
    if (actions->isEmpty())
        out << QCoreApplication::translate("ActionTable", "None.") << '\n';
    return ExitCode::Done;
}
} // namespace ActionTable
