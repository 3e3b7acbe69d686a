// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QWidget;

/// Reusable accessibility checks for widget tests: every widget a keyboard user can reach must tell
/// assistive technology its name. Walks the whole tree, so widgets added later are covered too.
class AccessibilityCheck final
{
public:
    /// Visible widgets under (and including) root that take keyboard focus but whose accessible
    /// name (QAccessibleInterface::text(Name): accessibleName, button text or label buddy) is
    /// empty, as "ClassName 'objectName'" — empty when all is well.
    static QStringList unnamedFocusableWidgets(QWidget* root);
    /// How many visible focusable widgets were checked (so a test can tell it looked at something).
    static int focusableWidgetCount(QWidget* root);
};
