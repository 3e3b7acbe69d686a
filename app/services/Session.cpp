// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include "ActionExecutor.h"
#include "UserDirectory.h"
#include "providers/ProviderRegistry.h"

#include <QNetworkAccessManager>

Session::Session(ConnectionProfile profile, QObject* parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_nam(new QNetworkAccessManager(this))
{
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (QObject* client = module->createClient(m_profile, m_nam, this)) {
            client->setObjectName(module->key());
            m_clients << client;
        }
    }
}

Session::~Session() = default;

QObject* Session::client(const QString& provider) const
{
    for (QObject* c : m_clients) {
        if (c->objectName() == provider)
            return c;
    }
    return nullptr;
}

UserDirectory* Session::searchDirectory() const
{
    for (QObject* c : m_clients) {
        if (auto* directory = dynamic_cast<UserDirectory*>(c))
            return directory;
    }
    return nullptr;
}

QList<ActionExecutor*> Session::executors() const
{
    QList<ActionExecutor*> list;
    for (QObject* c : m_clients) {
        if (auto* executor = dynamic_cast<ActionExecutor*>(c))
            list << executor;
    }
    return list;
}
