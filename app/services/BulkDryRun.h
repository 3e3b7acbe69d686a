// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkRow.h"

#include <QList>
#include <QObject>
#include <QPointer>

class ActionService;
class TrustSwiftlyClient;

/// Checks every row of a bulk job before anything is stored or sent (the dry run): known provider and
/// action, well-formed ids and parameters (each executor's validate()), known Trust Swiftly workflows
/// and SDK.Finance field paths, the operator's role and the provider login's permissions
/// (ActionService::requestRestriction). Fills BulkRow::problem / preview; sends nothing that changes
/// state (it may read the Trust Swiftly workflow list). Emits finished() once.
class BulkDryRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkDryRun)

public:
    /// trustSwiftly may be null (no Trust Swiftly in the profile).
    BulkDryRun(ActionService* service, TrustSwiftlyClient* trustSwiftly, QList<BulkRow> rows,
               QObject* parent = nullptr);

    void start();
    const QList<BulkRow>& rows() const { return m_rows; }
    int validCount() const;
    int invalidCount() const { return int(m_rows.size()) - validCount(); }
    bool isFinished() const { return m_finished; }

    /// Checks one row (workflows: the known Trust Swiftly workflow ids, nullptr when unknown).
    static void check(BulkRow& row, const ActionService& service, const QStringList* workflows,
                      const QString& workflowProblem);

signals:
    void finished();

private:
    void checkAll();

    ActionService* m_service;
    QPointer<TrustSwiftlyClient> m_trustSwiftly;
    QList<BulkRow> m_rows;
    std::optional<QStringList> m_workflows;
    QString m_workflowProblem;
    bool m_finished = false;
};
