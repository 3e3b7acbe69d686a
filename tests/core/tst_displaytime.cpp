// SPDX-License-Identifier: GPL-3.0-or-later
// DisplayTime: a moment reads in the reader's language and time zone, never as ISO 8601.
#include "domain/DisplayTime.h"

#include <QtTest>

class TestDisplayTime : public QObject
{
    Q_OBJECT

private slots:
    void followsTheLocale();
    void invalidAndUnparsableTimes();
};

void TestDisplayTime::followsTheLocale()
{
    const QDateTime t(QDate(2026, 12, 7), QTime(13, 5, 9), Qt::UTC);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const QLocale french(QLocale::French, QLocale::France);

    const QString en = DisplayTime::format(t, english);
    const QString fr = DisplayTime::format(t, french);
    QCOMPARE(en, english.toString(t.toLocalTime(), QLocale::ShortFormat));
    QCOMPARE(fr, french.toString(t.toLocalTime(), QLocale::ShortFormat));
    QVERIFY2(en != fr, qPrintable(en));
    // Not the stored form: no "2026-12-07T13:05:09".
    QVERIFY(!en.contains(QLatin1Char('T')) && !en.contains(QStringLiteral("2026-12")));
    QVERIFY(!fr.contains(QStringLiteral("2026-12")));
    // Local time: the same moment written in another zone reads the same.
    QCOMPARE(DisplayTime::format(t.toOffsetFromUtc(5 * 3600), english), en);
    // The stored ISO text reads like the QDateTime.
    QCOMPARE(DisplayTime::formatIso(QStringLiteral("2026-12-07T13:05:09.000Z"), french), fr);
    // The long form (tooltips) names the day.
    QVERIFY2(
        DisplayTime::formatLong(t, english).contains(english.dayName(t.toLocalTime().date().dayOfWeek())),
        qPrintable(DisplayTime::formatLong(t, english)));
    // The default locale is QLocale().
    const QLocale saved;
    QLocale::setDefault(french);
    QCOMPARE(DisplayTime::format(t), fr);
    QLocale::setDefault(saved);
}

void TestDisplayTime::invalidAndUnparsableTimes()
{
    QVERIFY(DisplayTime::format(QDateTime()).isEmpty());
    QVERIFY(DisplayTime::formatLong(QDateTime()).isEmpty());
    // A provider's text that is not a time is shown as it came.
    QCOMPARE(DisplayTime::formatIso(QStringLiteral("yesterday")), QStringLiteral("yesterday"));
}

QTEST_GUILESS_MAIN(TestDisplayTime)
#include "tst_displaytime.moc"
