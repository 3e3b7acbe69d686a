// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionTester.h"

#include "net/HttpClient.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/smartid/SmartIdProbe.h"
#include "providers/smileid/SmileIdProbe.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QTimer>

namespace {
HttpClientConfig probeConfig(const QString& provider, const QUrl& base, const ConnectionProfile& profile,
                             const QString& pin, int timeoutMs)
{
    HttpClientConfig config;
    config.provider = provider;
    config.baseUrl = base;
    config.extraCaCertificates = profile.caCertificates;
    if (!pin.trimmed().isEmpty())
        config.pinnedPublicKeys << pin.trimmed();
    config.timeoutMs = timeoutMs;
    config.maxAttempts = 1; // the user wants the first answer, not retries
    return config;
}
} // namespace

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
    HttpReply* reply = nullptr;
    ConnectionTestResult missing;
    missing.provider = provider;
    std::function<bool(const HttpResult&, QString*)> accepted;

    if (provider == QLatin1String("trustswiftly") && profile.trustSwiftly) {
        auto* client = new TrustSwiftlyClient(*profile.trustSwiftly, profile.caCertificates, nam, owner);
        client->setRateLimit(0);
        reply = client->workflows(true);
        accepted = [](const HttpResult& r, QString* detail) {
            if (!r.ok())
                return false;
            *detail = tr("Trust Swiftly accepted the API key (the verification templates were read).");
            return true;
        };
    } else if (provider == QLatin1String("sdkfinance") && profile.sdkFinance) {
        auto* client = new SdkFinanceClient(*profile.sdkFinance, profile.caCertificates, nam, owner);
        reply = client->logIn();
        accepted = [](const HttpResult& r, QString* detail) {
            if (!r.ok())
                return false;
            *detail = tr("SDK.Finance accepted the login and password.");
            return true;
        };
    } else if (provider == QLatin1String("smileid") && profile.smileId) {
        auto* http = new HttpClient(probeConfig(QStringLiteral("Smile ID"), profile.smileId->apiUrl, profile,
                                                profile.smileId->pinSha256, m_timeoutMs),
                                    nam, owner);
        reply = SmileIdProbe::send(http, *profile.smileId, QDateTime::currentDateTimeUtc());
        accepted = &SmileIdProbe::keyAccepted;
    } else if (provider == QLatin1String("smartid") && profile.smartId) {
        auto* http = new HttpClient(probeConfig(QStringLiteral("SmartID"), profile.smartId->baseUrl, profile,
                                                profile.smartId->pinSha256, m_timeoutMs),
                                    nam, owner);
        reply = SmartIdProbe::send(http);
        accepted = &SmartIdProbe::reachable;
    }
    if (!reply) {
        delete owner;
        missing.message = tr("The profile has no %1 section to test.").arg(provider);
        QTimer::singleShot(0, this, [this, missing] { emit finished(missing); });
        return;
    }
    m_running.insert(provider, Running{owner, reply});
    connect(reply, &HttpReply::finished, this, [this, provider, reply, accepted] {
        const HttpResult& r = reply->result();
        ConnectionTestResult result;
        result.provider = provider;
        QString detail;
        result.ok = accepted(r, &detail);
        result.keyVerified = result.ok && provider != QLatin1String("smartid");
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
