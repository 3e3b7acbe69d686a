// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkRow.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QVariant>

class ActionService;
class TrustSwiftlyClient;

/// Checks every row of a bulk job before anything is stored or sent (the dry run): known provider and
/// action, well-formed ids and parameters (each executor's validate()), known Trust Swiftly workflows
/// and SDK.Finance field paths, the operator's role and the provider login's permissions
/// (ActionService::requestRestriction, after ActionExecutor::prepareRestriction() has read them, e.g. by
/// logging in to SDK.Finance), and the provider state a row needs (ActionExecutor::prepareStateCheck():
/// SDK.Finance's pending reset requests, for approve and decline rows). Fills BulkRow::problem / preview;
/// sends nothing that changes state (it may read the Trust Swiftly workflow list and log in). Emits
/// finished() once.
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
    /// Some rows are invalid and every one of them because of a role or a permission (CLI exit 7).
    bool onlyNotPermitted() const;
    bool isFinished() const { return m_finished; }

signals:
    void finished();

private:
    /// Checks one row against what the reads found.
    void check(BulkRow& row) const;
    void checkAll();
    void readWorkflows();
    void prepareRestrictions();
    void prepareStateChecks();
    void partDone();

    ActionService* m_service;
    QPointer<TrustSwiftlyClient> m_trustSwiftly;
    QList<BulkRow> m_rows;
    std::optional<QStringList> m_workflows;
    QString m_workflowProblem;
    QHash<QString, QString> m_preparation;   ///< provider → why its restrictions could not be read
    QHash<QString, QVariant> m_states;       ///< provider → the state its rows are checked against
    QHash<QString, QString> m_stateProblems; ///< provider → why that state could not be read
    int m_waiting = 0;                       ///< reads still under way before the rows are checked
    bool m_finished = false;
};
