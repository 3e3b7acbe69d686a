// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliOption.h"

/// The options several commands share, declared once so that their help reads the same everywhere.
class CliCommonOptions final
{
public:
    CliCommonOptions() = delete;

    static CliOption reason();
    /// --despite ID: send although the earlier action ID repeats this one (CliCommand::refuseRepeat()).
    static CliOption despite();
    static CliOption limit(const QString& description);
    static CliOption dryRun(const QString& description);
    static CliOption provider(const QString& description);
    static CliOption history();
    static CliOption imageLinks();
};
