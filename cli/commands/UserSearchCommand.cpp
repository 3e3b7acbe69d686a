// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserSearchCommand.h"

#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

QStringList UserSearchCommand::providers()
{
    return ProviderRegistry::instance().searchingKeys();
}

UserSearchCommand::UserSearchCommand(const ConnectionProfile& profile, const QString& provider,
                                     QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
{
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    Q_ASSERT(module && module->isConfigured(profile));
    m_client = module->createClient(profile, nam, this);
    m_source = module->createSearchSource(m_client);
}

UserSearchCommand::~UserSearchCommand() = default;

void UserSearchCommand::start(const QString& text, int limit)
{
    m_text = text;
    m_limit = limit;
    requestPage(1);
}

void UserSearchCommand::requestPage(int page)
{
    // Keep the page size constant across pages so page numbers stay aligned.
    const int perPage = qMin(m_limit, m_source->maxPageSize());
    const auto reply = m_source->page(m_text, page, perPage);
    connect(reply, &HttpReply::finished, this, [this, reply, page] {
        const HttpResult& r = reply->result();
        if (!r.ok()) {
            m_error = r.error;
            emit finished();
            return;
        }
        const UserPage p = reply.value();
        m_total = p.total;
        for (const UserRecord& u : p.users) {
            if (m_users.size() >= m_limit)
                break;
            m_users.append(u);
        }
        if (m_users.size() >= m_limit || page >= p.lastPage || p.users.isEmpty()) {
            emit finished();
            return;
        }
        requestPage(page + 1);
    });
}

QByteArray UserSearchCommand::toJson() const
{
    QJsonArray users;
    for (const UserRecord& u : m_users) {
        QJsonObject o{{QStringLiteral("provider"), u.provider},
                      {QStringLiteral("id"), u.id},
                      {QStringLiteral("reference_id"), u.referenceId},
                      {QStringLiteral("first_name"), u.firstName},
                      {QStringLiteral("last_name"), u.lastName},
                      {QStringLiteral("email"), u.email},
                      {QStringLiteral("phone"), u.phone},
                      {QStringLiteral("status"), u.status}};
        for (auto it = u.attributes.cbegin(); it != u.attributes.cend(); ++it)
            o.insert(it.key(), QJsonValue::fromVariant(it.value()));
        users.append(o);
    }
    const QJsonObject doc{{QStringLiteral("query"), m_text},
                          {QStringLiteral("total"), double(m_total)},
                          {QStringLiteral("count"), int(m_users.size())},
                          {QStringLiteral("users"), users}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QString UserSearchCommand::toText() const
{
    QString text;
    QTextStream s(&text);
    int idWidth = 10;
    for (const UserRecord& u : m_users)
        idWidth = qMax(idWidth, int(u.id.size()) + 2);
    s << qSetFieldWidth(idWidth) << Qt::left << tr("ID") << qSetFieldWidth(28) << tr("NAME")
      << qSetFieldWidth(40) << tr("E-MAIL") << qSetFieldWidth(0) << tr("STATUS") << '\n';
    for (const UserRecord& u : m_users)
        s << qSetFieldWidth(idWidth) << Qt::left << u.id << qSetFieldWidth(28) << u.displayName().left(27)
          << qSetFieldWidth(40) << u.email.left(39) << qSetFieldWidth(0) << u.status << '\n';
    s << tr("%n user(s) shown", "", int(m_users.size())) << tr(", %1 match(es) in all").arg(m_total) << '\n';
    return text;
}
