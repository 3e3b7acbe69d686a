// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"

#include <QAbstractTableModel>
#include <functional>

class Store;

/// Actions in one state (pending approval, unresolved …), newest first, read from the store.
class ActionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionsModel)

public:
    enum Column
    {
        IdColumn,
        ActionColumn,
        UserColumn,
        InitiatorColumn,
        ReasonColumn,
        AgeColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role
    {
        ActionIdRole = Qt::UserRole + 1,
        InitiatorRole
    };

    ActionsModel(Store* store, ActionRecord::State state, QObject* parent = nullptr);
    ~ActionsModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Reads the store again; keeps rows that did not change. Returns false with lastError() set.
    bool refresh();
    QString lastError() const { return m_error; }
    ActionRecord itemAt(const QModelIndex& index) const;
    /// The row of an action id, or -1.
    int rowOf(qint64 actionId) const;
    /// Words the action column in full ("Mark Smile ID user 42 as fraudulent"); unset, it names the
    /// policy rule ("Smile ID: mark / clear fraud").
    void setDescriber(std::function<QString(const ActionRequest&)> describer)
    {
        m_describer = std::move(describer);
    }
    /// For the age column: the moment "now" (tests pin it).
    void setNow(const QDateTime& now) { m_now = now; }

private:
    Store* m_store;
    ActionRecord::State m_state;
    QList<ActionRecord> m_actions;
    QString m_error;
    QDateTime m_now;
    std::function<QString(const ActionRequest&)> m_describer;
};
