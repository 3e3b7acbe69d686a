// SPDX-License-Identifier: GPL-3.0-or-later
#include "PrintableText.h"

namespace {
bool isBidiControl(char16_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool needsEscape(char16_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || isBidiControl(c);
}
} // namespace

bool PrintableText::hasControl(const QString& text)
{
    for (const QChar c : text)
        if (needsEscape(c.unicode()))
            return true;
    return false;
}

QString PrintableText::excerpt(const QString& text, int maxChars)
{
    if (text.size() <= maxChars)
        return escaped(text);
    // The count is the only number in the mark: it reads the same in every language.
    return escaped(text.left(maxChars)) + QStringLiteral("… (%1)").arg(text.size());
}

QString PrintableText::firstControl(const QString& text)
{
    for (const QChar c : text)
        if (needsEscape(c.unicode()))
            return QString(c);
    return QString();
}

QString PrintableText::escaped(const QString& text)
{
    if (!hasControl(text))
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        if (!needsEscape(c)) {
            out += qc;
            continue;
        }
        switch (c) {
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        case 0x1B:
            out += QLatin1String("\\e");
            break;
        default:
            out += c <= 0xFF ? QStringLiteral("\\x") +
                                   QString::number(uint(c), 16).rightJustified(2, QLatin1Char('0'))
                             : QStringLiteral("\\u") +
                                   QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'));
        }
    }
    return out;
}
