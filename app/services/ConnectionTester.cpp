// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionTester.h"

#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QTimer>

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ConnectionTestResult>();
}

ConnectionTester::~ConnectionTester()
{
    const QStringList providers = m_running.keys();
    for (const QString& provider : providers) {
        Running running = m_running.take(provider);
        if (running.reply)
            running.reply->disconnect(this);
        delete running.owner;
    }
}

void ConnectionTester::cancel(const QString& provider)
{
    if (!m_running.contains(provider))
        return;
    Running running = m_running.take(provider);
    if (running.reply)
        running.reply->disconnect(this);
    delete running.owner; // aborts the request
}

void ConnectionTester::test(const ConnectionProfile& profile, const QString& provider)
{
    cancel(provider);
    auto* owner = new QObject(this);
    auto* nam = new QNetworkAccessManager(owner);
    ConnectionTestResult missing;
    missing.provider = provider;
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    ConnectionProbe probe;
    if (module)
        probe = module->probe(profile, nam, owner, m_timeoutMs);
    HttpReply* reply = probe.reply;
    const auto accepted = probe.accepted;
    const bool keyVerifiable = probe.keyVerifiable;
    if (!reply) {
        delete owner;
        missing.message = tr("The profile has no %1 section to test.").arg(provider);
        QTimer::singleShot(0, this, [this, missing] { emit finished(missing); });
        return;
    }
    m_running.insert(provider, Running{owner, reply});
    connect(reply, &HttpReply::finished, this, [this, provider, reply, accepted, keyVerifiable] {
        const HttpResult& r = reply->result();
        ConnectionTestResult result;
        result.provider = provider;
        QString detail;
        result.ok = accepted(r, &detail);
        result.keyVerified = result.ok && keyVerifiable;
        if (result.ok) {
            result.message = detail;
        } else {
            result.error = r.error;
            if (!result.error.isError()) { // an answer that proves nothing (e.g. Smile ID 2205 as 200)
                result.error.kind = ApiError::Kind::Auth;
                result.error.httpStatus = r.httpStatus;
            }
            result.message = result.error.message();
            if (!detail.isEmpty())
                result.message += QLatin1Char(' ') + detail;
        }
        finish(provider, result);
    });
}

void ConnectionTester::finish(const QString& provider, ConnectionTestResult result)
{
    Running running = m_running.take(provider);
    if (running.owner)
        running.owner->deleteLater(); // the reply is still delivering its finished()
    emit finished(result);
}
