// SPDX-License-Identifier: GPL-3.0-or-later
#include "PublicKeyPin.h"

#include <QCryptographicHash>
#include <openssl/x509.h>

QString PublicKeyPin::of(const QSslCertificate& certificate)
{
    if (certificate.isNull())
        return QString();
    const QByteArray der = certificate.toDer();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    X509* x509 = d2i_X509(nullptr, &data, der.size());
    if (!x509)
        return QString();
    // The SubjectPublicKeyInfo exactly as encoded in the certificate (algorithm + key).
    unsigned char* spki = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &spki);
    QString pin;
    if (length > 0 && spki)
        pin = QString::fromLatin1(
            QCryptographicHash::hash(QByteArray(reinterpret_cast<const char*>(spki), length),
                                     QCryptographicHash::Sha256)
                .toBase64());
    OPENSSL_free(spki);
    X509_free(x509);
    return pin;
}

bool PublicKeyPin::isWellFormed(const QString& text)
{
    const QByteArray bytes = text.trimmed().toLatin1();
    if (bytes.size() != 44 || !bytes.endsWith('='))
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(bytes, QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == 32;
}
