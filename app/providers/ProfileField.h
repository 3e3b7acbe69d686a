// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One field of a provider's section of a connection profile, named as in a profile file.
struct ProfileField
{
    QString name;
    bool secret = false; ///< kept in the keychain (GUI) or the private profile file (CLI), never in settings
    bool keepEmpty = false; ///< written to an exported file even when empty
};
