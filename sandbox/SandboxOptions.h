// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CertificateFactory.h"
#include "Faults.h"

#include <QMap>
#include <QString>
#include <QStringList>

/// How a SandboxServer is set up (the command line of identitydesk-sandbox maps onto it).
struct SandboxOptions
{
    quint16 port = 0;     ///< 0: any free port
    quint32 users = 1000; ///< population size, up to 1,000,000
    quint64 seed = 1;     ///< same seed, same population and same fault sequence
    QString trustSwiftlyApiKey = QStringLiteral("ts_sandbox_key");
    /// Smile ID's partner account; the id keeps its leading zero so clients must send it verbatim.
    QString smileIdPartnerId = QStringLiteral("0085");
    QString smileIdApiKey = QStringLiteral("c2FuZGJveC1zbWlsZWlkLWFwaS1rZXktMDA4NQ==");
    QString smileIdEmail = QStringLiteral("compliance@example.com");
    QString smileIdEnvironment = QStringLiteral("test");
    QString smartIdApiKey = QStringLiteral("smartid_sandbox_key");
    /// SDK.Finance's two system-operator logins: the first holds RESET_IDENTIFICATION_INITIATOR and
    /// goes into the connection profile; the restricted one lacks it.
    QString sdkFinanceLogin = QStringLiteral("officer@sdkfinance.sandbox");
    QString sdkFinancePassword = QStringLiteral("sandbox-officer-password");
    QString sdkFinanceRestrictedLogin = QStringLiteral("support@sdkfinance.sandbox");
    QString sdkFinanceRestrictedPassword = QStringLiteral("sandbox-support-password");
    /// How long an SDK.Finance token is accepted (tests use a second or two; 0 refuses every token).
    int sdkFinanceTokenLifetimeSeconds = 3600;
    Faults faults;
    /// Faults for one provider only (key: "smileid", "sdkfinance", "trustswiftly", "smartid"); they
    /// replace `faults` for that provider's requests (`--provider-faults sdkfinance:latency=2000`).
    QMap<QString, Faults> providerFaults;
    /// Smile ID signs its job_status answers with a wrong key (`--smileid-bad-signature`).
    bool smileIdBadSignature = false;
    /// The window Trust Swiftly's rate limit (faults.rateLimitPerMinute) counts in; tests shorten it.
    qint64 rateLimitWindowMs = 60000;
    /// subjectAltNames of the server certificate (tests use a wrong name to prove hostname checks).
    QStringList serverNames = CertificateFactory::defaultServerNames();
    int requestLogLimit = 10000; ///< oldest entries are dropped beyond this
};
