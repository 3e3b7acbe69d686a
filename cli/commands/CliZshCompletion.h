// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The zsh completion of identitydesk-cli (a #compdef file for zsh's fpath), written from
/// CliRegistry as CliBashCompletion is.
class CliZshCompletion final
{
public:
    CliZshCompletion() = delete;

    static QString render();
};
