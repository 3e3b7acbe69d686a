// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/LinkSuggestion.h"
#include "domain/SearchHit.h"
#include "domain/SearchSourceStatus.h"
#include "services/SearchService.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

/// One row per person found by federated search (SearchService), filled as each source answers.
/// Records that share a linked subject are merged into that subject's row; an unlinked record is a
/// row of its own. When two rows from different providers share an e-mail address or phone number
/// without a link, the model offers a LinkSuggestion (never merges them by itself). Paging goes to
/// every source that has more (canFetchMore / fetchMore); only fetched pages are held.
class FederatedSearchModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FederatedSearchModel)

public:
    enum Column
    {
        NameColumn,
        EmailColumn,
        PhoneColumn,
        SubjectColumn,   ///< the subject reference in the index, empty when unlinked
        ProvidersColumn, ///< which providers know the person: "Smile ID, Trust Swiftly"
        StatusColumn,    ///< per provider: "<provider>: <its status>; …"
        ColumnCount
    };
    enum Role
    {
        SubjectReferenceRole = Qt::UserRole + 1, ///< QString
        ProvidersRole,                           ///< QStringList of provider keys knowing the person
        ProviderIdsRole,                         ///< QVariantMap provider key → id
        HitsRole,                                ///< QVariant(QList<SearchHit>) of the row
        HasSuggestionRole                        ///< bool: a LinkSuggestion involves this row
    };

    /// One merged row.
    struct Row
    {
        QString key;                ///< "subject:REF" or "provider:id"
        QString subjectReference;   ///< empty when unlinked
        QList<SearchHit> hits;      ///< every record of this person received so far
        QMap<QString, QString> ids; ///< provider key → id (from links and from hits)
        QString name;
        QString email;
        QString phone;
    };

    /// `service` is not owned and must outlive the model.
    explicit FederatedSearchModel(SearchService* service, QObject* parent = nullptr);
    ~FederatedSearchModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    /// Clears the rows and searches every source for `text` (empty: just clears); with Deferred only
    /// the local index at once, the providers when the service's startDeferred() is called.
    void setQuery(const QString& text, SearchService::Providers providers = SearchService::Providers::Now);
    QString query() const;
    /// The merged row at `index` (an empty Row for an invalid index).
    Row itemAt(const QModelIndex& index) const;
    /// Unconfirmed links the current results suggest (same e-mail / phone, different providers).
    const QList<LinkSuggestion>& suggestions() const { return m_suggestions; }
    /// Per-source status of the current query.
    QList<SearchSourceStatus> sourceStatuses() const;
    /// Display name of a provider key (from ProviderRegistry).
    static QString providerName(const QString& provider);

signals:
    /// A source started loading, answered or failed (forwarded from the service).
    void sourceStatusChanged(const QString& source, const SearchSourceStatus& status);
    /// suggestions() changed.
    void suggestionsChanged();

private:
    void onHits(quint64 generation, const QString& source, const QList<SearchHit>& hits);
    /// The rows one page of hits adds (not in m_rows yet) and changes.
    struct Batch
    {
        int firstNew = 0; ///< index the first new row will have
        QList<Row> fresh;
        int firstChanged = -1; ///< range of existing rows changed, -1 when none
        int lastChanged = -1;
        QList<QPair<int, SearchHit>> added; ///< (row, hit), for the link suggestions
    };
    void add(const SearchHit& hit, Batch& batch);
    void findSuggestions(int row, const SearchHit& hit);
    void refreshRow(Row& row);
    int rowOfKey(const QString& key) const;

    QPointer<SearchService> m_service;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByKey;         ///< row key and "provider:id" of every hit → row
    QHash<QString, QList<int>> m_byContact; ///< "email:x" / "phone:y" → rows
    QList<LinkSuggestion> m_suggestions;
    quint64 m_generation = 0;
};
