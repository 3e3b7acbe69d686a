// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConnectionProfile.h"

#include <QMap>
#include <QString>

/// Checks the fields of a connection profile as the user types them. Each check returns the
/// problem as a sentence, or an empty string when the value is fine.
class ProfileValidator final
{
public:
    /// A provider base URL: https://host[:port][/prefix], no query or fragment.
    static QString url(const QString& text);
    static QString required(const QString& text);
    /// Smile ID's partner id: required and used exactly as typed (leading zeros kept), so surrounding
    /// spaces are an error rather than silently trimmed.
    static QString partnerId(const QString& text);
    static QString environment(const QString& text);
    /// Optional certificate pin: empty, or base64 of a SHA-256 digest.
    static QString pin(const QString& text);

    /// Every problem of the profile, keyed by the field's dotted name ("<provider>.<field>").
    /// Secrets are checked only when requireSecrets is set (they are filled in from the keychain).
    static QMap<QString, QString> problems(const ConnectionProfile& profile, bool requireSecrets);
};
