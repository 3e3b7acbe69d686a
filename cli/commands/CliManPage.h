// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// identitydesk-cli(1) in roff (man(7) macros), written from CliRegistry: every command, option,
/// exit status, environment variable and file, as --help lists them.
class CliManPage final
{
public:
    CliManPage() = delete;

    /// The whole page; date is the release date ("2026-12-06") and version the product's.
    static QString render(const QString& date, const QString& version);
    /// text with roff's special characters escaped (backslash, leading dot or quote, hyphens).
    static QString escaped(const QString& text);
    /// A synopsis in roff: options bold, placeholders (upper case) italic, command words bold.
    static QString synopsis(const QString& text);
};
