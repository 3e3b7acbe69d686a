// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile files as a careless or malicious user hands them to identitydesk-cli (issue 33): a
// binary or 10 MB header, a 10 MB e-mail, a reason cell holding escape sequences. Each is refused
// with exit 2 before anything is stored or sent, and the message that names it is short and holds
// no raw control character.
#include "SandboxServer.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

/// Bytes a terminal would act on: C0 controls but the line feed, and DEL.
bool hasRawControl(const QByteArray& text)
{
    for (const char c : text)
        if ((uchar(c) < 0x20 && c != '\n') || uchar(c) == 0x7f)
            return true;
    return false;
}
} // namespace

class TestHostileFiles final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void binaryHeaderIsCutAndEscaped_data();
    void binaryHeaderIsCutAndEscaped();
    void hugeEmailIsRefusedAndNamed();
    void controlCharactersInABulkReasonAreRefused();
    void theIndexHoldsOnlyIdsTheProviderAccepts();

private:
    Run cli(const QStringList& args);
    QString write(const QString& name, const QByteArray& content);
    int storedSubjects();

    QTemporaryDir m_dir;
    QString m_storeUrl;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
};

void TestHostileFiles::initTestCase()
{
    QString error;
    m_storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("store.sqlite"));
    {
        std::unique_ptr<Store> store = StoreFactory::open(m_storeUrl, &error);
        QVERIFY2(store, qPrintable(error));
        Operator op;
        op.name = QStringLiteral("olivia");
        op.role = Role::Officer;
        op.createdAt = QDateTime::currentDateTimeUtc();
        const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        QVERIFY(hash);
        QVERIFY2(store->addOperator(op, *hash, &error), qPrintable(error));
    }
    SandboxOptions options;
    options.users = 50;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
}

QString TestHostileFiles::write(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write the test file");
    f.write(content);
    return path;
}

Run TestHostileFiles::cli(const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH),
            QStringList{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"), m_storeUrl,
                        QStringLiteral("--operator"), QStringLiteral("olivia")} +
                args);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    const QDeadlineTimer deadline(120000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

int TestHostileFiles::storedSubjects()
{
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(m_storeUrl, &error);
    if (!store)
        return -1;
    const auto found = store->findSubjects(QString(), 0, 1000, &error);
    return found ? int(found->size()) : -1;
}

void TestHostileFiles::binaryHeaderIsCutAndEscaped_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QByteArray>("content");
    QByteArray binary;
    for (int i = 0; i < 10 * 1024 * 1024; ++i)
        binary += char((i * 37 + 11) % 256 == '\n' ? 'x' : (i * 37 + 11) % 256);
    const QByteArray wide = QByteArray("\x1b[2Jprovider,") + QByteArray(10 * 1024 * 1024, 'a') + "\n";
    QTest::newRow("bulk, binary") << QStringList{QStringLiteral("bulk"), QStringLiteral("--dry-run")}
                                  << binary;
    QTest::newRow("bulk, 10 MB header")
        << QStringList{QStringLiteral("bulk"), QStringLiteral("--dry-run")} << wide;
    QTest::newRow("subjects, binary")
        << QStringList{QStringLiteral("subjects"), QStringLiteral("import")} << binary;
    QTest::newRow("subjects, 10 MB header")
        << QStringList{QStringLiteral("subjects"), QStringLiteral("import")} << wide;
}

