// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

class ActionTicket;

/// `unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXT`
class UnresolvedCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    /// 0 when the read-back resolved it, 6 when it stays unresolved, 4 when the provider could not be asked.
    int reportRecheck(const ActionTicket& ticket);
};
