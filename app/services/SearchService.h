// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SearchHit.h"
#include "domain/SearchSourceStatus.h"
#include "domain/UserRecord.h"
#include "net/Reply.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <memory>
#include <vector>

class HttpReply;
class SearchSource;
class Session;
class SubjectService;

/// Federated search (docs/architecture.md section 1): one query goes to the local subject index and to every
/// provider that can search (Trust Swiftly users, SDK.Finance profiles), all at once. Each source
/// answers on its own: hits are resolved against the index (which subject a record is linked to)
/// and emitted as they arrive, so a slow or failing source never holds up the others. A new query
/// (or cancel()) aborts every request of the old one, and its late answers are dropped (generation
/// counter): nothing from an old query is ever emitted. Paging is per source.
class SearchService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchService)

public:
    /// Key of the local index source.
    static QString indexSource() { return QStringLiteral("index"); }

    /// `subjects` resolves links (may be null: then nothing is linked and there is no index source).
    explicit SearchService(SubjectService* subjects, QObject* parent = nullptr);
    ~SearchService() override;

    /// Adds a source (owned). Call before the first search.
    void addSource(std::unique_ptr<SearchSource> source);
    /// Adds the index (when `subjects` is set) and every searching provider of the session.
    void addDefaultSources(Session& session);
    /// Source keys, in the order they were added.
    QStringList sources() const;

    /// When the providers are asked (issue 34): the local index always at once.
    enum class Providers
    {
        Now,     ///< every source at once
        Deferred ///< only the index now; the providers on startDeferred() (after a debounce)
    };
    /// Starts a search for `text` (empty text: clears). Returns the new generation.
    quint64 search(const QString& text, Providers providers = Providers::Now);
    /// Asks the sources a Deferred search left waiting; false when none was waiting.
    bool startDeferred();
    /// Stops the current search; nothing more is emitted for it.
    void cancel();
    QString query() const { return m_query; }
    quint64 generation() const { return m_generation; }

    /// Records asked for per page from each source (capped by the source's maximum).
    void setPageSize(int size) { m_pageSize = qMax(1, size); }
    int pageSize() const { return m_pageSize; }

    /// True when the source has further pages and none is on the wire.
    bool canFetchMore(const QString& source) const;
    /// Asks the source for its next page; false when there is none to ask for.
    bool fetchMore(const QString& source);
    /// fetchMore() for every source that can; true when at least one was asked.
    bool fetchMoreAll();
    bool canFetchMoreAny() const;
    /// After an error: asks the source again for the page that failed.
    bool retry(const QString& source);

    SearchSourceStatus status(const QString& source) const;
    QList<SearchSourceStatus> statuses() const;
    /// True while any source has a page on the wire.
    bool isBusy() const;

signals:
    /// Hits of one page of one source for search `generation` (always the current one).
    void hitsArrived(quint64 generation, const QString& source, const QList<SearchHit>& hits);
    /// A source started loading, answered or failed.
    void sourceStatusChanged(const QString& source, const SearchSourceStatus& status);
    /// Every source has answered (or failed) its current page.
    void idle(quint64 generation);

private:
    struct Slot;
    Slot* slotFor(const QString& source) const;
    void request(Slot& slot, int page);
    void onPage(Slot* slot, const Reply<UserPage>& reply, quint64 generation, int page);
    SearchHit resolve(const QString& source, const UserRecord& record) const;
    void setStatus(Slot& slot);

    SubjectService* m_subjects;
    std::vector<std::unique_ptr<Slot>> m_slots;
    QString m_query;
    quint64 m_generation = 0;
    int m_pageSize = 50;
};
