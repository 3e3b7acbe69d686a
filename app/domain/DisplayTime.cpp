// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/DisplayTime.h"

QString DisplayTime::format(const QDateTime& time, const QLocale& locale)
{
    return time.isValid() ? locale.toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString DisplayTime::formatLong(const QDateTime& time, const QLocale& locale)
{
    return time.isValid() ? locale.toString(time.toLocalTime(), QLocale::LongFormat) : QString();
}

QString DisplayTime::formatIso(const QString& iso, const QLocale& locale)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? format(t, locale) : iso;
}
