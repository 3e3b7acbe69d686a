// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Population.h"
#include "ProviderEmulator.h"
#include "RateLimiter.h"
#include "trustswiftly/TrustSwiftlyTemplate.h"

#include <QList>

/// Trust Swiftly (docs/architecture.md section 3, seed 004) under /trustswiftly: users, verification
/// templates and reverify, with Bearer authentication, the mandatory User-Agent and Laravel-style bodies.
/// Checks run in this order: User-Agent (403), rate limit (429), bearer key (401), route (404/405).
/// A reverify to the workflow a user already has answers already_assigned, spelled as
/// alreadyAssignedAnswer() says for that user, so that clients can be tested with every spelling.
class TrustSwiftlyEmulator final : public ProviderEmulator
{
public:
    /// Requests per minute when no rate-limit fault is set: generous, but the headers stay truthful.
    static constexpr int kDefaultRateLimit = 1000000;

    /// How already_assigned is answered. The seed shows {"Error_type":"already_assigned",
    /// "error_message"} without a status (400 here); docs/architecture.md says the key may also be spelled
    /// error_type and the status may be anything, so some users answer differently:
    /// id % 97 == 41: {"error_type"} with HTTP 409; id % 97 == 43: {"ERROR_TYPE"} with HTTP 200.
    struct AlreadyAssignedAnswer
    {
        int status = 400;
        QString key;
    };
    static AlreadyAssignedAnswer alreadyAssignedAnswer(quint32 id);

    /// `rateLimitWindowMs`: the window the limit counts in (a minute; tests shorten it).
    TrustSwiftlyEmulator(Population& population, const QString& apiKey,
                         int rateLimitPerMinute = kDefaultRateLimit, qint64 rateLimitWindowMs = 60000);

    QString name() const override { return QStringLiteral("trustswiftly"); }
    SandboxResponse handle(const SandboxRequest& request) override;
    QJsonObject profileSection(const QUrl& baseUrl) const override;

    static const QList<TrustSwiftlyTemplate>& templates();
    /// The templates users start on; the population draws current_workflow_id from them.
    static QStringList onboardingWorkflowIds();
    /// "flow_" + unpadded base64 of the number: workflowId(30) == "flow_MzA".
    static QString workflowId(int number);
    /// Population attribute holding a user's re_verify_workflow_id.
    static QString reVerifyAttribute() { return QStringLiteral("trustswiftly.re_verify_workflow_id"); }

private:
    SandboxResponse route(const SandboxRequest& request);
    SandboxResponse listUsers(const SandboxRequest& request);
    SandboxResponse showUser(const QString& id) const;
    SandboxResponse listTemplates() const;
    SandboxResponse reverify(const SandboxRequest& request);
    QJsonObject userJson(const PopulationUser& user, bool detailed) const;

    Population& m_population;
    QByteArray m_apiKey;
    RateLimiter m_rateLimiter;
};
