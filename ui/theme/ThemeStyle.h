// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProxyStyle>

/// Fusion, with check boxes that can be seen in both themes: Fusion frames an unticked box in a shade
/// of the window colour, which on the dark theme's window is nearly invisible. The frame is drawn
/// again in the text colour (at least 3:1 against the window, WCAG's contrast for controls).
class ThemeStyle final : public QProxyStyle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThemeStyle)

public:
    /// Takes ownership of base.
    explicit ThemeStyle(QStyle* base);

    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;
    /// The colour of a check box's frame on this palette.
    static QColor checkFrameColour(const QPalette& palette);
};
