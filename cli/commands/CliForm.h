// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One way to call a command: its synopsis and what it does.
struct CliForm
{
    QString synopsis;    ///< after "identitydesk-cli ": "users search TEXT [--provider NAME] [--limit N]"
    QString description; ///< plain sentences for --help and the man page
};
