// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

/// Sorts and filters PendingResetsModel's loaded rows: request ids as numbers where they are numbers,
/// the creation time and the age by the timestamp (the shown text is localized), the rest as text;
/// the filter text matches any column.
class PendingResetsSortModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PendingResetsSortModel)

public:
    explicit PendingResetsSortModel(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};
