// SPDX-License-Identifier: GPL-3.0-or-later
#include "CertificateFactory.h"

#include <QHostAddress>
#include <QUrl>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace {

template <auto FreeFunction> struct OpenSslDeleter
{
    template <typename T> void operator()(T* object) const { FreeFunction(object); }
};

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OpenSslDeleter<GENERAL_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslDeleter<ASN1_OCTET_STRING_free>>;
using Ia5StringPtr = std::unique_ptr<ASN1_IA5STRING, OpenSslDeleter<ASN1_IA5STRING_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;

constexpr qint64 kBackdateSeconds = 3600;
constexpr qint64 kLifetimeSeconds = 30 * 24 * 3600;

/// Drains OpenSSL's error queue into one message.
QString sslError(const QString& what)
{
    QStringList details;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        details << QString::fromLatin1(buffer);
    }
    return details.isEmpty() ? what : what + QStringLiteral(" (") + details.join(QStringLiteral("; ")) + u')';
}

bool fail(QString* error, const QString& what)
{
    const QString message = sslError(what);
    if (error)
        *error = message;
    return false;
}

KeyPtr generateKey()
{
    return KeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

QByteArray readBio(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, static_cast<qsizetype>(size)) : QByteArray();
}

QByteArray certificateToPem(X509* certificate)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    return readBio(bio.get());
}

QByteArray keyToPem(EVP_PKEY* key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return readBio(bio.get());
}

BioPtr bioFrom(const QByteArray& data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

bool addExtension(X509* certificate, X509* issuer, int nid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    const ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool addSubjectAltNames(X509* certificate, const QStringList& names, QString* error)
{
    GeneralNamesPtr list(sk_GENERAL_NAME_new_null());
    if (!list)
        return fail(error, QStringLiteral("cannot allocate subjectAltName"));
    for (const QString& name : names) {
        GeneralNamePtr entry(GENERAL_NAME_new());
        if (!entry)
            return fail(error, QStringLiteral("cannot allocate subjectAltName"));
        if (QHostAddress address; address.setAddress(name)) {
            OctetStringPtr ip(a2i_IPADDRESS(address.toString().toLatin1().constData()));
            if (!ip)
                return fail(error, QStringLiteral("invalid IP address %1").arg(name));
            GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, ip.release());
        } else {
            const QByteArray ascii = QUrl::toAce(name);
            Ia5StringPtr dns(ASN1_IA5STRING_new());
            if (ascii.isEmpty() || !dns ||
                ASN1_STRING_set(dns.get(), ascii.constData(), static_cast<int>(ascii.size())) != 1)
                return fail(error, QStringLiteral("invalid DNS name '%1'").arg(name));
            GENERAL_NAME_set0_value(entry.get(), GEN_DNS, dns.release());
        }
        if (sk_GENERAL_NAME_push(list.get(), entry.get()) <= 0)
            return fail(error, QStringLiteral("cannot build subjectAltName"));
        entry.release(); // now owned by the list
    }
    if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, list.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return fail(error, QStringLiteral("cannot add subjectAltName"));
    return true;
}

bool setRandomSerial(X509* certificate)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7F) | 0x40); // positive, full length, non-zero
    const BignumPtr serial(BN_bin2bn(bytes, sizeof bytes, nullptr));
    return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool setName(X509_NAME* name, const QString& commonName)
{
    const QByteArray organisation("IdentityDesk Sandbox");
    const QByteArray cn = commonName.toUtf8();
    return X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(organisation.constData()), -1,
                                      -1, 0) == 1 &&
           X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(cn.constData()), -1, -1, 0) == 1;
}

struct CertificateSpec
{
    QString commonName;
    QStringList altNames;
    bool authority = false;
    QDateTime notBefore;
    QDateTime notAfter;
};

