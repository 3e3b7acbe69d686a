// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchService.h"

#include "IndexSearchSource.h"
#include "SearchSource.h"
#include "Session.h"
#include "SubjectService.h"
#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"

struct SearchService::Slot
{
    std::unique_ptr<SearchSource> source;
    SearchSourceStatus status;
    QPointer<HttpReply> pending;
    int loadedPage = 0;    ///< last page received (1-based), 0: none
    int lastPage = 0;      ///< as the source reports it
    int failedPage = 0;    ///< the page that failed, for retry()
    bool deferred = false; ///< waits for startDeferred() (a provider during a Deferred search)
};

SearchService::SearchService(SubjectService* subjects, QObject* parent)
    : QObject(parent)
    , m_subjects(subjects)
{
    qRegisterMetaType<SearchSourceStatus>();
    qRegisterMetaType<QList<SearchHit>>();
}

SearchService::~SearchService()
{
    cancel();
}

void SearchService::addSource(std::unique_ptr<SearchSource> source)
{
    auto slot = std::make_unique<Slot>();
    slot->status.source = source->key();
    slot->status.displayName = source->displayName();
    slot->source = std::move(source);
    m_slots.push_back(std::move(slot));
}

void SearchService::addDefaultSources(Session& session)
{
    if (m_subjects)
        addSource(std::make_unique<IndexSearchSource>(*m_subjects));
    // In the order providers are searched (ProviderRegistry::searchingKeys()).
    for (const QString& key : ProviderRegistry::instance().searchingKeys()) {
        if (std::unique_ptr<SearchSource> source =
                ProviderRegistry::instance().find(key)->createSearchSource(session.client(key)))
            addSource(std::move(source));
    }
}

QStringList SearchService::sources() const
{
    QStringList keys;
    for (const auto& slot : m_slots)
        keys << slot->status.source;
    return keys;
}

SearchService::Slot* SearchService::slotFor(const QString& source) const
{
    for (const auto& slot : m_slots) {
        if (slot->status.source == source)
            return slot.get();
    }
    return nullptr;
}

void SearchService::cancel()
{
    ++m_generation; // late answers of the old query are recognised and dropped
    for (const auto& slot : m_slots) {
        slot->deferred = false;
        if (slot->pending) {
            HttpReply* reply = slot->pending;
            slot->pending = nullptr;
            disconnect(reply, nullptr, this, nullptr);
            reply->cancel();
        }
    }
}

quint64 SearchService::search(const QString& text, Providers providers)
{
    cancel();
    m_query = text.trimmed();
    for (const auto& slot : m_slots) {
        slot->loadedPage = 0;
        slot->lastPage = 0;
        slot->failedPage = 0;
        slot->deferred = false;
        const QString key = slot->status.source;
        const QString name = slot->status.displayName;
        slot->status = SearchSourceStatus();
        slot->status.source = key;
        slot->status.displayName = name;
        if (m_query.isEmpty())
            setStatus(*slot);
    }
    if (m_query.isEmpty())
        return m_generation;
    for (const auto& slot : m_slots) {
        if (providers == Providers::Deferred && slot->status.source != indexSource()) {
            slot->deferred = true;
            slot->status.state = SearchSourceStatus::State::Loading; // asked after the debounce
            setStatus(*slot);
            continue;
        }
        request(*slot, 1);
    }
    return m_generation;
}

bool SearchService::startDeferred()
{
    bool any = false;
    for (const auto& slot : m_slots) {
        if (!slot->deferred)
            continue;
        slot->deferred = false;
        any = true;
        request(*slot, 1);
    }
    return any;
}

void SearchService::request(Slot& slot, int page)
{
    const int perPage = qMin(m_pageSize, slot.source->maxPageSize());
    slot.status.state = SearchSourceStatus::State::Loading;
    slot.status.error = ApiError();
    const Reply<UserPage> reply = slot.source->page(m_query, page, perPage);
    slot.pending = reply;
    Slot* const s = &slot;
    const quint64 generation = m_generation;
    connect(reply, &HttpReply::finished, this,
            [this, s, reply, generation, page] { onPage(s, reply, generation, page); });
    setStatus(slot);
}

void SearchService::onPage(Slot* slot, const Reply<UserPage>& reply, quint64 generation, int page)
{
    if (generation != m_generation || slot->pending != reply)
        return; // an old query's answer: never shown
    slot->pending = nullptr;
    const HttpResult& result = reply->result();
    if (!result.ok()) {
        slot->failedPage = page;
        slot->status.state = SearchSourceStatus::State::Error;
        slot->status.error = result.error;
        slot->status.hasMore = false;
        setStatus(*slot);
    } else {
        const UserPage p = reply.value();
        slot->loadedPage = page;
        slot->lastPage = p.lastPage;
        slot->failedPage = 0;
        slot->status.state = SearchSourceStatus::State::Loaded;
        slot->status.results += int(p.users.size());
        slot->status.total = p.total;
        slot->status.hasMore = page < p.lastPage && !p.users.isEmpty();
        QList<SearchHit> hits;
        hits.reserve(p.users.size());
        for (const UserRecord& record : p.users)
            hits << resolve(slot->status.source, record);
        // Status first, so a view counting rows sees the new count and the rows together.
        setStatus(*slot);
        if (!hits.isEmpty())
            emit hitsArrived(generation, slot->status.source, hits);
    }
    if (generation == m_generation && !isBusy())
        emit idle(generation);
}

SearchHit SearchService::resolve(const QString& source, const UserRecord& record) const
{
    SearchHit hit;
    hit.source = source;
    hit.record = record;
    if (!m_subjects)
        return hit;
    QString error;
    if (record.provider == indexSource()) {
        if (const std::optional<Subject> s = m_subjects->subject(record.id, &error))
            hit.subject = *s;
    } else if (const std::optional<Subject> s =
                   m_subjects->subjectByLink(record.provider, record.id, &error)) {
        hit.subject = *s;
    }
    return hit;
}

void SearchService::setStatus(Slot& slot)
{
    emit sourceStatusChanged(slot.status.source, slot.status);
}

bool SearchService::canFetchMore(const QString& source) const
{
    const Slot* slot = slotFor(source);
    return slot && !m_query.isEmpty() && !slot->pending && slot->failedPage == 0 && slot->loadedPage > 0 &&
           slot->status.hasMore;
}

bool SearchService::fetchMore(const QString& source)
{
    if (!canFetchMore(source))
        return false;
    Slot* slot = slotFor(source);
    request(*slot, slot->loadedPage + 1);
    return true;
}

bool SearchService::fetchMoreAll()
{
    bool any = false;
    for (const QString& source : sources())
        any = fetchMore(source) || any;
    return any;
}

bool SearchService::canFetchMoreAny() const
{
    for (const auto& slot : m_slots) {
        if (canFetchMore(slot->status.source))
            return true;
    }
    return false;
}

bool SearchService::retry(const QString& source)
{
    Slot* slot = slotFor(source);
    if (!slot || slot->pending || slot->failedPage == 0 || m_query.isEmpty())
        return false;
    request(*slot, slot->failedPage);
    return true;
}

SearchSourceStatus SearchService::status(const QString& source) const
{
    const Slot* slot = slotFor(source);
    return slot ? slot->status : SearchSourceStatus();
}

QList<SearchSourceStatus> SearchService::statuses() const
{
    QList<SearchSourceStatus> list;
    for (const auto& slot : m_slots)
        list << slot->status;
    return list;
}

bool SearchService::isBusy() const
{
    for (const auto& slot : m_slots) {
        if (slot->pending || slot->deferred)
            return true;
    }
    return false;
}
