// SPDX-License-Identifier: GPL-3.0-or-later
#include "ThemeManager.h"

#include "ThemeStyle.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <cmath>

namespace {
const char* const kSettingsKey = "ui/theme";
ThemeManager::Theme g_current = ThemeManager::Theme::System;
bool g_systemCaptured = false;
QPalette g_systemPalette;

void captureSystemPalette()
{
    if (g_systemCaptured)
        return;
    g_systemCaptured = true;
    g_systemPalette = QApplication::palette();
}

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

void setBoth(QPalette& p, QPalette::ColorRole role, const QColor& active, const QColor& disabled)
{
    p.setColor(QPalette::All, role, active);
    p.setColor(QPalette::Disabled, role, disabled);
}
} // namespace

QPalette ThemeManager::lightPalette()
{
    QPalette p;
    setBoth(p, QPalette::Window, QColor(0xf4, 0xf5, 0xf7), QColor(0xf4, 0xf5, 0xf7));
    setBoth(p, QPalette::WindowText, QColor(0x1b, 0x1f, 0x24), QColor(0x6b, 0x70, 0x78));
    setBoth(p, QPalette::Base, QColor(0xff, 0xff, 0xff), QColor(0xf4, 0xf5, 0xf7));
    setBoth(p, QPalette::AlternateBase, QColor(0xee, 0xf1, 0xf5), QColor(0xee, 0xf1, 0xf5));
    setBoth(p, QPalette::Text, QColor(0x1b, 0x1f, 0x24), QColor(0x6b, 0x70, 0x78));
    setBoth(p, QPalette::PlaceholderText, QColor(0x5f, 0x65, 0x6d), QColor(0x6b, 0x70, 0x78));
    setBoth(p, QPalette::Button, QColor(0xe8, 0xeb, 0xef), QColor(0xe8, 0xeb, 0xef));
    setBoth(p, QPalette::ButtonText, QColor(0x1b, 0x1f, 0x24), QColor(0x6b, 0x70, 0x78));
    setBoth(p, QPalette::Highlight, QColor(0x1f, 0x5f, 0xa8), QColor(0xc9, 0xd3, 0xdf));
    setBoth(p, QPalette::HighlightedText, QColor(0xff, 0xff, 0xff), QColor(0x1b, 0x1f, 0x24));
    setBoth(p, QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8), QColor(0xff, 0xff, 0xe8));
    setBoth(p, QPalette::ToolTipText, QColor(0x1b, 0x1f, 0x24), QColor(0x1b, 0x1f, 0x24));
    setBoth(p, QPalette::Link, QColor(0x0b, 0x57, 0xa8), QColor(0x6b, 0x70, 0x78));
    setBoth(p, QPalette::BrightText, QColor(0xb0, 0x00, 0x20), QColor(0xb0, 0x00, 0x20));
    p.setColor(QPalette::Light, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Midlight, QColor(0xdd, 0xe1, 0xe6));
    p.setColor(QPalette::Mid, QColor(0xb8, 0xbe, 0xc6));
    p.setColor(QPalette::Dark, QColor(0x8a, 0x91, 0x9a));
    p.setColor(QPalette::Shadow, QColor(0x50, 0x55, 0x5c));
    return p;
}

QPalette ThemeManager::darkPalette()
{
    QPalette p;
    setBoth(p, QPalette::Window, QColor(0x20, 0x23, 0x27), QColor(0x20, 0x23, 0x27));
    setBoth(p, QPalette::WindowText, QColor(0xe8, 0xea, 0xed), QColor(0x9a, 0xa0, 0xa6));
    setBoth(p, QPalette::Base, QColor(0x17, 0x19, 0x1c), QColor(0x20, 0x23, 0x27));
    setBoth(p, QPalette::AlternateBase, QColor(0x26, 0x2a, 0x2f), QColor(0x26, 0x2a, 0x2f));
    setBoth(p, QPalette::Text, QColor(0xe8, 0xea, 0xed), QColor(0x9a, 0xa0, 0xa6));
    setBoth(p, QPalette::PlaceholderText, QColor(0xa8, 0xae, 0xb4), QColor(0x9a, 0xa0, 0xa6));
    setBoth(p, QPalette::Button, QColor(0x2f, 0x33, 0x39), QColor(0x2a, 0x2d, 0x32));
    setBoth(p, QPalette::ButtonText, QColor(0xe8, 0xea, 0xed), QColor(0x9a, 0xa0, 0xa6));
    setBoth(p, QPalette::Highlight, QColor(0x5b, 0x9b, 0xe6), QColor(0x3a, 0x3f, 0x46));
    setBoth(p, QPalette::HighlightedText, QColor(0x0b, 0x0d, 0x10), QColor(0xe8, 0xea, 0xed));
    setBoth(p, QPalette::ToolTipBase, QColor(0x2f, 0x33, 0x39), QColor(0x2f, 0x33, 0x39));
    setBoth(p, QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed), QColor(0xe8, 0xea, 0xed));
    setBoth(p, QPalette::Link, QColor(0x8a, 0xb4, 0xf8), QColor(0x9a, 0xa0, 0xa6));
    setBoth(p, QPalette::BrightText, QColor(0xff, 0x8a, 0x80), QColor(0xff, 0x8a, 0x80));
    p.setColor(QPalette::Light, QColor(0x3c, 0x41, 0x48));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x4a, 0x50, 0x57));
    p.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x16));
    p.setColor(QPalette::Shadow, QColor(0x00, 0x00, 0x00));
    return p;
}

bool ThemeManager::systemPrefersDark()
{
    captureSystemPalette();
    const QColor window = g_systemPalette.color(QPalette::Window);
    const QColor text = g_systemPalette.color(QPalette::WindowText);
    return window.lightness() < text.lightness();
}

QPalette ThemeManager::apply(Theme theme)
{
    captureSystemPalette();
    g_current = theme;
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(new ThemeStyle(fusion)); // check boxes visible in both themes
    const bool dark = theme == Theme::Dark || (theme == Theme::System && systemPrefersDark());
    const QPalette palette = dark ? darkPalette() : lightPalette();
    QApplication::setPalette(palette);
    return palette;
}

ThemeManager::Theme ThemeManager::current()
{
    return g_current;
}

ThemeManager::Theme ThemeManager::saved()
{
    return fromKey(QSettings().value(QLatin1String(kSettingsKey)).toString());
}

void ThemeManager::save(Theme theme)
{
    QSettings().setValue(QLatin1String(kSettingsKey), key(theme));
}

QString ThemeManager::key(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

ThemeManager::Theme ThemeManager::fromKey(const QString& key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

double ThemeManager::relativeLuminance(const QColor& colour)
{
    const QColor c = colour.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double ThemeManager::contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}
