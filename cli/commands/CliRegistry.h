// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommandSpec.h"
#include "CliExitStatus.h"

#include <QList>
#include <QPair>
#include <QString>

/// The one list of identitydesk-cli's commands and options. CliApplication parses and dispatches
/// from it; --help, the man page (CliManPage) and the completions (CliBashCompletion,
/// CliZshCompletion) are generated from it at build time.
class CliRegistry final
{
public:
    CliRegistry() = delete;

    /// Every command group, in the order --help lists them.
    static const QList<CliCommandSpec>& commands();
    /// The command whose first word is word, or nullptr.
    static const CliCommandSpec* find(const QString& word);
    /// The options every command takes (--profile, --store, --operator, --json, --help, --version).
    static const QList<CliOption>& globalOptions();
    /// Every option the parser knows: the global ones, then each command's, each name once.
    static QList<CliOption> allOptions();
    /// The commands that take the option named name, by their first word.
    static QStringList commandsTaking(const QString& name);
    /// Every exit status, in order.
    static const QList<CliExitStatus>& exitCodes();
    /// {variable, meaning} for every environment variable the CLI reads.
    static const QList<QPair<QString, QString>>& environment();
    /// {path, meaning} for every file the CLI reads or writes by default.
    static const QList<QPair<QString, QString>>& files();

    /// The two synopsis lines ("identitydesk-cli [--profile FILE] … COMMAND …").
    static QStringList synopsis();
    /// What a usage error prints: the synopsis, every command form and the global options.
    static QString shortUsage();
    /// --help: shortUsage() with every form's description, the command options, the environment,
    /// the files and the exit codes.
    static QString help();
};
