// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Population.h"
#include "ProviderEmulator.h"

#include <optional>

/// SmartID Suite (docs/architecture.md section 3, seed 002) under /smartid: POST /api/kyc/unenroll {"User"}
/// and POST /api/kyc/enroll {"User","Template","PayLoad","OverWrite"}, authenticated by `X-Api-Key`.
///
/// Users are the population's e-mail addresses (seed 002 uses e-mails as User), matched exactly;
/// every user starts enrolled, and the state lives in the population's attribute overlay.
/// Checks run in this order: X-Api-Key (401), route (404/405), `User` missing, empty or not a string
/// (403: the key is `User` with a capital U), user's fault (below), unknown user (406), state.
/// Un-enroll: 200, or 406 when the user is already un-enrolled (SmartID no longer knows them).
/// Enroll: empty Template 407; already enrolled without "OverWrite":"true" (the string) 408; a user
/// outside the population 406 (the emulator cannot register new people).
/// Every answer carries its result code in the body as well: {"code": N, "message": "…"}.
///
/// Faults by population id, so that tests can pick them (faultFor(), userWithFault()); a user with
/// a fault never changes state:
///   id % 97 == 11  HTTP 500, body {"message"} without a code (the status is the code)
///   id % 97 == 13  HTTP 410 {"code":410} user channel not found
///   id % 97 == 17  HTTP 200 {"code":500} internal error (the body code wins over the status)
///   id % 97 == 19  status line `HTTP/1.1 701 Service Call Error`, {"code":701}
///   id % 97 == 23  HTTP 200 {"code":"410"} (the code as a string)
/// and one answer style that is not a fault (the user is un-enrolled, as seed 002 lists "200 | Un-enroll
/// successful" with no body format):
///   id % 97 == 29  HTTP 200, text/plain body `Un-enroll successful`
class SmartIdEmulator final : public ProviderEmulator
{
public:
    enum class Fault
    {
        None,
        InternalErrorStatusOnly,    ///< id % 97 == 11
        ChannelNotFound,            ///< id % 97 == 13
        InternalErrorInBody,        ///< id % 97 == 17
        ServiceCallErrorStatusLine, ///< id % 97 == 19
        ChannelNotFoundStringCode,  ///< id % 97 == 23
        PlainTextSuccess,           ///< id % 97 == 29: un-enrolls, answers 200 in plain text
    };
    static constexpr quint32 kFaultModulus = 97;
    static constexpr const char* kDefaultApiKey = "smartid_sandbox_key";

    SmartIdEmulator(Population& population, const QString& apiKey = QString::fromLatin1(kDefaultApiKey));

    QString name() const override { return QStringLiteral("smartid"); }
    SandboxResponse handle(const SandboxRequest& request) override;
    QJsonObject profileSection(const QUrl& baseUrl) const override;
    SandboxResponse injectedServerError() const override;

    /// The fault a population user answers with.
    static Fault faultFor(quint32 id);
    /// The `nth` (0-based) user id of 1..populationSize with this fault, or 0 when there is none.
    static quint32 userWithFault(quint32 populationSize, Fault fault, int nth = 0);
    /// Population attribute holding whether a user is enrolled (absent: enrolled).
    static QString enrolledAttribute() { return QStringLiteral("smartid.enrolled"); }
    /// The population id of a SmartID user (an e-mail of the population), if there is one.
    std::optional<quint32> idForUser(const QString& user) const;
    bool isEnrolled(quint32 id) const;

private:
    SandboxResponse unenroll(const SandboxRequest& request);
    SandboxResponse enroll(const SandboxRequest& request);
    static std::optional<SandboxResponse> faultAnswer(quint32 id);

    Population& m_population;
    QByteArray m_apiKey;
};
