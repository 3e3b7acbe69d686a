// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Population.h"
#include "ProviderEmulator.h"
#include "SandboxOptions.h"
#include "sdkfinance/SdkFinanceAccount.h"
#include "sdkfinance/SdkFinanceResetRequest.h"

#include <QHash>
#include <QList>

/// SDK.Finance (docs/architecture.md section 3, seed 003) under /sdkfinance: login, Bearer tokens that
/// expire, the reset-identification requests of the population with 0-based paging, reset with mandatory
/// profile fields (validated against the one ProfileSchema) and approve / decline. Every route is a
/// POST; errors are {"status":"error","Message":…}. Checks run in this order: route and method
/// (404/405), token (401, except for /authorization), permission RESET_IDENTIFICATION_INITIATOR for
/// reset / approve / decline (403), user and request (404), body (400), decided request (409).
/// User ids are UUID-shaped and carry the population id: userId(123) ends in "00000000007b".
class SdkFinanceEmulator final : public ProviderEmulator
{
public:
    static constexpr int kMaxPageSize = 1000;
    static constexpr int kDefaultPageSize = 20;
    /// One user in this many has a reset-identification request (about 5 %).
    static constexpr quint64 kRequestOneIn = 20;

    SdkFinanceEmulator(Population& population, const SandboxOptions& options);

    QString name() const override { return QStringLiteral("sdkfinance"); }
    SandboxResponse handle(const SandboxRequest& request) override;
    /// {"base_url","login","password"} of the account that holds the permission.
    QJsonObject profileSection(const QUrl& baseUrl) const override;
    SandboxResponse injectedServerError() const override;

    /// The permitted account first, then the one without RESET_IDENTIFICATION_INITIATOR.
    const QList<SdkFinanceAccount>& accounts() const { return m_accounts; }
    /// Every request, in creation order, with its current status.
    const QList<SdkFinanceResetRequest>& requests() const { return m_requests; }

    /// The requests a population starts with: the same for the same size and seed.
    static QList<SdkFinanceResetRequest> seedRequests(const Population& population);
    static QString userId(quint32 populationId);
    /// 0 when the id names nobody of the population.
    static quint32 populationId(const Population& population, const QString& userId);
    static QString requestId(quint32 number);
    /// The seed-003 profile document of a population user (without "status":"ok").
    static QJsonObject profileDocument(const PopulationUser& user);
    /// Population attribute holding the fields of a user's last reset (a QStringList).
    static QString resetFieldsAttribute() { return QStringLiteral("sdkfinance.reset_fields"); }
    static QString permission() { return QStringLiteral("RESET_IDENTIFICATION_INITIATOR"); }

private:
    struct Token
    {
        int account = 0;
        qint64 expiresMs = 0; ///< on the server's monotonic clock
    };

    SandboxResponse route(const SandboxRequest& request);
    SandboxResponse logIn(const SandboxRequest& request);
    /// The account of the request's Bearer token; -1 with the 401 in *refusal.
    int authenticate(const SandboxRequest& request, SandboxResponse* refusal);
    SandboxResponse listRequests(const SandboxRequest& request) const;
    SandboxResponse searchProfiles(const SandboxRequest& request) const;
    SandboxResponse reset(const SandboxRequest& request, const QString& userId);
    SandboxResponse decide(const QString& userId, const QString& requestId, bool approve);
    QJsonObject requestJson(const SdkFinanceResetRequest& request) const;

    Population& m_population;
    QList<SdkFinanceAccount> m_accounts;
    int m_tokenLifetimeSeconds;
    QList<SdkFinanceResetRequest> m_requests;
    QHash<QString, int> m_requestIndex; ///< id -> index in m_requests
    QHash<QByteArray, Token> m_tokens;
};
