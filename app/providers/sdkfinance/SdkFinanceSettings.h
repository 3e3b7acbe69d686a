// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

/// SDK.Finance's section of a connection profile (docs/architecture.md section 6).
struct SdkFinanceSettings
{
    /// The provider key: the profile's section, ConnectionProfile::section<SdkFinanceSettings>().
    static QString key() { return QStringLiteral("sdkfinance"); }
    /// docs/architecture.md section 3: SDK.Finance's public API, used when a profile names no base_url.
    static QUrl defaultBaseUrl() { return QUrl(QStringLiteral("https://sdkfinance.app/api/v1")); }
    QUrl baseUrl;
    QString login;
    QString password;
    QString pinSha256; ///< optional certificate pin (PublicKeyPin); empty = none
};
