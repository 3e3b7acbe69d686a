// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SandboxRequest.h"
#include "SandboxResponse.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QtGlobal>

/// One provider served under its own path prefix (`/<name>`) of the sandbox server.
class ProviderEmulator
{
public:
    virtual ~ProviderEmulator() = default;

    /// Path prefix and profile section name: "trustswiftly", "smileid", "sdkfinance", "smartid".
    virtual QString name() const = 0;
    /// Answers a request whose path is relative to the prefix.
    virtual SandboxResponse handle(const SandboxRequest& request) = 0;
    /// This provider's section of the connection profile (docs/architecture.md section 6).
    virtual QJsonObject profileSection(const QUrl& baseUrl) const = 0;
    /// The answer of the error-rate fault (500, nothing processed), in the provider's own format.
    virtual SandboxResponse injectedServerError() const
    {
        return SandboxResponse::message(500, QStringLiteral("Server Error"));
    }

protected:
    ProviderEmulator() = default;

private:
    Q_DISABLE_COPY_MOVE(ProviderEmulator)
};
