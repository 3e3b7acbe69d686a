// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

/// Sorts the federated search results by any column and narrows them to one provider and/or to rows
/// containing a text (in any column), without asking the sources again.
class FederatedSortModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FederatedSortModel)

public:
    explicit FederatedSortModel(QObject* parent = nullptr);

    /// Only rows known to this provider key ("" for all).
    void setProviderFilter(const QString& provider);
    QString providerFilter() const { return m_provider; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_provider;
};
