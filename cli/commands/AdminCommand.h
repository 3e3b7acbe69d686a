// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

/// `admin init [--check]`: makes a PostgreSQL store a team store whose rules the server enforces
/// (group roles, privileges, functions), or reports what is missing or wrongly granted. Run by the
/// schema's owner (the role in the store URL), never by an operator.
class AdminCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    static CliCommandSpec spec();

    void run(const QStringList& words) override;
};
