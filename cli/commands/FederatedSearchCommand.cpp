// SPDX-License-Identifier: GPL-3.0-or-later
#include "FederatedSearchCommand.h"

#include "services/SearchService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace {
QString stateName(SearchSourceStatus::State state)
{
    switch (state) {
    case SearchSourceStatus::State::Idle:
        return QStringLiteral("idle");
    case SearchSourceStatus::State::Loading:
        return QStringLiteral("loading");
    case SearchSourceStatus::State::Loaded:
        return QStringLiteral("loaded");
    case SearchSourceStatus::State::Error:
        return QStringLiteral("error");
    }
    return QString();
}

QString personName(const FederatedSearchCommand::Person& p)
{
    if (!p.subject.name.isEmpty())
        return p.subject.name;
    for (const SearchHit& h : p.hits) {
        const QString n = (h.record.firstName + u' ' + h.record.lastName).trimmed();
        if (!n.isEmpty())
            return n;
    }
    return QString();
}

QString personEmail(const FederatedSearchCommand::Person& p)
{
    if (!p.subject.email.isEmpty())
        return p.subject.email;
    for (const SearchHit& h : p.hits) {
        if (!h.record.email.isEmpty())
            return h.record.email;
    }
    return QString();
}
} // namespace

FederatedSearchCommand::FederatedSearchCommand(SearchService* service, QObject* parent)
    : QObject(parent)
    , m_service(service)
{
    connect(m_service, &SearchService::hitsArrived, this,
            [this](quint64 generation, const QString& source, const QList<SearchHit>& hits) {
                if (generation == m_generation)
                    m_hits[source] += hits;
            });
    connect(m_service, &SearchService::idle, this, &FederatedSearchCommand::onIdle);
}

void FederatedSearchCommand::start(const QString& text, int limit)
{
    m_text = text;
    m_limit = limit;
    m_hits.clear();
    m_service->setPageSize(qMin(limit, 100));
    m_generation = m_service->search(text);
    if (m_text.trimmed().isEmpty() || m_service->sources().isEmpty())
        QMetaObject::invokeMethod(this, &FederatedSearchCommand::finished, Qt::QueuedConnection);
}

void FederatedSearchCommand::onIdle(quint64 generation)
{
    if (generation != m_generation)
        return;
    // Next pages of the sources still short of the limit, all at once; done when none is.
    bool asked = false;
    for (const QString& source : m_service->sources()) {
        if (m_hits.value(source).size() < m_limit && m_service->canFetchMore(source))
            asked = m_service->fetchMore(source) || asked;
    }
    if (!asked)
        emit finished();
}

QList<SearchSourceStatus> FederatedSearchCommand::statuses() const
{
    return m_service->statuses();
}

bool FederatedSearchCommand::allFailed() const
{
    const QList<SearchSourceStatus> list = statuses();
    for (const SearchSourceStatus& s : list) {
        if (s.state != SearchSourceStatus::State::Error)
            return false;
    }
    return !list.isEmpty();
}

QList<FederatedSearchCommand::Person> FederatedSearchCommand::people() const
{
    QList<Person> people;
    QHash<QString, qsizetype> bySubject;
    for (const QString& source : m_service->sources()) {
        const QList<SearchHit> hits = m_hits.value(source).mid(0, m_limit);
        for (const SearchHit& hit : hits) {
            const QString key = hit.isLinked() ? QStringLiteral("subject:") + hit.subject.reference
                                               : hit.record.provider + u':' + hit.record.id;
            const auto it = bySubject.constFind(key);
            if (it != bySubject.cend()) {
                people[*it].hits << hit;
                continue;
            }
            bySubject.insert(key, people.size());
            people.append(Person{hit.subject, {hit}});
        }
    }
    return people;
}

QByteArray FederatedSearchCommand::toJson() const
{
    QJsonArray sources;
    for (const SearchSourceStatus& s : statuses()) {
        QJsonObject o{{QStringLiteral("source"), s.source},
                      {QStringLiteral("name"), s.displayName},
                      {QStringLiteral("state"), stateName(s.state)},
                      {QStringLiteral("results"), qMin(s.results, m_limit)},
                      {QStringLiteral("total"), double(s.total)},
                      {QStringLiteral("has_more"), s.hasMore || s.results > m_limit}};
        if (s.state == SearchSourceStatus::State::Error)
            o.insert(QStringLiteral("error"), s.error.message());
        sources.append(o);
    }
    QJsonArray people;
    for (const Person& p : this->people()) {
        QJsonArray records;
        for (const SearchHit& h : p.hits) {
            QJsonObject r{{QStringLiteral("source"), h.source},
                          {QStringLiteral("provider"), h.record.provider},
                          {QStringLiteral("id"), h.record.id},
                          {QStringLiteral("reference_id"), h.record.referenceId},
                          {QStringLiteral("name"), h.record.displayName()},
                          {QStringLiteral("email"), h.record.email},
                          {QStringLiteral("phone"), h.record.phone},
                          {QStringLiteral("status"), h.record.status}};
            records.append(r);
        }
        QJsonObject ids;
        for (auto it = p.subject.ids.cbegin(); it != p.subject.ids.cend(); ++it)
            ids.insert(it.key(), it.value());
        people.append(QJsonObject{{QStringLiteral("subject"), p.subject.reference},
                                  {QStringLiteral("name"), personName(p)},
                                  {QStringLiteral("email"), personEmail(p)},
                                  {QStringLiteral("ids"), ids},
                                  {QStringLiteral("records"), records}});
    }
    const QJsonObject doc{{QStringLiteral("query"), m_text.trimmed()},
                          {QStringLiteral("sources"), sources},
                          {QStringLiteral("count"), int(people.size())},
                          {QStringLiteral("people"), people}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QString FederatedSearchCommand::toText() const
{
    QString text;
    QTextStream s(&text);
    const QList<Person> list = people();
    s << qSetFieldWidth(16) << Qt::left << tr("SUBJECT") << qSetFieldWidth(28) << tr("NAME")
      << qSetFieldWidth(36) << tr("E-MAIL") << qSetFieldWidth(0) << tr("FOUND IN") << '\n';
    for (const Person& p : list) {
        QStringList found;
        for (const SearchHit& h : p.hits)
            found << (h.source == SearchService::indexSource() ? tr("index")
                                                               : h.record.provider + u':' + h.record.id);
        s << qSetFieldWidth(16) << Qt::left
          << (p.subject.reference.isEmpty() ? QStringLiteral("-") : p.subject.reference) << qSetFieldWidth(28)
          << personName(p).left(27) << qSetFieldWidth(36) << personEmail(p).left(35) << qSetFieldWidth(0)
          << found.join(QStringLiteral(", ")) << '\n';
    }
    s << tr("%n person(s)", "", int(list.size()));
    QStringList parts;
    for (const SearchSourceStatus& st : statuses())
        parts << tr("%1: %2").arg(st.displayName, st.text());
    s << " (" << parts.join(QStringLiteral("; ")) << ")\n";
    return text;
}
