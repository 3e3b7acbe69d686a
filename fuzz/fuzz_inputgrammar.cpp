// SPDX-License-Identifier: GPL-3.0-or-later
// The input grammars of issue 33, on any text: reasons and notes (ActionAuthorisation::reasonProblem,
// textProblem), each provider's user id (the *Wire::isUserId checks) and the one display rule
// (PrintableText). An accepted reason or id never holds a control character, a SmartID id never a
// path or percent sign; escaped text never does either, is unchanged when there was nothing to
// escape, and an excerpt stays short whatever it is given.
#include "domain/ActionRequest.h"
#include "domain/PrintableText.h"
#include "providers/smartid/SmartIdWire.h"
#include "providers/smileid/SmileIdWire.h"
#include "providers/trustswiftly/TrustSwiftlyWire.h"
#include "services/ActionAuthorisation.h"

#include <cstdint>
#include <cstdlib>

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}

bool isRawControl(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || (u >= 0x7F && u <= 0x9F);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    const QString shown = PrintableText::escaped(text);
    for (const QChar c : shown)
        check(!isRawControl(c));
    check(!PrintableText::hasControl(shown));
    check((shown == text) == !PrintableText::hasControl(text));
    check(PrintableText::firstControl(text).isEmpty() == !PrintableText::hasControl(text));
    // At most 6 characters an escaped one, plus the "… (N)" mark.
    check(PrintableText::excerpt(text, 40).size() <= 40 * 6 + 16);

    if (ActionAuthorisation::reasonProblem(text).isEmpty()) {
        check(!text.trimmed().isEmpty());
        check(text.trimmed().size() <= ActionRequest::kMaxReasonLength);
        check(!PrintableText::hasControl(text));
    }
    check(ActionAuthorisation::textProblem(text).isEmpty() == !PrintableText::hasControl(text));

    for (bool (*isUserId)(const QString&) :
         {&SmileIdWire::isUserId, &TrustSwiftlyWire::isUserId, &SmartIdWire::isUserId}) {
        if (isUserId(text)) {
            check(!text.isEmpty() && text == text.trimmed());
            check(!PrintableText::hasControl(text));
        }
    }
    if (SmartIdWire::isUserId(text)) {
        check(text.size() <= SmartIdWire::kMaxUserIdLength);
        check(!text.contains(QLatin1Char('/')) && !text.contains(QLatin1Char('\\')) &&
              !text.contains(QLatin1Char('%')) && !text.contains(QLatin1String("..")));
        for (const QChar c : text)
            check(!c.isSpace());
    }
    if (TrustSwiftlyWire::isUserId(text))
        check(!TrustSwiftlyWire::userPath(text).isEmpty());
    return 0;
}
