// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

/// Profiles as JSON, in the profile-file shape of docs/architecture.md section 6 (plus the optional
/// "environment" and "pin_sha256"): export without secrets, import that refuses to take secrets
/// in, and the CLI's own profile file (mode 0600), the only place secrets may be written.
class ProfileExchange final
{
public:
    static QJsonObject toJson(const ConnectionProfile& profile, bool withSecrets);
    /// {"identitydesk_profiles": 1, "profiles": [...]} without any secret.
    static QByteArray exportProfiles(const QList<ConnectionProfile>& profiles);
    /// Reads an export (or a single profile file). Secrets found in it are stripped, each one
    /// named in *warnings; the profiles come back without them. nullopt and *error when a
    /// profile is malformed (its name and field are named).
    /// A relative ca_file is resolved against baseDir (the imported file's folder, as for the CLI).
    static std::optional<QList<ConnectionProfile>> importProfiles(const QByteArray& json,
                                                                  QStringList* warnings, QString* error,
                                                                  const QString& baseDir = QString());
    /// The secret fields a profile JSON object carries (each provider module's secret field).
    static QStringList secretFields(const QJsonObject& profile);
    /// Writes the identitydesk-cli profile file with its secrets, readable by its owner only.
    static bool writeCliProfile(const QString& path, const ConnectionProfile& profile, QString* error);
};
