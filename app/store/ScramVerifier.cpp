// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScramVerifier.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

#include <openssl/evp.h>
#include <openssl/rand.h>

QString ScramVerifier::make(const QString& password, int iterations)
{
    // RFC 5802/7677 as PostgreSQL stores it. SASLprep is left out: it changes only non-ASCII
    // passwords, and PostgreSQL falls back to the raw bytes for a password SASLprep refuses.
    QByteArray salt(16, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), int(salt.size())) != 1)
        return QString();
    const QByteArray utf8 = password.toUtf8();
    QByteArray salted(32, '\0');
    if (PKCS5_PBKDF2_HMAC(utf8.constData(), int(utf8.size()),
                          reinterpret_cast<const unsigned char*>(salt.constData()), int(salt.size()),
                          iterations, EVP_sha256(), int(salted.size()),
                          reinterpret_cast<unsigned char*>(salted.data())) != 1)
        return QString();
    const QByteArray clientKey =
        QMessageAuthenticationCode::hash(QByteArrayLiteral("Client Key"), salted, QCryptographicHash::Sha256);
    const QByteArray serverKey =
        QMessageAuthenticationCode::hash(QByteArrayLiteral("Server Key"), salted, QCryptographicHash::Sha256);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

bool ScramVerifier::isVerifier(const QString& text)
{
    static const QRegularExpression form(
        QStringLiteral("^SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$"));
    return form.match(text).hasMatch();
}