void TestHostileFiles::binaryHeaderIsCutAndEscaped()
{
    QFETCH(QStringList, command);
    QFETCH(QByteArray, content);
    const QString path = write(QStringLiteral("hostile.csv"), content);
    const int before = storedSubjects();
    const int sent = m_sandbox->requestLog().size();
    const Run r =
        cli(QStringList{command.at(0)} + (command.size() > 1 && command.at(1) == QLatin1String("import")
                                              ? QStringList{command.at(1), path}
                                              : QStringList{path, command.at(1)}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.size() < 4096, qPrintable(QStringLiteral("%1 bytes on stderr").arg(r.err.size())));
    QVERIFY2(r.err.contains("header"), r.err.left(600).constData());
    QVERIFY2(!hasRawControl(r.err) && !hasRawControl(r.out), r.err.left(600).toPercentEncoding().constData());
    QCOMPARE(storedSubjects(), before);
    QCOMPARE(m_sandbox->requestLog().size(), sent);
}

void TestHostileFiles::hugeEmailIsRefusedAndNamed()
{
    const QByteArray header = "subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid\n";
    const QString path =
        write(QStringLiteral("email.csv"), header + "CASE-1,ok@example.org,,,,,\nCASE-2," +
                                               QByteArray(10 * 1024 * 1024, 'e') +
                                               "@example.org,,,,,\nCASE-3,a\x1b[2Kb@example.org,,,,,\n");
    const int before = storedSubjects();
    const Run r = cli({QStringLiteral("subjects"), QStringLiteral("import"), path});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.size() < 4096, qPrintable(QStringLiteral("%1 bytes on stderr").arg(r.err.size())));
    QVERIFY2(r.err.contains("line 3") && r.err.contains("254"), r.err.constData());
    QVERIFY2(r.err.contains("line 4"), r.err.constData()); // the address holding ESC [2K
    QVERIFY2(!hasRawControl(r.err), r.err.toPercentEncoding().constData());
    QCOMPARE(storedSubjects(), before); // nothing half-imported: not even CASE-1

    // An address of exactly 254 characters is one.
    const QByteArray longest = QByteArray(254 - QByteArray("@example.org").size(), 'l') + "@example.org";
    const Run ok = cli({QStringLiteral("subjects"), QStringLiteral("import"),
                        write(QStringLiteral("longest.csv"), header + "CASE-9," + longest + ",,,,,\n")});
    QVERIFY2(ok.code == 0, ok.err.constData());
    QCOMPARE(storedSubjects(), before + 1);
}

void TestHostileFiles::controlCharactersInABulkReasonAreRefused()
{
    const QString user = m_sandbox->population().user(2).referenceId;
    const QString path =
        write(QStringLiteral("rows.csv"), "provider,action,user_id,params,reason\n"
                                          "smileid,flag," +
                                              user.toUtf8() +
                                              ",active=false,\"Closed\r\x1b[2KNOTHING TO SEE\"\n"
                                              "smileid,flag," +
                                              user.toUtf8() + ",active=false,Closed for good\n");
    const int sent = m_sandbox->requestLog().size();
    Run r = cli({QStringLiteral("bulk"), path, QStringLiteral("--dry-run")});
    QCOMPARE(r.code, 2);
    const QByteArray all = r.out + r.err;
    QVERIFY2(all.contains("line 2") && all.contains("control character"), all.constData());
    QVERIFY2(!hasRawControl(all), all.toPercentEncoding().constData());
    // Submitted anyway: the row is recorded invalid and never sent.
    r = cli({QStringLiteral("bulk"), path, QStringLiteral("--reason"), QStringLiteral("Closures\r")});
    QCOMPARE(r.code, 2);
    QVERIFY2((r.out + r.err).contains("control character"), (r.out + r.err).constData());
    QCOMPARE(m_sandbox->requestLog().size(), sent);
}

void TestHostileFiles::theIndexHoldsOnlyIdsTheProviderAccepts()
{
    // The same grammar as each provider's actions: an id its actions would refuse never enters
    // the index, by import or by link.
    const QByteArray header = "subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid\n";
    const int before = storedSubjects();
    Run r = cli({QStringLiteral("subjects"), QStringLiteral("import"),
                 write(QStringLiteral("ids.csv"), header + "CASE-20,,,,,a%2Fb,\nCASE-21,,,,,,..\\x\n")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("line 2") && r.err.contains("line 3"), r.err.constData());
    QCOMPARE(storedSubjects(), before);
    r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-9"),
             QStringLiteral("smartid:../x")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("SmartID"), r.err.constData());
    r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-9"),
             QStringLiteral("smartid:nakato.silva@example.org")});
    QVERIFY2(r.code == 0, r.err.constData());
}

QTEST_MAIN(TestHostileFiles)
#include "tst_hostilefiles.moc"
