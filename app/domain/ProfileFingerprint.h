// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

struct ConnectionProfile;

/// Which connection profile an action was requested on (docs/architecture.md section 2): the
/// profile's name, its environment and every configured provider's base URL(s). Stored with the
/// action's request and written into its intent; an action is approved, sent and re-checked only from
/// a console whose profile has the same fingerprint.
class ProfileFingerprint
{
public:
    ProfileFingerprint() = default;

    /// The fingerprint of a profile: each provider module's fields (ProviderModule::sectionValues())
    /// whose name ends in "_url", keyed "<provider>.<field>", empty ones left out.
    static ProfileFingerprint of(const ConnectionProfile& profile);
    /// Reads the form toJson() writes; nullopt when it is not one (e.g. empty: an action stored before
    /// actions were bound to their profile).
    static std::optional<ProfileFingerprint> fromJson(const QJsonObject& json);
    /// {"name", "environment", "urls": {"<provider>.<field>": url}}: keys sorted, so its compact text
    /// is stable.
    QJsonObject toJson() const;
    /// The compact JSON text of toJson() (what the store keeps).
    QString toText() const;
    /// std::nullopt for an empty text (an unbound action) or one that is not a fingerprint.
    static std::optional<ProfileFingerprint> fromText(const QString& text);

    /// For people: profile “Sandbox” (test): https://127.0.0.1:8443/<provider>, …
    QString text() const;

    const QString& name() const { return m_name; }
    const QString& environment() const { return m_environment; }
    const QMap<QString, QString>& urls() const { return m_urls; }
    bool isProduction() const { return m_environment == QLatin1String("production"); }

    bool operator==(const ProfileFingerprint& other) const
    {
        return m_name == other.m_name && m_environment == other.m_environment && m_urls == other.m_urls;
    }
    bool operator!=(const ProfileFingerprint& other) const { return !(*this == other); }

private:
    QString m_name;
    QString m_environment;
    QMap<QString, QString> m_urls; ///< "<provider>.<field>" → URL
};
