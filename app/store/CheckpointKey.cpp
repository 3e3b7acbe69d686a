// SPDX-License-Identifier: GPL-3.0-or-later
#include "CheckpointKey.h"

#include <QCryptographicHash>
#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace {
constexpr int kKeySize = 32;
constexpr int kSignatureSize = 64;
const char kPrefix[] = "identitydesk-ed25519:";

struct PkeyDeleter
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdContextDeleter
{
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

const unsigned char* bytes(const QByteArray& data)
{
    return reinterpret_cast<const unsigned char*>(data.constData());
}

QString openSslError()
{
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    return QString::fromLatin1(text);
}

Pkey privateKey(const QByteArray& seed)
{
    return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), size_t(seed.size())));
}
} // namespace

std::optional<CheckpointKey> CheckpointKey::generate(QString* error)
{
    QByteArray seed(kKeySize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), kKeySize) != 1) {
        if (error)
            *error = tr("cannot make a signing key: %1").arg(openSslError());
        return std::nullopt;
    }
    return fromPrivateText(QString::fromLatin1(kPrefix) + QString::fromLatin1(seed.toBase64()), error);
}

std::optional<CheckpointKey> CheckpointKey::fromPrivateText(const QString& text, QString* error)
{
    const QString trimmed = text.trimmed();
    const QByteArray seed = QByteArray::fromBase64(trimmed.mid(int(sizeof kPrefix) - 1).toLatin1(),
                                                   QByteArray::AbortOnBase64DecodingErrors);
    if (!trimmed.startsWith(QLatin1String(kPrefix)) || seed.size() != kKeySize) {
        if (error)
            *error = tr("not an IdentityDesk signing key (expected %1 and 32 bytes in base64)")
                         .arg(QString::fromLatin1(kPrefix));
        return std::nullopt;
    }
    const Pkey key = privateKey(seed);
    QByteArray publicKey(kKeySize, '\0');
    size_t length = kKeySize;
    if (!key ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(publicKey.data()), &length) !=
            1 ||
        length != kKeySize) {
        if (error)
            *error = tr("cannot read the signing key: %1").arg(openSslError());
        return std::nullopt;
    }
    CheckpointKey k;
    k.m_seed = seed;
    k.m_publicKey = publicKey;
    return k;
}

QString CheckpointKey::privateText() const
{
    return QString::fromLatin1(kPrefix) + QString::fromLatin1(m_seed.toBase64());
}

QString CheckpointKey::keyId() const
{
    return keyIdOf(m_publicKey);
}

QString CheckpointKey::keyIdOf(const QByteArray& publicKey)
{
    return QString::fromLatin1(QCryptographicHash::hash(publicKey, QCryptographicHash::Sha256).toHex());
}

QByteArray CheckpointKey::sign(const QByteArray& message, QString* error) const
{
    const Pkey key = privateKey(m_seed);
    const MdContext context(EVP_MD_CTX_new());
    QByteArray signature(kSignatureSize, '\0');
    size_t length = kSignatureSize;
    // Ed25519 hashes the message itself: no digest is named, and the message goes in one call.
    if (!key || !context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       bytes(message), size_t(message.size())) != 1 ||
        length != kSignatureSize) {
        if (error)
            *error = tr("cannot sign the checkpoint: %1").arg(openSslError());
        return {};
    }
    return signature;
}

bool CheckpointKey::verify(const QByteArray& publicKey, const QByteArray& message,
                           const QByteArray& signature)
{
    if (publicKey.size() != kKeySize || signature.size() != kSignatureSize)
        return false;
    const Pkey key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), size_t(publicKey.size())));
    const MdContext context(EVP_MD_CTX_new());
    const bool ok = key && context &&
                    EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
                    EVP_DigestVerify(context.get(), bytes(signature), size_t(signature.size()),
                                     bytes(message), size_t(message.size())) == 1;
    ERR_clear_error();
    return ok;
}
