// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Population.h"
#include "ProviderEmulator.h"
#include "smileid/SmileIdAccount.h"
#include "smileid/SmileIdUserState.h"

#include <QDateTime>
#include <QStringList>
#include <optional>

/// Smile ID (docs/architecture.md section 3, seed 000) under /smileid: `POST /api/v2/partner/enrollee`, one
/// flag per request, signed with HMAC-SHA256. Checks run in this order: JSON object (2203), required fields
/// (2213), types (2204), exactly one valid flag (2213/2204), partner id, timestamp format, signature, clock
/// skew, environment (each 2205, HTTP 401), user (2210), deleted user (2208). `POST /v1/job_status` answers
/// the seeded enrollment jobs (SmileIdJobs), checked like the enrollee call (JSON, fields, types, partner id,
/// timestamp, signature, skew; no environment) and signed with the same formula (wrongly when
/// SmileIdAccount::signAnswersWrongly is set). Users are the population's, named by their reference ids
/// ("REF-000123"); their flags live in the population's attribute overlay, so drop-after-processing and tests
/// see the same state.
class SmileIdEmulator final : public ProviderEmulator
{
public:
    /// How far a request's timestamp may be from the server's clock, either way.
    static constexpr qint64 kMaxClockSkewMs = 5 * 60 * 1000;

    SmileIdEmulator(Population& population, SmileIdAccount account);

    QString name() const override { return QStringLiteral("smileid"); }
    SandboxResponse handle(const SandboxRequest& request) override;
    QJsonObject profileSection(const QUrl& baseUrl) const override;
    SandboxResponse injectedServerError() const override;

    const SmileIdAccount& account() const { return m_account; }

    /// The enrollee flags, in the order they are checked.
    static QStringList flags();
    /// base64(HMAC-SHA256(key = apiKey, message = timestamp + partnerId + "sid_request")), with OpenSSL.
    static QString signature(const QString& apiKey, const QString& partnerId, const QString& timestamp);
    /// Parses "yyyy-MM-ddTHH:mm:ss.zzzZ" (UTC, milliseconds) strictly; invalid on any other form.
    static QDateTime parseTimestamp(const QString& timestamp);
    /// The population id a Smile ID user_id ("REF-000123") names; 0 when it names nobody.
    static quint32 populationId(const Population& population, const QString& userId);
    /// A user's flags as the emulator sees them; nullopt for an unknown user_id.
    static std::optional<SmileIdUserState> stateOf(const Population& population, const QString& userId);

    /// Population attributes holding the flags (absent: the default of SmileIdUserState).
    static QString activeAttribute() { return QStringLiteral("smileid.active"); }
    static QString fraudulentAttribute() { return QStringLiteral("smileid.is_fraudulent"); }
    static QString allowNewEnrollAttribute() { return QStringLiteral("smileid.allow_new_enroll"); }
    static QString deletedAttribute() { return QStringLiteral("smileid.deleted"); }

private:
    SandboxResponse enrollee(const SandboxRequest& request);
    SandboxResponse jobStatus(const SandboxRequest& request);
    /// Empty when the request is authentic; otherwise why not.
    QString authenticationProblem(const QJsonObject& body, bool checkEnvironment = true) const;

    Population& m_population;
    SmileIdAccount m_account;
};
