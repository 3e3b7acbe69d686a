// SPDX-License-Identifier: GPL-3.0-or-later
#include "PendingResetsSortModel.h"

#include "providers/sdkfinance/PendingResetsModel.h"

#include <QDateTime>

PendingResetsSortModel::PendingResetsSortModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // The text filter matches any column: the person's name, the comment, the request id.
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

bool PendingResetsSortModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    switch (left.column()) {
    case PendingResetsModel::RequestIdColumn: {
        bool leftOk = false;
        bool rightOk = false;
        const qlonglong l = left.data(PendingResetsModel::RequestIdRole).toString().toLongLong(&leftOk);
        const qlonglong r = right.data(PendingResetsModel::RequestIdRole).toString().toLongLong(&rightOk);
        if (leftOk && rightOk)
            return l < r;
        break;
    }
    case PendingResetsModel::AgeColumn: { // waited longer: older
        const QDateTime l = left.data(PendingResetsModel::CreatedAtRole).toDateTime();
        const QDateTime r = right.data(PendingResetsModel::CreatedAtRole).toDateTime();
        if (l.isValid() && r.isValid())
            return l > r;
        break;
    }
    case PendingResetsModel::CreatedColumn: {
        const QDateTime l = left.data(PendingResetsModel::CreatedAtRole).toDateTime();
        const QDateTime r = right.data(PendingResetsModel::CreatedAtRole).toDateTime();
        if (l.isValid() && r.isValid())
            return l < r;
        break;
    }
    default:
        break;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}
