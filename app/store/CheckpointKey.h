// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <optional>

/// An Ed25519 key that signs audit checkpoints (docs/architecture.md section 2, "Checkpoints"),
/// through OpenSSL's EVP interface. The private key is 32 bytes of seed; its text form (what a key
/// file or a SecretStore holds) is "identitydesk-ed25519:" followed by the seed in base64. It is
/// never written to the store, a log, the audit log or settings: only publicKey() and keyId() are.
class CheckpointKey final
{
    Q_DECLARE_TR_FUNCTIONS(CheckpointKey)

public:
    /// A new random key; nullopt with *error when OpenSSL cannot make one.
    static std::optional<CheckpointKey> generate(QString* error);
    /// The key whose privateText() is text (surrounding white space ignored).
    static std::optional<CheckpointKey> fromPrivateText(const QString& text, QString* error);

    QString privateText() const;
    /// The raw 32-byte public key.
    QByteArray publicKey() const { return m_publicKey; }
    /// keyIdOf(publicKey()).
    QString keyId() const;
    /// The 64-byte Ed25519 signature of message; empty with *error on failure.
    QByteArray sign(const QByteArray& message, QString* error) const;

    /// The key's id: the SHA-256 of the raw public key, 64 lower-case hex digits.
    static QString keyIdOf(const QByteArray& publicKey);
    /// Whether signature is publicKey's Ed25519 signature of message.
    static bool verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);

private:
    CheckpointKey() = default;

    QByteArray m_seed;
    QByteArray m_publicKey;
};
