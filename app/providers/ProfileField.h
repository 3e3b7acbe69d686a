// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// One field of a provider's section of a connection profile, named as in a profile file.
struct ProfileField
{
    ProfileField(const QString& fieldName, bool isSecret = false, bool writtenEmpty = false)
        : name(fieldName)
        , secret(isSecret)
        , keepEmpty(writtenEmpty)
    {}
    QString name;
    bool secret = false; ///< kept in the keychain (GUI) or the private profile file (CLI), never in settings
    bool keepEmpty = false; ///< written to an exported file even when empty
    bool verbatim = false;  ///< kept exactly as typed (not trimmed), e.g. an id whose spaces are an error
    QStringList choices;    ///< the values it may take ("test", "production"); empty: free text
    QString example;        ///< the editor's placeholder (translated), e.g. the provider's documented host
};
