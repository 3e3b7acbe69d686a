// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SearchHit.h"
#include "domain/SearchSourceStatus.h"

#include <QHash>
#include <QObject>

class SearchService;

/// `users search TEXT` without a provider (issue 34): the federated search of the console's main
/// window (SearchService: the local index and every provider that can search), read until each source
/// has `limit` records or none more, then merged by subject: one person per linked subject, each
/// record linked to nobody a person of its own.
class FederatedSearchCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FederatedSearchCommand)

public:
    /// One person of the answer: the subject (empty when the records are linked to nobody) and what
    /// each source found of them.
    struct Person
    {
        Subject subject;
        QList<SearchHit> hits;
    };

    /// `service` (not owned) already has its sources.
    explicit FederatedSearchCommand(SearchService* service, QObject* parent = nullptr);
    void start(const QString& text, int limit);

    /// Every source's status, in the service's source order.
    QList<SearchSourceStatus> statuses() const;
    /// The people found: in source order (the index first, ranked as it ranks), each once.
    QList<Person> people() const;
    /// True when every source failed.
    bool allFailed() const;
    QByteArray toJson() const;
    QString toText() const;

signals:
    void finished();

private:
    void onIdle(quint64 generation);

    SearchService* m_service;
    QString m_text;
    int m_limit = 0;
    quint64 m_generation = 0;
    QHash<QString, QList<SearchHit>> m_hits; ///< source → its hits in page order
};
