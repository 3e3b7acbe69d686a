// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"

#include <QList>
#include <QObject>
#include <QString>

class ActionExecutor;
class QNetworkAccessManager;
class UserDirectory;

/// The provider clients of one connection profile, sharing one network access manager: one per
/// provider module (ProviderRegistry) whose section the profile has.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(ConnectionProfile profile, QObject* parent = nullptr);
    ~Session() override;

    const ConnectionProfile& profile() const { return m_profile; }
    /// The client of the provider with this key; null when the profile has no section for it.
    QObject* client(const QString& provider) const;
    /// The client of type T (a provider's client class); null when the profile has no section for it.
    template <class T> T* client() const
    {
        for (QObject* c : m_clients) {
            if (T* typed = qobject_cast<T*>(c))
                return typed;
        }
        return nullptr;
    }
    /// Every configured provider's state-changing calls, for the action pipeline.
    QList<ActionExecutor*> executors() const;
    /// The provider the search box queries; null when no configured provider can search.
    UserDirectory* searchDirectory() const;

private:
    ConnectionProfile m_profile;
    QNetworkAccessManager* m_nam;
    QList<QObject*> m_clients; ///< in the registry's order, children of this session
};
