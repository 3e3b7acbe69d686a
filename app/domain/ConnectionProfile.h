// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <any>
#include <map>
#include <optional>

/// Where and how to reach each provider (docs/architecture.md section 6): a section per provider
/// module (ProviderRegistry), read and written by the module. Secrets are held in memory only.
struct ConnectionProfile
{
    QString id; ///< the GUI's stored profiles: its settings key; empty for a profile file
    QString name;
    /// "test" or "production" as declared in the profile editor (optional "environment" in a file);
    /// empty: derived from Smile ID's environment.
    QString declaredEnvironment;
    QString filePath;
    QString caFile; ///< absolute path, resolved against the profile's folder
    QList<QSslCertificate> caCertificates;
    /// The sections of providers that keep their settings as plain text fields rather than a typed
    /// struct of their own (a provider module may, docs/adding-a-provider.md): provider key → field
    /// name (as in a profile file) → value.
    QMap<QString, QMap<QString, QString>> sections;

    /// A provider's typed section: S is the settings struct its module declares in its own folder
    /// (app/providers/<key>/), with a static key(). Null when the profile has no such section.
    template <class S> const S* section() const
    {
        const auto it = m_typedSections.find(S::key());
        return it == m_typedSections.end() ? nullptr : std::any_cast<S>(&it->second);
    }
    template <class S> S* section()
    {
        const auto it = m_typedSections.find(S::key());
        return it == m_typedSections.end() ? nullptr : std::any_cast<S>(&it->second);
    }
    template <class S> bool has() const { return section<S>() != nullptr; }
    template <class S> void setSection(const S& settings) { m_typedSections[S::key()] = settings; }
    template <class S> void setSection(const std::optional<S>& settings)
    {
        if (settings)
            setSection<S>(*settings);
        else
            removeSection<S>();
    }
    template <class S> void removeSection() { m_typedSections.erase(S::key()); }

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

private:
    std::map<QString, std::any> m_typedSections; ///< provider key → its module's settings struct
};
