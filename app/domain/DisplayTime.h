// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

/// The one rule for showing a moment to a person: in their time zone and their language's own
/// format (QLocale), never ISO 8601 — that stays for files, audit records and --json. Tables,
/// detail panes, banners and dialogs all go through here, so a date reads the same everywhere.
class DisplayTime final
{
public:
    DisplayTime() = delete;

    /// The short form for a table cell or a line of text ("12/7/26 1:05 PM" in English, "07/12/2026
    /// 13:05" in French); an empty string for an invalid time.
    static QString format(const QDateTime& time, const QLocale& locale = QLocale());
    /// The long form for a tooltip, with the weekday and seconds; an empty string for an invalid time.
    static QString formatLong(const QDateTime& time, const QLocale& locale = QLocale());
    /// An ISO 8601 text (as stored) in the short form; the text itself when it is not a valid time.
    static QString formatIso(const QString& iso, const QLocale& locale = QLocale());
};
