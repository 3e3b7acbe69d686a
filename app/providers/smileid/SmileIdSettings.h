// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

/// Smile ID's section of a connection profile (docs/architecture.md section 6).
struct SmileIdSettings
{
    /// The provider key: the profile's section, ConnectionProfile::section<SmileIdSettings>().
    static QString key() { return QStringLiteral("smileid"); }
    /// docs/architecture.md section 3: Smile ID's hosts for an environment ("test" or "production"), used
    /// when a profile names no portal_url (the enrollee endpoint) or api_url (job status).
    static QUrl defaultPortalUrl(const QString& environment)
    {
        return QUrl(environment == QLatin1String("production")
                        ? QStringLiteral("https://prod.smileidentity.com")
                        : QStringLiteral("https://portal.smileidentity.com"));
    }
    static QUrl defaultApiUrl(const QString& environment)
    {
        return QUrl(environment == QLatin1String("production")
                        ? QStringLiteral("https://api.smileidentity.com")
                        : QStringLiteral("https://testapi.smileidentity.com"));
    }
    QUrl portalUrl;
    QUrl apiUrl;
    QString partnerId; ///< verbatim: leading zeros are significant
    QString apiKey;
    QString email;
    QString environment; ///< "test" or "production"
    QString pinSha256;   ///< optional certificate pin (PublicKeyPin); empty = none
};
