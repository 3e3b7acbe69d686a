// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

/// `bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency N]`: checks every row (the dry run) and,
/// unless --dry-run, submits the valid rows as one job for a supervisor's approval (exit 5).
/// Exit codes: 0 dry run with every row valid; 2 a dry run with invalid rows, or no valid row at all;
/// 5 submitted and waiting for approval (invalid rows are reported and recorded, never sent).
class BulkCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();

    void run(const QStringList& words) override;
};
