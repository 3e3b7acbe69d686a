// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslCertificate>
#include <QString>

/// Certificate pinning: base64(SHA-256(DER of the certificate's SubjectPublicKeyInfo)), the
/// "pin-sha256" of RFC 7469. Survives a certificate renewal that keeps the key.
class PublicKeyPin final
{
public:
    /// The pin of the certificate's public key; empty when the certificate cannot be read.
    static QString of(const QSslCertificate& certificate);
    /// True when text has the shape of a pin: base64 of exactly 32 bytes.
    static bool isWellFormed(const QString& text);
};
