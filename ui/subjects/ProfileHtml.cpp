// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileHtml.h"

namespace ProfileHtml {

QString escaped(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("—") : text.toHtmlEscaped();
}

QString line(const QString& label, const QString& value)
{
    return QStringLiteral("<b>%1:</b> %2<br>").arg(label.toHtmlEscaped(), escaped(value));
}

QString jsonText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble());
    return value.toString();
}

QString badges(const QStringList& marks)
{
    // White on the console's alarm red: 7:1, in both themes.
    QStringList html;
    for (const QString& mark : marks)
        html << QStringLiteral("<span style=\"background-color:#b00020; color:#ffffff; font-weight:bold\">"
                               "&nbsp;%1&nbsp;</span>")
                    .arg(mark.toHtmlEscaped());
    return html.isEmpty() ? QString() : html.join(QStringLiteral(" ")) + QStringLiteral("<br>");
}

QString note(const QString& text)
{
    return QStringLiteral("<i>%1</i><br>").arg(text.toHtmlEscaped());
}

} // namespace ProfileHtml
