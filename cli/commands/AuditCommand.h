// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

/// `audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint [--out FILE]
/// [--witness DIR] [--key FILE] | audit export FILE.csv`
class AuditCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    int list();
    int verify(const QStringList& moreCheckpoints);
    int checkpoint();
    int exportCsv(const QString& path);
};
