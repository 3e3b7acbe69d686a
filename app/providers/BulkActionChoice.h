// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One action a bulk job can apply to people picked in the search table.
struct BulkActionChoice
{
    QString action;
    /// Untranslated label in the "BulkJobDialog" context (QT_TRANSLATE_NOOP), with the options it takes.
    const char* label = "";
};
