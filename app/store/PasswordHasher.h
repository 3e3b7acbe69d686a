// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

/// Slow salted password hashes: PBKDF2-HMAC-SHA256 via OpenSSL (docs/architecture.md section 2), stored as
/// "pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>". The iteration count travels in the
/// string, so it can be raised later without invalidating existing hashes.
class PasswordHasher final
{
public:
    static constexpr int kDefaultIterations = 600000; ///< OWASP 2023 advice for PBKDF2-HMAC-SHA256
    static constexpr int kMinimumIterations = 210000; ///< hash() refuses fewer
    static constexpr int kMaximumIterations =
        10000000; ///< verify() refuses more (a forged string must not hang us)
    static constexpr int kSaltBytes = 16;
    static constexpr int kHashBytes = 32;

    PasswordHasher() = delete;

    /// A new hash with a fresh random salt; nullopt (and *error) if OpenSSL fails or iterations is too low.
    static std::optional<QString> hash(const QString& password, int iterations = kDefaultIterations,
                                       QString* error = nullptr);
    /// Constant-time comparison; false for a wrong password and for a malformed string.
    static bool verify(const QString& password, const QString& encoded);
    /// The iteration count of a well-formed string.
    static std::optional<int> iterations(const QString& encoded);
    /// True when `encoded` has the format above (not whether any password matches it).
    static bool isWellFormed(const QString& encoded);
    /// True when the string should be replaced at the next successful sign-in (fewer iterations than now).
    static bool needsRehash(const QString& encoded);
};
