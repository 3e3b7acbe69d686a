// SPDX-License-Identifier: GPL-3.0-or-later
#include "PasswordHasher.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace {
const QLatin1String kScheme("pbkdf2-sha256");

struct Parsed
{
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

std::optional<Parsed> parse(const QString& encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts.at(0) != kScheme)
        return std::nullopt;
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    if (!ok || iterations < 1 || iterations > PasswordHasher::kMaximumIterations ||
        parts.at(1) != QString::number(iterations))
        return std::nullopt;
    const auto salt =
        QByteArray::fromBase64Encoding(parts.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash =
        QByteArray::fromBase64Encoding(parts.at(3).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.isEmpty() || hash.decoded.isEmpty())
        return std::nullopt;
    return Parsed{iterations, salt.decoded, hash.decoded};
}

// NFC so that the same password typed on systems composing accents differently still matches.
QByteArray passwordBytes(const QString& password)
{
    return password.normalized(QString::NormalizationForm_C).toUtf8();
}

std::optional<QByteArray> derive(const QString& password, const QByteArray& salt, int iterations, int length)
{
    QByteArray secret = passwordBytes(password);
    QByteArray out(length, '\0');
    const int ok = PKCS5_PBKDF2_HMAC(
        secret.constData(), int(secret.size()), reinterpret_cast<const unsigned char*>(salt.constData()),
        int(salt.size()), iterations, EVP_sha256(), length, reinterpret_cast<unsigned char*>(out.data()));
    OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    if (ok != 1)
        return std::nullopt;
    return out;
}

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}
} // namespace

std::optional<QString> PasswordHasher::hash(const QString& password, int iterations, QString* error)
{
    if (iterations < kMinimumIterations || iterations > kMaximumIterations) {
        setError(error, QCoreApplication::translate(
                            "PasswordHasher", "A password hash needs between %1 and %2 iterations, not %3.")
                            .arg(kMinimumIterations)
                            .arg(kMaximumIterations)
                            .arg(iterations));
        return std::nullopt;
    }
    QByteArray salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1) {
        setError(error, QCoreApplication::translate("PasswordHasher",
                                                    "The system's random number generator is not available, "
                                                    "so no password can be stored. Try again."));
        return std::nullopt;
    }
    const std::optional<QByteArray> derived = derive(password, salt, iterations, kHashBytes);
    if (!derived) {
        setError(error, QCoreApplication::translate("PasswordHasher",
                                                    "OpenSSL could not compute the password hash (PBKDF2). "
                                                    "Check the OpenSSL installation."));
        return std::nullopt;
    }
    return kScheme + QLatin1Char('$') + QString::number(iterations) + QLatin1Char('$') +
           QString::fromLatin1(salt.toBase64()) + QLatin1Char('$') + QString::fromLatin1(derived->toBase64());
}

bool PasswordHasher::verify(const QString& password, const QString& encoded)
{
    const std::optional<Parsed> parsed = parse(encoded);
    if (!parsed || parsed->hash.size() > 1024)
        return false;
    const std::optional<QByteArray> derived =
        derive(password, parsed->salt, parsed->iterations, int(parsed->hash.size()));
    if (!derived)
        return false;
    // The lengths are equal by construction; only the contents are secret.
    return CRYPTO_memcmp(derived->constData(), parsed->hash.constData(), size_t(parsed->hash.size())) == 0;
}

std::optional<int> PasswordHasher::iterations(const QString& encoded)
{
    const std::optional<Parsed> parsed = parse(encoded);
    if (!parsed)
        return std::nullopt;
    return parsed->iterations;
}

bool PasswordHasher::isWellFormed(const QString& encoded)
{
    return parse(encoded).has_value();
}

bool PasswordHasher::needsRehash(const QString& encoded)
{
    const std::optional<Parsed> parsed = parse(encoded);
    return !parsed || parsed->iterations < kDefaultIterations || parsed->salt.size() < kSaltBytes ||
           parsed->hash.size() < kHashBytes;
}
