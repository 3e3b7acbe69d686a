// SPDX-License-Identifier: GPL-3.0-or-later
#include "FederatedSortModel.h"

#include "models/FederatedSearchModel.h"

FederatedSortModel::FederatedSortModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setSortLocaleAware(true);
}

void FederatedSortModel::setProviderFilter(const QString& provider)
{
    if (provider == m_provider)
        return;
    m_provider = provider;
    invalidateFilter();
}

bool FederatedSortModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_provider.isEmpty()) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (!index.data(FederatedSearchModel::ProvidersRole).toStringList().contains(m_provider))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}
