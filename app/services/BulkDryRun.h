// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkRow.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QVariant>

class ActionService;

/// Checks every row of a bulk job before anything is stored or sent (the dry run): known provider and
/// action, well-formed ids and parameters (each executor's validate()), the operator's role and the
/// provider login's permissions (ActionAuthorisation::requestRestriction, after
/// ActionExecutor::prepareRestriction() has read them, e.g. by logging in), and the provider state a
/// row needs (ActionExecutor::prepareStateCheck(), e.g. the workflows or pending requests a row names).
/// Fills BulkRow::problem / preview; sends nothing that changes state (its reads may log in). Emits
/// finished() once.
class BulkDryRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkDryRun)

public:
    BulkDryRun(ActionService* service, QList<BulkRow> rows, QObject* parent = nullptr);

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
    void prepareRestrictions();
    void prepareStateChecks();
    void partDone();

    ActionService* m_service;
    QList<BulkRow> m_rows;
    QHash<QString, QString> m_preparation;   ///< provider → why its restrictions could not be read
    QHash<QString, QVariant> m_states;       ///< provider → the state its rows are checked against
    QHash<QString, QString> m_stateProblems; ///< provider → why that state could not be read
    int m_waiting = 0;                       ///< reads still under way before the rows are checked
    bool m_finished = false;
};
