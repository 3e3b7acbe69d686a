// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SecretStore.h"

/// Secrets in the operating system's keychain through QtKeychain: Secret Service on Linux,
/// Keychain on macOS, Credential Manager on Windows. Never falls back to a plain-text file.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    /// service: the name the entries are filed under in the keychain.
    explicit KeychainSecretStore(const QString& service = QStringLiteral("IdentityDesk"),
                                 QObject* parent = nullptr);
    ~KeychainSecretStore() override;

    void read(const QString& key, QObject* context, Callback done) override;
    void write(const QString& key, const QString& value, QObject* context, Callback done) override;
    void remove(const QString& key, QObject* context, Callback done) override;
    QString description() const override;
    bool isPersistent() const override { return true; }

    /// Asks the keychain for an entry that does not exist: Failed means there is no usable
    /// keychain (e.g. no Secret Service on the D-Bus), with the reason.
    void probe(QObject* context, Callback done);

private:
    QString m_service;
};
