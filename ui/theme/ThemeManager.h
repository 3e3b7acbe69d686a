// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QPalette>
#include <QString>

/// The console's look: Fusion style with a light and a dark palette chosen for WCAG AA contrast.
/// "System" follows the desktop's palette (Qt 6.4 has no colorScheme(): dark is detected from the
/// lightness of the system palette's window colour). The choice is kept in QSettings.
class ThemeManager final
{
    Q_DECLARE_TR_FUNCTIONS(ThemeManager)

public:
    enum class Theme
    {
        System,
        Light,
        Dark
    };

    static QPalette lightPalette();
    static QPalette darkPalette();
    /// Whether the desktop's own palette (captured before the first apply()) is dark.
    static bool systemPrefersDark();
    /// Applies a theme to the running application (Fusion style) and returns the palette used.
    static QPalette apply(Theme theme);
    /// The theme in effect after the last apply().
    static Theme current();
    static Theme saved();
    static void save(Theme theme);
    static QString key(Theme theme);
    static Theme fromKey(const QString& key);

    /// WCAG 2.x relative luminance and contrast ratio (1..21).
    static double relativeLuminance(const QColor& colour);
    static double contrastRatio(const QColor& a, const QColor& b);
};
