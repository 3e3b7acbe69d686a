// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// A PostgreSQL SCRAM-SHA-256 password verifier ("SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey"),
/// made on the client, so that CREATE ROLE … PASSWORD never carries (nor logs) a plain password.
namespace ScramVerifier {
/// The verifier of password with a random salt; empty when OpenSSL fails.
QString make(const QString& password, int iterations = 4096);
/// True for a string of that form.
bool isVerifier(const QString& text);
} // namespace ScramVerifier
