// SPDX-License-Identifier: GPL-3.0-or-later
#include "FederatedSearchModel.h"

#include "providers/ProviderRegistry.h"
#include "services/SearchService.h"

namespace {
QString recordKey(const UserRecord& r)
{
    return r.provider + u':' + r.id;
}

QString normalisedPhone(const QString& phone)
{
    QString digits;
    for (const QChar c : phone) {
        if (c.isDigit())
            digits += c;
    }
    return digits.size() >= 6 ? digits : QString(); // too short to say anything about a person
}
} // namespace

FederatedSearchModel::FederatedSearchModel(SearchService* service, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
    connect(service, &SearchService::hitsArrived, this, &FederatedSearchModel::onHits);
    connect(service, &SearchService::sourceStatusChanged, this, &FederatedSearchModel::sourceStatusChanged);
}

FederatedSearchModel::~FederatedSearchModel() = default;

QString FederatedSearchModel::providerName(const QString& provider)
{
    if (provider == QLatin1String("index"))
        return tr("Local index");
    return ProviderRegistry::instance().displayName(provider);
}

int FederatedSearchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FederatedSearchModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FederatedSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("E-mail");
    case PhoneColumn:
        return tr("Phone");
    case SubjectColumn:
        return tr("Subject");
    case ProvidersColumn:
        return tr("Known to");
    case StatusColumn:
        return tr("Status");
    default:
        return QVariant();
    }
}

QVariant FederatedSearchModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return row.name.isEmpty() ? row.subjectReference : row.name;
        case EmailColumn:
            return row.email;
        case PhoneColumn:
            return row.phone;
        case SubjectColumn:
            return row.subjectReference;
        case ProvidersColumn: {
            QStringList names;
            for (auto it = row.ids.cbegin(); it != row.ids.cend(); ++it)
                names << providerName(it.key());
            return names.join(QStringLiteral(", "));
        }
        case StatusColumn: {
            QStringList parts;
            for (const SearchHit& h : row.hits) {
                if (!h.record.status.isEmpty())
                    parts << tr("%1: %2").arg(providerName(h.record.provider), h.record.status);
            }
            return parts.join(QStringLiteral("; "));
        }
        default:
            return QVariant();
        }
    case Qt::ToolTipRole:
        if (index.column() == ProvidersColumn) {
            QStringList lines;
            for (auto it = row.ids.cbegin(); it != row.ids.cend(); ++it)
                lines << tr("%1: %2").arg(providerName(it.key()), it.value());
            return lines.join(u'\n');
        }
        return QVariant();
    case SubjectReferenceRole:
        return row.subjectReference;
    case ProvidersRole:
        return QStringList(row.ids.keys());
    case ProviderIdsRole: {
        QVariantMap map;
        for (auto it = row.ids.cbegin(); it != row.ids.cend(); ++it)
            map.insert(it.key(), it.value());
        return map;
    }
    case HitsRole:
        return QVariant::fromValue(row.hits);
    case HasSuggestionRole:
        for (const LinkSuggestion& s : m_suggestions) {
            if ((!s.provider.isEmpty() && row.ids.value(s.provider) == s.providerId) ||
                row.ids.value(s.otherProvider) == s.otherProviderId ||
                (!s.subjectReference.isEmpty() && s.subjectReference == row.subjectReference))
                return true;
        }
        return false;
    default:
        return QVariant();
    }
}

bool FederatedSearchModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_service && m_service->generation() == m_generation &&
           m_service->canFetchMoreAny();
}

void FederatedSearchModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        m_service->fetchMoreAll();
}

void FederatedSearchModel::setQuery(const QString& text, SearchService::Providers providers)
{
    beginResetModel();
    m_rows.clear();
    m_rowByKey.clear();
    m_byContact.clear();
    const bool hadSuggestions = !m_suggestions.isEmpty();
    m_suggestions.clear();
    m_generation = m_service ? m_service->search(text, providers) : 0;
    endResetModel();
    if (hadSuggestions)
        emit suggestionsChanged();
}

QString FederatedSearchModel::query() const
{
    return m_service ? m_service->query() : QString();
}

FederatedSearchModel::Row FederatedSearchModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rows.size())
        return Row();
    return m_rows.at(index.row());
}

QList<SearchSourceStatus> FederatedSearchModel::sourceStatuses() const
{
    return m_service ? m_service->statuses() : QList<SearchSourceStatus>();
}

int FederatedSearchModel::rowOfKey(const QString& key) const
{
    return m_rowByKey.value(key, -1);
}

