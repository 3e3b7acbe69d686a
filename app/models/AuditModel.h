// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"
#include "services/AuditLogReader.h"
#include "store/AuditFilter.h"

#include <QAbstractTableModel>

/// The audit log, filtered, newest first, read through an AuditLogReader.
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)

public:
    enum Column
    {
        SeqColumn,
        TimeColumn,
        OperatorColumn,
        RoleColumn,
        EventColumn,
        ActionColumn,
        UserColumn,
        ReasonColumn,
        OutcomeColumn,
        ColumnCount
    };

    explicit AuditModel(AuditLogReader log, QObject* parent = nullptr);
    ~AuditModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFilter(const AuditFilter& filter) { m_filter = filter; }
    const AuditFilter& filter() const { return m_filter; }
    bool refresh();
    QString lastError() const { return m_error; }
    AuditEntry itemAt(const QModelIndex& index) const;
    const QList<AuditEntry>& entries() const { return m_entries; }

private:
    AuditLogReader m_log;
    AuditFilter m_filter;
    QList<AuditEntry> m_entries;
    QString m_error;
};
