// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "domain/UserRecord.h"
#include "net/ApiError.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;
class SearchSource;

/// `users search`: pages through one provider that can search (Trust Swiftly or SDK.Finance) until
/// the limit or the last page.
class UserSearchCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserSearchCommand)

public:
    /// Providers that can search users, in the order the default is chosen from.
    static QStringList providers();
    /// provider is one of providers(), and its section must be in the profile.
    UserSearchCommand(const ConnectionProfile& profile, const QString& provider, QNetworkAccessManager* nam,
                      QObject* parent = nullptr);
    ~UserSearchCommand() override;

    void start(const QString& text, int limit);
    const ApiError& error() const { return m_error; }
    const QList<UserRecord>& users() const { return m_users; }
    QByteArray toJson() const;
    QString toText() const;

signals:
    void finished();

private:
    void requestPage(int page);

    QObject* m_client = nullptr; ///< the provider's client, owned as a child
    std::unique_ptr<SearchSource> m_source;
    QString m_text;
    int m_limit = 0;
    qint64 m_total = 0;
    QList<UserRecord> m_users;
    ApiError m_error;
};
