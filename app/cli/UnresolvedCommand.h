// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

/// `unresolved list | unresolved resolve ID --outcome succeeded|failed --reason TEXT`
class UnresolvedCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    void run(const QStringList& words) override;
};
