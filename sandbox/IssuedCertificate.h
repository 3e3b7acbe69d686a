// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>

/// A certificate with its private key, both as Qt objects and as PEM.
struct IssuedCertificate
{
    QSslCertificate certificate;
    QSslKey privateKey;
    QByteArray certificatePem;
    QByteArray privateKeyPem;
};
