// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SandboxServer.h"
#include "domain/ConnectionProfile.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/smartid/SmartIdSettings.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include <QDeadlineTimer>
#include <QTest>

/// Helpers shared by the issue 7 tests (header-only: each test is one executable).
namespace SubjectsTestSupport {

/// Waits for a reply while the in-process sandbox's event loop keeps turning.
inline HttpResult resultOf(HttpReply* reply)
{
    HttpResult result;
    bool done = false;
    QObject::connect(reply, &HttpReply::finished, reply, [&result, &done, reply] {
        result = reply->result();
        done = true;
    });
    const QDeadlineTimer deadline(30000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    if (!done)
        qFatal("no answer within 30 s");
    return result;
}

/// The connection profile of a started in-process sandbox (as --write-profile would write it).
inline ConnectionProfile profileOf(const SandboxServer& sandbox)
{
    ConnectionProfile p;
    p.name = QStringLiteral("sandbox");
    p.caCertificates = {sandbox.caCertificate()};
    const SandboxOptions& o = sandbox.options();
    SmileIdSettings smile;
    smile.portalUrl = sandbox.providerUrl(QStringLiteral("smileid"));
    smile.apiUrl = sandbox.providerUrl(QStringLiteral("smileid"));
    smile.partnerId = o.smileIdPartnerId;
    smile.apiKey = o.smileIdApiKey;
    smile.email = o.smileIdEmail;
    smile.environment = o.smileIdEnvironment;
    p.setSection<SmileIdSettings>(smile);
    SdkFinanceSettings sdk;
    sdk.baseUrl = sandbox.providerUrl(QStringLiteral("sdkfinance"));
    sdk.login = o.sdkFinanceLogin;
    sdk.password = o.sdkFinancePassword;
    p.setSection<SdkFinanceSettings>(sdk);
    TrustSwiftlySettings trust;
    trust.baseUrl = sandbox.providerUrl(QStringLiteral("trustswiftly"));
    trust.apiKey = o.trustSwiftlyApiKey;
    p.setSection<TrustSwiftlySettings>(trust);
    SmartIdSettings smart;
    smart.baseUrl = sandbox.providerUrl(QStringLiteral("smartid"));
    smart.apiKey = o.smartIdApiKey;
    p.setSection<SmartIdSettings>(smart);
    return p;
}
} // namespace SubjectsTestSupport
