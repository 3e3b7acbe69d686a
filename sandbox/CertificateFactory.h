// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IssuedCertificate.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

/// An ephemeral certificate authority (ECDSA P-256, made with OpenSSL at run time) that issues
/// TLS server certificates. Nothing is written to disk; every OpenSSL object is freed.
class CertificateFactory final
{
public:
    /// Creates a fresh self-signed CA (CA:TRUE, keyCertSign), valid from now-1h to now+30d.
    static std::optional<CertificateFactory> create(const QString& commonName, QString* error = nullptr);

    /// The names a loopback server answers to: localhost, 127.0.0.1, ::1.
    static QStringList defaultServerNames();

    const IssuedCertificate& authority() const { return m_authority; }
    QSslCertificate caCertificate() const { return m_authority.certificate; }
    QByteArray caCertificatePem() const { return m_authority.certificatePem; }

    /// Issues a server certificate signed by this CA, valid from now-1h to now+30d. Each name
    /// that parses as an IP address becomes an IP subjectAltName, any other a DNS one.
    std::optional<IssuedCertificate> issueServerCertificate(const QStringList& names,
                                                            QString* error = nullptr) const;
    /// Same with an explicit validity window (tests use it for expired or not-yet-valid certificates).
    std::optional<IssuedCertificate> issueServerCertificate(const QStringList& names,
                                                            const QDateTime& notBefore,
                                                            const QDateTime& notAfter,
                                                            QString* error = nullptr) const;

    /// A server certificate signed by its own key (no CA): what a misconfigured server presents.
    /// Tests use it to prove that a self-signed certificate is refused. Valid from now-1h to now+30d.
    static std::optional<IssuedCertificate> issueSelfSignedServerCertificate(const QStringList& names,
                                                                             QString* error = nullptr);

private:
    explicit CertificateFactory(IssuedCertificate authority);

    IssuedCertificate m_authority;
};
