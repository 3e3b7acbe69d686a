// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <optional>

/// Where and how to reach each provider (docs/architecture.md section 6): a section per provider
/// module (ProviderRegistry), read and written by the module. Secrets are held in memory only.
struct ConnectionProfile
{
    struct SmileId
    {
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
    struct SdkFinance
    {
        /// docs/architecture.md section 3: SDK.Finance's public API, used when a profile names no base_url.
        static QUrl defaultBaseUrl() { return QUrl(QStringLiteral("https://sdkfinance.app/api/v1")); }
        QUrl baseUrl;
        QString login;
        QString password;
        QString pinSha256; ///< optional certificate pin (PublicKeyPin); empty = none
    };
    struct TrustSwiftly
    {
        QUrl baseUrl;
        QString apiKey;
        QString pinSha256; ///< optional certificate pin (PublicKeyPin); empty = none
    };
    struct SmartId
    {
        QUrl baseUrl;
        QString apiKey;
        QString pinSha256; ///< optional certificate pin (PublicKeyPin); empty = none
    };

    QString id; ///< the GUI's stored profiles: its settings key; empty for a profile file
    QString name;
    /// "test" or "production" as declared in the profile editor (optional "environment" in a file);
    /// empty: derived from Smile ID's environment.
    QString declaredEnvironment;
    QString filePath;
    QString caFile; ///< absolute path, resolved against the profile's folder
    QList<QSslCertificate> caCertificates;
    std::optional<SmileId> smileId;
    std::optional<SdkFinance> sdkFinance;
    std::optional<TrustSwiftly> trustSwiftly;
    std::optional<SmartId> smartId;
    /// The sections of providers that keep their settings as plain text fields rather than a struct
    /// of their own above (a provider module may, docs/adding-a-provider.md): provider key → field
    /// name (as in a profile file) → value.
    QMap<QString, QMap<QString, QString>> sections;

    struct LoadOptions
    {
        bool requirePrivateFile = false;    ///< refuse a file readable or writable by group/others
        bool secretsFromEnvironment = true; ///< fill missing secrets from IDENTITYDESK_* variables
    };

    /// Loads and validates; on failure returns nullopt and an error naming the file and the field.
    static std::optional<ConnectionProfile> load(const QString& path, QString* error);
    static std::optional<ConnectionProfile> load(const QString& path, const LoadOptions& options,
                                                 QString* error);
    /// "production" when any provider points at production, else "test".
    QString environment() const;
    bool isProduction() const { return environment() == QLatin1String("production"); }
};
