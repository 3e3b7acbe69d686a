// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"

#include <QObject>
#include <functional>

class SecretStore;

/// The GUI's connection profiles: everything but the secrets in QSettings (the platform's standard
/// place), the secrets in a SecretStore. Reading the secrets is asynchronous.
class ProfileRepository final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileRepository)

public:
    /// secrets is not owned and must outlive the repository.
    explicit ProfileRepository(SecretStore* secrets, QObject* parent = nullptr);
    ~ProfileRepository() override;

    SecretStore* secretStore() const { return m_secrets; }
    void setSecretStore(SecretStore* secrets) { m_secrets = secrets; }

    /// The stored profiles without their secrets, by name.
    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> profile(const QString& id) const;
    /// Saves the settings at once and the secrets asynchronously; done(error) follows (empty = ok).
    /// A profile without id gets one (returned).
    QString save(ConnectionProfile profile, std::function<void(const QString& error)> done);
    /// Removes the profile and its secrets.
    void remove(const QString& id);
    /// The profile with its secrets read from the secret store, and its CA file read;
    /// done(profile, error) follows.
    void
    resolve(const QString& id,
            std::function<void(const std::optional<ConnectionProfile>& profile, const QString& error)> done);

    QString currentProfileId() const;
    void setCurrentProfileId(const QString& id);
    /// The first-run wizard has been answered.
    bool isFirstRunDone() const;
    void setFirstRunDone();

    /// Key of a secret in the secret store: "profile/<id>/<provider>/<field>".
    static QString secretKey(const QString& id, const QString& provider, const QString& field);
    /// Reads a profile's CA file into its certificates; false with *error when it cannot.
    static bool loadCaCertificates(ConnectionProfile* profile, QString* error);

signals:
    void profilesChanged();

private:
    SecretStore* m_secrets;
};
