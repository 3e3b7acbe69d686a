// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

struct SubjectImportReport;

/// `subjects import FILE.csv [--dry-run] [--reason TEXT]` and
/// `subjects link SUBJECT PROVIDER:ID [--reason TEXT]` (docs/architecture.md section 6). Exit codes: 0 done
/// (also a dry run of an importable file), 2 a bad file / row / id (nothing imported), 4 the store
/// cannot be reached, 7 an auditor tried to change the index.
class SubjectsCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    int import(const QString& file);
    int link(const QString& subject, const QString& providerId);
    void print(const SubjectImportReport& report, bool dryRun, bool imported, const QString& error);
};