/// Builds and signs a certificate for `key`; a null issuer means self-signed by `key`.
std::optional<IssuedCertificate> buildCertificate(const CertificateSpec& spec, EVP_PKEY* key, X509* issuer,
                                                  EVP_PKEY* issuerKey, QString* error)
{
    X509Ptr certificate(X509_new());
    if (!certificate) {
        fail(error, QStringLiteral("cannot allocate a certificate"));
        return std::nullopt;
    }
    X509* const x = certificate.get();
    X509* const signer = issuer ? issuer : x;
    EVP_PKEY* const signingKey = issuer ? issuerKey : key;

    bool ok = X509_set_version(x, X509_VERSION_3) == 1 && setRandomSerial(x) &&
              ASN1_TIME_set(X509_getm_notBefore(x), static_cast<time_t>(spec.notBefore.toSecsSinceEpoch())) !=
                  nullptr &&
              ASN1_TIME_set(X509_getm_notAfter(x), static_cast<time_t>(spec.notAfter.toSecsSinceEpoch())) !=
                  nullptr &&
              X509_set_pubkey(x, key) == 1 && setName(X509_get_subject_name(x), spec.commonName) &&
              X509_set_issuer_name(x, X509_get_subject_name(signer)) == 1;
    if (ok && spec.authority) {
        ok = addExtension(x, signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
             addExtension(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             addExtension(x, signer, NID_subject_key_identifier, "hash") &&
             addExtension(x, signer, NID_authority_key_identifier, "keyid:always");
    } else if (ok) {
        ok = addExtension(x, signer, NID_basic_constraints, "critical,CA:FALSE") &&
             addExtension(x, signer, NID_key_usage, "critical,digitalSignature") &&
             addExtension(x, signer, NID_ext_key_usage, "serverAuth") &&
             addExtension(x, signer, NID_subject_key_identifier, "hash") &&
             addExtension(x, signer, NID_authority_key_identifier, "keyid:always");
    }
    if (!ok) {
        fail(error, QStringLiteral("cannot fill in the certificate"));
        return std::nullopt;
    }
    if (!spec.altNames.isEmpty() && !addSubjectAltNames(x, spec.altNames, error))
        return std::nullopt;
    if (X509_sign(x, signingKey, EVP_sha256()) <= 0) {
        fail(error, QStringLiteral("cannot sign the certificate"));
        return std::nullopt;
    }

    IssuedCertificate result;
    result.certificatePem = certificateToPem(x);
    result.privateKeyPem = keyToPem(key);
    result.certificate = QSslCertificate(result.certificatePem, QSsl::Pem);
    result.privateKey = QSslKey(result.privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (result.certificate.isNull() || result.privateKey.isNull()) {
        fail(error, QStringLiteral("cannot convert the certificate or key for Qt"));
        return std::nullopt;
    }
    return result;
}

} // namespace

CertificateFactory::CertificateFactory(IssuedCertificate authority)
    : m_authority(std::move(authority))
{}

std::optional<CertificateFactory> CertificateFactory::create(const QString& commonName, QString* error)
{
    ERR_clear_error();
    const KeyPtr key = generateKey();
    if (!key) {
        fail(error, QStringLiteral("cannot generate the CA key"));
        return std::nullopt;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const CertificateSpec spec{
        commonName, {}, true, now.addSecs(-kBackdateSeconds), now.addSecs(kLifetimeSeconds)};
    std::optional<IssuedCertificate> authority = buildCertificate(spec, key.get(), nullptr, nullptr, error);
    if (!authority)
        return std::nullopt;
    return CertificateFactory(std::move(*authority));
}

QStringList CertificateFactory::defaultServerNames()
{
    return {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
}

std::optional<IssuedCertificate> CertificateFactory::issueServerCertificate(const QStringList& names,
                                                                            QString* error) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return issueServerCertificate(names, now.addSecs(-kBackdateSeconds), now.addSecs(kLifetimeSeconds),
                                  error);
}

std::optional<IssuedCertificate> CertificateFactory::issueServerCertificate(const QStringList& names,
                                                                            const QDateTime& notBefore,
                                                                            const QDateTime& notAfter,
                                                                            QString* error) const
{
    if (names.isEmpty()) {
        if (error)
            *error = QStringLiteral("a server certificate needs at least one name");
        return std::nullopt;
    }
    ERR_clear_error();
    const BioPtr keyBio = bioFrom(m_authority.privateKeyPem);
    const BioPtr certificateBio = bioFrom(m_authority.certificatePem);
    const KeyPtr caKey(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr);
    const X509Ptr caCertificate(
        certificateBio ? PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!caKey || !caCertificate) {
        fail(error, QStringLiteral("cannot load the CA"));
        return std::nullopt;
    }
    const KeyPtr key = generateKey();
    if (!key) {
        fail(error, QStringLiteral("cannot generate the server key"));
        return std::nullopt;
    }
    const CertificateSpec spec{names.first(), names, false, notBefore, notAfter};
    return buildCertificate(spec, key.get(), caCertificate.get(), caKey.get(), error);
}

std::optional<IssuedCertificate>
CertificateFactory::issueSelfSignedServerCertificate(const QStringList& names, QString* error)
{
    if (names.isEmpty()) {
        if (error)
            *error = QStringLiteral("a server certificate needs at least one name");
        return std::nullopt;
    }
    ERR_clear_error();
    const KeyPtr key = generateKey();
    if (!key) {
        fail(error, QStringLiteral("cannot generate the server key"));
        return std::nullopt;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const CertificateSpec spec{names.first(), names, false, now.addSecs(-kBackdateSeconds),
                               now.addSecs(kLifetimeSeconds)};
    return buildCertificate(spec, key.get(), nullptr, nullptr, error);
}
