// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The bash completion of identitydesk-cli (for bash-completion's completions folder), written from
/// CliRegistry: commands, their verbs and options, option values (provider names, roles, statuses),
/// profile files and CSV operands.
class CliBashCompletion final
{
public:
    CliBashCompletion() = delete;

    static QString render();
};
