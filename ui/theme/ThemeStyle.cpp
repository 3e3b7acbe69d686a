// SPDX-License-Identifier: GPL-3.0-or-later
#include "ThemeStyle.h"

#include <QPainter>
#include <QStyleOption>

ThemeStyle::ThemeStyle(QStyle* base)
    : QProxyStyle(base)
{}

QColor ThemeStyle::checkFrameColour(const QPalette& palette)
{
    // Text over window, 60 % of the way: clearly a control, quieter than the text itself.
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    return QColor::fromRgbF(window.redF() + 0.6 * (text.redF() - window.redF()),
                            window.greenF() + 0.6 * (text.greenF() - window.greenF()),
                            window.blueF() + 0.6 * (text.blueF() - window.blueF()));
}

void ThemeStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                               const QWidget* widget) const
{
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    if (element != PE_IndicatorCheckBox || !option)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(checkFrameColour(option->palette), 1));
    painter->drawRect(option->rect.adjusted(0, 0, -1, -1));
    painter->restore();
}
