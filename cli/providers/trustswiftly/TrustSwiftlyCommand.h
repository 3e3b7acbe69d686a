// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

/// `trustswiftly workflows` and `trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT`
class TrustSwiftlyCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    void listWorkflows();
    void reverify(const QString& userId);
};
