// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One exit status of identitydesk-cli, as --help and the man page list it.
struct CliExitStatus
{
    int code = 0;
    QString brief;   ///< a few words for the usage line: "rejected by the provider"
    QString meaning; ///< the full sentence for --help and the man page
};