void FederatedSearchModel::onHits(quint64 generation, const QString& source, const QList<SearchHit>& hits)
{
    Q_UNUSED(source);
    if (generation != m_generation)
        return; // from a query this model no longer shows
    // A page is added as one insertion of its new rows (and one change of the rows it merged into):
    // a signal per row made the sorted proxy and the view work per row, a stall of tens of ms a page.
    Batch batch;
    batch.firstNew = int(m_rows.size());
    for (const SearchHit& hit : hits)
        add(hit, batch);
    if (!batch.fresh.isEmpty()) {
        beginInsertRows(QModelIndex(), batch.firstNew, batch.firstNew + int(batch.fresh.size()) - 1);
        m_rows += batch.fresh;
        endInsertRows();
    }
    if (batch.firstChanged >= 0)
        emit dataChanged(index(batch.firstChanged, 0), index(batch.lastChanged, ColumnCount - 1));
    // Suggestions compare rows with each other: once they are all in place.
    const int suggestionsBefore = int(m_suggestions.size());
    for (const auto& [rowIndex, hit] : std::as_const(batch.added))
        findSuggestions(rowIndex, hit);
    if (m_suggestions.size() != suggestionsBefore)
        emit suggestionsChanged();
}

void FederatedSearchModel::refreshRow(Row& row)
{
    row.ids.clear();
    for (const SearchHit& h : row.hits) {
        for (auto it = h.subject.ids.cbegin(); it != h.subject.ids.cend(); ++it)
            row.ids.insert(it.key(), it.value());
        if (h.record.provider != SearchService::indexSource())
            row.ids.insert(h.record.provider, h.record.id);
        if (row.name.isEmpty() && h.record.provider != SearchService::indexSource())
            row.name = h.record.displayName();
        if (row.email.isEmpty())
            row.email = h.record.email.isEmpty() ? h.subject.email : h.record.email.toLower();
        if (row.phone.isEmpty())
            row.phone = h.record.phone;
    }
}

void FederatedSearchModel::add(const SearchHit& hit, Batch& batch)
{
    const QString recKey = recordKey(hit.record);
    const QString rowKey = hit.isLinked() ? QStringLiteral("subject:") + hit.subject.reference : recKey;
    int rowIndex = rowOfKey(rowKey);
    if (rowIndex >= 0) {
        Row& row = rowIndex < batch.firstNew ? m_rows[rowIndex] : batch.fresh[rowIndex - batch.firstNew];
        for (const SearchHit& h : row.hits) {
            if (recordKey(h.record) == recKey)
                return; // the same record again (a page boundary moved)
        }
        row.hits << hit;
        refreshRow(row);
        m_rowByKey.insert(recKey, rowIndex);
        if (rowIndex < batch.firstNew) {
            batch.firstChanged = batch.firstChanged < 0 ? rowIndex : qMin(batch.firstChanged, rowIndex);
            batch.lastChanged = qMax(batch.lastChanged, rowIndex);
        }
    } else {
        Row row;
        row.key = rowKey;
        row.subjectReference = hit.subject.reference;
        row.hits << hit;
        refreshRow(row);
        rowIndex = batch.firstNew + int(batch.fresh.size());
        batch.fresh << row;
        m_rowByKey.insert(rowKey, rowIndex);
        m_rowByKey.insert(recKey, rowIndex);
    }
    batch.added << qMakePair(rowIndex, hit);
}

void FederatedSearchModel::findSuggestions(int rowIndex, const SearchHit& hit)
{
    QList<QPair<QString, QString>> contacts; // (matchedOn, value); e-mail first, so it names the match
    const QString email = hit.record.email.isEmpty() ? hit.subject.email : hit.record.email.toLower();
    if (!email.isEmpty())
        contacts << qMakePair(QStringLiteral("email"), email);
    if (const QString phone = normalisedPhone(hit.record.phone); !phone.isEmpty())
        contacts << qMakePair(QStringLiteral("phone"), phone);
    const auto providerHit = [](const Row& r) -> const SearchHit* {
        for (const SearchHit& h : r.hits) {
            if (h.record.provider != SearchService::indexSource())
                return &h;
        }
        return nullptr;
    };
    for (const auto& [kind, value] : contacts) {
        QList<int>& rows = m_byContact[kind + u':' + value];
        for (const int other : std::as_const(rows)) {
            if (other == rowIndex)
                continue;
            const Row& a = m_rows.at(other);
            const Row& b = m_rows.at(rowIndex);
            if (!a.subjectReference.isEmpty() && !b.subjectReference.isEmpty())
                continue; // both linked (to different subjects): an officer's decision, not a suggestion
            // The linked side (if any) keeps the subject; the other side's record is the one to link.
            const bool bLinked = !b.subjectReference.isEmpty();
            const Row& linked = bLinked ? b : a;
            const Row& unlinked = bLinked ? a : b;
            const SearchHit* target = providerHit(unlinked);
            if (!target || linked.ids.contains(target->record.provider))
                continue; // two ids at one provider are two accounts, not one person to link
            LinkSuggestion s;
            s.subjectReference = linked.subjectReference;
            // With a subject, linking the other record to it is enough; without, both records are linked.
            if (s.subjectReference.isEmpty()) {
                const SearchHit* source = providerHit(linked);
                if (!source)
                    continue;
                s.provider = source->record.provider;
                s.providerId = source->record.id;
            }
            s.otherProvider = target->record.provider;
            s.otherProviderId = target->record.id;
            s.matchedOn = kind;
            s.value = kind == QLatin1String("email") ? value : target->record.phone;
            if (!m_suggestions.contains(s))
                m_suggestions << s;
        }
        if (!rows.contains(rowIndex))
            rows << rowIndex;
    }
}
