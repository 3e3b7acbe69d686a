// SPDX-License-Identifier: GPL-3.0-or-later
// PrintableText: the one escaping rule for stored text shown in a terminal or a table cell.

#include "domain/PrintableText.h"

#include <QTest>

class tst_PrintableText : public QObject
{
    Q_OBJECT

private slots:
    void escapes_data();
    void escapes();
    void everyControlCharacterIsEscaped();
};

void tst_PrintableText::escapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QStringLiteral("Chargeback ring, case 4711")
                           << QStringLiteral("Chargeback ring, case 4711");
    QTest::newRow("accents and scripts")
        << QStringLiteral("Nakato Silva — São Tomé, 山田") << QStringLiteral("Nakato Silva — São Tomé, 山田");
    QTest::newRow("line wipe") << QStringLiteral("ring\r\x1b[2KNOTHING TO SEE")
                               << QStringLiteral("ring\\r\\e[2KNOTHING TO SEE");
    QTest::newRow("forged line") << QStringLiteral("ok\n#42\tforged") << QStringLiteral("ok\\n#42\\tforged");
    QTest::newRow("NUL, BEL, DEL") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") + QChar(7) +
                                          QStringLiteral("c") + QChar(0x7f)
                                   << QStringLiteral("a\\x00b\\x07c\\x7f");
    QTest::newRow("C1 CSI") << QString::fromUtf16(u"x\u009b2Jy") << QStringLiteral("x\\x9b2Jy");
    QTest::newRow("bidi override") << QString::fromUtf16(u"invoice\u202Etxt.exe")
                                   << QStringLiteral("invoice\\u202Etxt.exe");
}

void tst_PrintableText::escapes()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QCOMPARE(PrintableText::escaped(text), shown);
    QCOMPARE(PrintableText::hasControl(text), text != shown);
}

void tst_PrintableText::everyControlCharacterIsEscaped()
{
    for (char16_t c = 0; c < 0x3000; ++c) {
        const QString shown = PrintableText::escaped(QString(QChar(c)));
        const bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
        if (control || PrintableText::hasControl(QString(QChar(c)))) {
            QVERIFY2(shown.startsWith(QLatin1Char('\\')), qPrintable(QString::number(c, 16)));
            for (const QChar s : shown)
                QVERIFY(s.unicode() >= 0x20 && s.unicode() < 0x7F);
        } else {
            QCOMPARE(shown, QString(QChar(c)));
        }
    }
}

QTEST_APPLESS_MAIN(tst_PrintableText)
#include "tst_printabletext.moc"
