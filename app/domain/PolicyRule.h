// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One rule of the approval policy as a provider module declares it: its key
/// ("<provider>.<action>"), whether it needs a supervisor's approval by default, and its description.
struct PolicyRule
{
    QString key;
    bool requiresApproval = true;
    /// Untranslated text in the "Policy" translation context (QT_TRANSLATE_NOOP("Policy", …)).
    const char* description = "";
    bool fixed = false; ///< not editable: docs/architecture.md section 2 settles it
};
