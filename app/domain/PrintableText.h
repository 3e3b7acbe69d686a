// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The one rule for showing stored text (a reason, a name, a provider's comment) where a control
/// character would act instead of being read: a terminal line, a table cell. Each control
/// character (C0, DEL, C1) and each bidirectional override becomes a visible escape (\n, \r, \t, \e,
/// \xHH, \u202E), so a stored "\r\e[2K" cannot wipe a supervisor's line and a "\n" cannot forge one.
class PrintableText final
{
public:
    PrintableText() = delete;

    /// text with every control character written as an escape; plain text comes back unchanged.
    static QString escaped(const QString& text);
    /// escaped(text) cut to about maxChars, with "… (N characters)" when it was longer: for echoing
    /// what a file or a user gave in a message (a binary or 10 MB header is not printed whole).
    static QString excerpt(const QString& text, int maxChars = 80);
    /// Whether text holds any character escaped() would rewrite.
    static bool hasControl(const QString& text);
    /// The first character escaped() would rewrite, or an empty string.
    static QString firstControl(const QString& text);
};
