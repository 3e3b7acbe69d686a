// SPDX-License-Identifier: GPL-3.0-or-later
// AuditCsvExporter: RFC 4180 quoting and formula neutralisation (docs/architecture.md section 2).

#include "store/AuditCsvExporter.h"

#include <QBuffer>
#include <QTest>

class AuditCsvExporterTest final : public QObject
{
    Q_OBJECT

private slots:
    void quote_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("cell");
        QTest::newRow("plain") << "plain"
                               << "\"plain\"";
        QTest::newRow("empty") << ""
                               << "\"\"";
        QTest::newRow("quotes doubled") << "a \"b\" c"
                                        << "\"a \"\"b\"\" c\"";
        QTest::newRow("comma") << "a,b"
                               << "\"a,b\"";
        QTest::newRow("formula") << "=SUM(A1)"
                                 << "\"'=SUM(A1)\"";
        QTest::newRow("plus") << "+1"
                              << "\"'+1\"";
        QTest::newRow("minus") << "-1"
                               << "\"'-1\"";
        QTest::newRow("at") << "@x"
                            << "\"'@x\"";
        QTest::newRow("tab") << "\tx"
                             << "\"'\tx\"";
        QTest::newRow("cr") << "\rx"
                            << "\"'\rx\"";
        QTest::newRow("lf") << "\nx"
                            << "\"'\nx\"";
        QTest::newRow("formula with quotes") << "=HYPERLINK(\"http://x\")"
                                             << "\"'=HYPERLINK(\"\"http://x\"\")\"";
        QTest::newRow("inner equals is fine") << "a=b"
                                              << "\"a=b\"";
        // Spreadsheets skip spaces before a formula and fold the full-width forms to ASCII.
        QTest::newRow("spaces then formula") << "   =1+1"
                                             << "\"'   =1+1\"";
        QTest::newRow("space then at") << " @SUM(A1)"
                                       << "\"' @SUM(A1)\"";
        QTest::newRow("full-width equals")
            << QString::fromUtf16(u"\uFF1DSUM(A1)") << QString::fromUtf16(u"\"'\uFF1DSUM(A1)\"");
        QTest::newRow("full-width plus, minus, at") << QString::fromUtf16(u" \uFF0B1 \uFF0D1 \uFF20x")
                                                    << QString::fromUtf16(u"\"' \uFF0B1 \uFF0D1 \uFF20x\"");
        QTest::newRow("full-width minus")
            << QString::fromUtf16(u"\uFF0D2") << QString::fromUtf16(u"\"'\uFF0D2\"");
        QTest::newRow("full-width at")
            << QString::fromUtf16(u"\uFF20x") << QString::fromUtf16(u"\"'\uFF20x\"");
        QTest::newRow("spaces only") << "   "
                                     << "\"   \"";
        QTest::newRow("space inside text") << "a =b"
                                           << "\"a =b\"";
    }

    void quote()
    {
        QFETCH(QString, value);
        QFETCH(QString, cell);
        QCOMPARE(AuditCsvExporter::quote(value), cell);
    }

    void everyColumn()
    {
        AuditEntry e;
        e.seq = 3;
        e.time = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        e.operatorName = QStringLiteral("sam");
        e.role = QStringLiteral("supervisor");
        e.event = QStringLiteral("approved");
        e.action = QStringLiteral("smileid.delete");
        e.provider = QStringLiteral("smileid");
        e.subjectIds = {QStringLiteral("C-1"), QStringLiteral("smileid:u1")};
        e.reason = QStringLiteral("ok");
        e.requestSummary = QJsonObject{{QStringLiteral("delete"), true}};
        e.outcome = QStringLiteral("pending");
        e.actionId = 12;
        e.prevHash = QByteArray(64, 'a');
        e.hash = QByteArray(64, 'b');
        const QStringList cells = AuditCsvExporter::cells(e);
        QCOMPARE(cells.size(), AuditCsvExporter::header().size());
        QCOMPARE(AuditCsvExporter::header().size(), 16);
        QCOMPARE(cells.at(0), QStringLiteral("3"));
        QCOMPARE(cells.at(1), QStringLiteral("2026-01-02T03:04:05.678Z"));
        QCOMPARE(cells.at(7), QStringLiteral("C-1; smileid:u1"));
        QCOMPARE(cells.at(9), QStringLiteral("{\"delete\":true}"));
        QCOMPARE(cells.at(13), QStringLiteral("12"));

        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(AuditCsvExporter::write({e}, &buffer, &error));
        QCOMPARE(buffer.data(), AuditCsvExporter::toCsv({e}));
        QVERIFY(buffer.data().startsWith("\"seq\",\"time\",\"operator\""));
        QVERIFY(buffer.data().endsWith("\"" + QByteArray(64, 'b') + "\"\r\n"));
        QCOMPARE(buffer.data().count("\r\n"), 2);
    }

    void writeFailures()
    {
        QString error;
        QBuffer closed;
        QVERIFY(!AuditCsvExporter::write({}, &closed, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!AuditCsvExporter::writeFile({}, QStringLiteral("/proc/no/such/folder/audit.csv"), &error));
        QVERIFY2(error.contains(QLatin1String("Check that the folder exists")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(AuditCsvExporterTest)
#include "tst_auditcsvexporter.moc"
