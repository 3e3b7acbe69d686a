// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

/// `trustswiftly workflows` and `trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT`
class TrustSwiftlyCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    void run(const QStringList& words) override;

private:
    void listWorkflows();
    void reverify(const QString& userId);
};
