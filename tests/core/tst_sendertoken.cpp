// SPDX-License-Identifier: GPL-3.0-or-later
// SenderToken: how a console tells a live sender (of an action, of a bulk job) on this machine from
// one that has gone, including a pid that another process has taken over since.
#include "services/SenderToken.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <unistd.h>

class TestSenderToken : public QObject
{
    Q_OBJECT

private slots:
    void thisConsoleIsAlive();
    void aReusedPidIsNotTheSenderThatWroteIt();
    void aProcessThatEndedIsNotAlive();
    void aTokenOfAnOlderConsoleIsStillRead();
    void anotherMachineIsNotAsked();
};

void TestSenderToken::thisConsoleIsAlive()
{
    const QString token = SenderToken::current();
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY(SenderToken::onThisHost(token));
    QCOMPARE(SenderToken::processAlive(token), std::optional<bool>(true));
    QCOMPARE(SenderToken::display(token), QHostInfo::localHostName() + QLatin1Char(':') + pid);
    QCOMPARE(SenderToken::forProcess(QCoreApplication::applicationPid()), token);
#ifdef Q_OS_LINUX
    // host, pid, the start (the boot id's first 8 digits and the start time) and the machine.
    const QStringList fields = token.split(QLatin1Char(':'));
    QCOMPARE(fields.size(), 4);
    QVERIFY2(fields.at(2).contains(QRegularExpression(QStringLiteral("^[0-9a-f]{8}\\.[0-9]+$"))),
             qPrintable(token));
    QVERIFY2(fields.at(3).contains(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$"))), qPrintable(token));
#endif
}

void TestSenderToken::aReusedPidIsNotTheSenderThatWroteIt()
{
#ifndef Q_OS_LINUX
    QSKIP("The start of a process is read from /proc");
#else
    // The parent (ctest, or the shell) runs, but it is not the process that wrote these tokens: one
    // started later under the same pid, and one of an earlier boot.
    const QString parent = SenderToken::forProcess(::getppid());
    QCOMPARE(SenderToken::processAlive(parent), std::optional<bool>(true));
    const QStringList fields = parent.split(QLatin1Char(':'));
    const QString boot = fields.at(2).section(QLatin1Char('.'), 0, 0);
    const qint64 ticks = fields.at(2).section(QLatin1Char('.'), 1).toLongLong();
    const QString prefix = fields.at(0) + QLatin1Char(':') + fields.at(1) + QLatin1Char(':');
    const QString laterStart = prefix + boot + QLatin1Char('.') + QString::number(ticks + 1);
    const QString otherBoot =
        prefix +
        (boot == QLatin1String("00000000") ? QStringLiteral("11111111") : QStringLiteral("00000000")) +
        QLatin1Char('.') + QString::number(ticks);
    // Another machine with this host name (a copied image, a clash): not this machine's process.
    const QString otherMachine = prefix + fields.at(2) + QStringLiteral(":0123456789abcdef");
    QVERIFY(!SenderToken::onThisHost(otherMachine));
    QVERIFY(SenderToken::onThisHost(prefix + fields.at(2))); // an older console's token: by host name
    QCOMPARE(SenderToken::processAlive(laterStart), std::optional<bool>(false));
    QCOMPARE(SenderToken::processAlive(otherBoot), std::optional<bool>(false));
#endif
}

void TestSenderToken::aProcessThatEndedIsNotAlive()
{
    QProcess sleeper;
    sleeper.start(QStringLiteral("sleep"), {QStringLiteral("60")});
    QVERIFY(sleeper.waitForStarted());
    const QString token = SenderToken::forProcess(sleeper.processId());
    QVERIFY(SenderToken::onThisHost(token));
    QCOMPARE(SenderToken::processAlive(token), std::optional<bool>(true));
    sleeper.kill();
    QVERIFY(sleeper.waitForFinished());
    QCOMPARE(SenderToken::processAlive(token), std::optional<bool>(false));
}

void TestSenderToken::aTokenOfAnOlderConsoleIsStillRead()
{
    // "host:pid", without the start: the pid alone decides.
    const QString host = QHostInfo::localHostName();
    const QString parent = host + QStringLiteral(":%1").arg(qint64(::getppid()));
    QVERIFY(SenderToken::onThisHost(parent));
    QCOMPARE(SenderToken::processAlive(parent), std::optional<bool>(true));
    QCOMPARE(SenderToken::display(parent), parent);
    QProcess gone;
    gone.start(QStringLiteral("true"), {});
    QVERIFY(gone.waitForStarted());
    const qint64 gonePid = gone.processId();
    QVERIFY(gone.waitForFinished());
    QCOMPARE(SenderToken::processAlive(host + QStringLiteral(":%1").arg(gonePid)),
             std::optional<bool>(false));
    QCOMPARE(SenderToken::processAlive(host + QStringLiteral(":not-a-pid")), std::optional<bool>(false));
    QVERIFY(!SenderToken::onThisHost(QString()));
}

void TestSenderToken::anotherMachineIsNotAsked()
{
    QVERIFY(!SenderToken::onThisHost(QStringLiteral("console-7.example.invalid:4242:0a1b2c3d.99")));
    QVERIFY(!SenderToken::onThisHost(QStringLiteral("console-7.example.invalid:4242")));
    QCOMPARE(SenderToken::display(QStringLiteral("console-7.example.invalid:4242:0a1b2c3d.99")),
             QStringLiteral("console-7.example.invalid:4242"));
}

QTEST_GUILESS_MAIN(TestSenderToken)
#include "tst_sendertoken.moc"
