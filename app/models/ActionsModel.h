// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"

#include <QAbstractTableModel>
#include <QHash>
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
    /// The state whose actions the model lists.
    ActionRecord::State state() const { return m_state; }
    QString lastError() const { return m_error; }
    ActionRecord itemAt(const QModelIndex& index) const;
    /// The row of an action id, or -1.
    int rowOf(qint64 actionId) const;
    /// Words the action column in full, naming the person when the subject index knows them ("Mark
    /// Nakato Silva (Smile ID REF-000253) as fraudulent"; person is empty when nobody is linked to the
    /// id); unset, it names the policy rule ("Smile ID: mark / clear fraud").
    using Describer = std::function<QString(const ActionRequest& request, const QString& person)>;
    void setDescriber(Describer describer) { m_describer = std::move(describer); }
    /// The name of the person the action targets: the subject linked to its provider id (read at
    /// refresh()); empty when nobody is, or the store keeps no subject index.
    QString personName(const ActionRecord& action) const;
    /// For the age column: the moment "now" (tests pin it).
    void setNow(const QDateTime& now) { m_now = now; }

private:
    Store* m_store;
    ActionRecord::State m_state;
    QList<ActionRecord> m_actions;
    QString m_error;
    QDateTime m_now;
    Describer m_describer;
    QHash<QString, QString> m_names; ///< "provider\nid" -> the linked subject's name
};
