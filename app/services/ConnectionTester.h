// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConnectionTestResult.h"
#include "domain/ConnectionProfile.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class HttpReply;
class QNetworkAccessManager;

/// "Test connection": one harmless authenticated call per provider, asynchronous, reported with
/// the ApiError taxonomy (DNS, TLS with the certificate's problem, auth, timeout…). Each test uses
/// a fresh network access manager, so a changed CA or pin is never masked by a reused connection.
class ConnectionTester final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTester)

public:
    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    /// Tests the provider with this key (ProviderRegistry) of the profile (with its
    /// secrets and CA certificates). A test of the same provider still running is cancelled.
    void test(const ConnectionProfile& profile, const QString& provider);
    void cancel(const QString& provider);
    bool isRunning(const QString& provider) const { return m_running.contains(provider); }
    /// Per-attempt timeout of the test call (default 15 s).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

signals:
    void finished(const ConnectionTestResult& result);

private:
    void finish(const QString& provider, ConnectionTestResult result);

    struct Running
    {
        QObject* owner = nullptr; ///< holds the access manager and the client; deleted at the end
        QPointer<HttpReply> reply;
    };
    QHash<QString, Running> m_running;
    int m_timeoutMs = 15000;
};
