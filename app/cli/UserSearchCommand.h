// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "domain/UserRecord.h"
#include "net/ApiError.h"

#include <QObject>

class QNetworkAccessManager;
class TrustSwiftlyClient;

/// `users search`: pages through the provider until the limit or the last page.
class UserSearchCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserSearchCommand)

public:
    UserSearchCommand(const ConnectionProfile& profile, QNetworkAccessManager* nam,
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

    TrustSwiftlyClient* m_client;
    QString m_text;
    int m_limit = 0;
    qint64 m_total = 0;
    QList<UserRecord> m_users;
    ApiError m_error;
};
