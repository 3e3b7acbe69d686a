// SPDX-License-Identifier: GPL-3.0-or-later
// The identitydesk-sandbox executable: command line, the port line, the profile, clean stop.
#include "SandboxTestClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

const QString kProgram = QStringLiteral(SANDBOX_EXECUTABLE);

} // namespace

class TestSandboxExecutable final : public QObject
{
    Q_OBJECT

private slots:
    void startsWritesProfileAndStopsOnSigterm();
    void stopsOnSigint();
    void exitsWhenItsInputCloses();
    void demoSandboxEndsWithAKilledConsole_data();
    void demoSandboxEndsWithAKilledConsole();
    void logsRequestsOnStderrUnlessQuiet();
    void trustSwiftlyRateLimitFromProviderFaults();
    void badArguments_data();
    void badArguments();
    void version();

private:
    /// Starts the sandbox and reads the port from its one stdout line; 0 on failure.
    static quint16 startSandbox(QProcess& process, const QStringList& arguments);
    /// SIGTERM, then true if it exited 0 (elsewhere than POSIX: killed, and true).
    static bool stopCleanly(QProcess& process);
};

quint16 TestSandboxExecutable::startSandbox(QProcess& process, const QStringList& arguments)
{
    process.start(kProgram, arguments);
    if (!process.waitForStarted(5000))
        return 0;
    QElapsedTimer clock;
    clock.start();
    while (!process.canReadLine() && clock.elapsed() < 10000)
        process.waitForReadyRead(200);
    const QString line = QString::fromLocal8Bit(process.readLine()).trimmed();
    static const QRegularExpression pattern(
        QStringLiteral("^identitydesk-sandbox listening on https://127\\.0\\.0\\.1:([0-9]+)$"));
    const QRegularExpressionMatch match = pattern.match(line);
    if (!match.hasMatch()) {
        qWarning("unexpected first line: '%s'; stderr: %s", qPrintable(line),
                 process.readAllStandardError().constData());
        return 0;
    }
    return static_cast<quint16>(match.captured(1).toUInt());
}

bool TestSandboxExecutable::stopCleanly(QProcess& process)
{
#ifdef Q_OS_UNIX
    process.terminate(); // SIGTERM
    return process.waitForFinished(5000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
#else
    process.kill();
    return process.waitForFinished(5000);
#endif
}

void TestSandboxExecutable::startsWritesProfileAndStopsOnSigterm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profilePath = dir.filePath(QStringLiteral("p.json"));
    QProcess process;
    const quint16 port =
        startSandbox(process, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--users"),
                               QStringLiteral("300"), QStringLiteral("--write-profile"), profilePath,
                               QStringLiteral("--quiet")});
    QVERIFY(port > 0);

    // The profile holds an API key: owner-only.
    const QFileInfo info(profilePath);
    QVERIFY(info.exists());
#ifdef Q_OS_UNIX
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                            QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(info.permissions() & others, QFileDevice::Permissions());
    QVERIFY(info.permissions().testFlag(QFileDevice::ReadOwner));
    QVERIFY(info.permissions().testFlag(QFileDevice::WriteOwner));
#endif

    QFile file(profilePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject profile = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(profile.value(QStringLiteral("name")).toString(), QStringLiteral("sandbox"));
    const QString caFile = profile.value(QStringLiteral("ca_file")).toString();
    QVERIFY(QFileInfo(caFile).isRelative());
    const QJsonObject trustSwiftly = profile.value(QStringLiteral("trustswiftly")).toObject();
    const QUrl base(trustSwiftly.value(QStringLiteral("base_url")).toString());
    QCOMPARE(base.toString(), QStringLiteral("https://127.0.0.1:%1/trustswiftly").arg(port));
    const QString apiKey = trustSwiftly.value(QStringLiteral("api_key")).toString();
    QVERIFY(!apiKey.isEmpty());

    // Its CA, resolved against the profile's folder, is what makes the server trusted.
    const QList<QSslCertificate> cas = QSslCertificate::fromPath(info.absoluteDir().filePath(caFile));
    QCOMPARE(cas.size(), 1);
    SandboxTestClient client(cas);
    client.setBearer(apiKey.toUtf8());
    QUrl endpoint = base;
    endpoint.setPath(base.path() + QStringLiteral("/api/users/300"));
    const SandboxHttpResult result = client.get(endpoint);
    QVERIFY2(result.error == QNetworkReply::NoError, qPrintable(result.errorString));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toInt(), 300);

    QVERIFY(stopCleanly(process));
    QVERIFY(process.readAllStandardOutput().trimmed().isEmpty()); // exactly one line on stdout
}

void TestSandboxExecutable::stopsOnSigint()
{
#ifdef Q_OS_UNIX
    QProcess process;
    QVERIFY(startSandbox(process,
                         {QStringLiteral("--quiet"), QStringLiteral("--users"), QStringLiteral("10")}) > 0);
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
#else
    QSKIP("POSIX signals only");
#endif
}

void TestSandboxExecutable::exitsWhenItsInputCloses()
{
    QProcess process;
    QVERIFY(startSandbox(process, {QStringLiteral("--quiet"), QStringLiteral("--users"), QStringLiteral("10"),
                                   QStringLiteral("--exit-with-stdin")}) > 0);
    QTest::qWait(300);
    QCOMPARE(process.state(), QProcess::Running); // an open input keeps it serving
    process.closeWriteChannel();                  // what the system does when the console ends
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

namespace {
#ifdef Q_OS_LINUX
/// The pids of pid's children named like the sandbox (comm holds 15 characters).
QList<qint64> sandboxChildren(qint64 pid)
{
    QList<qint64> found;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 child = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(child));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() > 2 && fields.at(1).toLongLong() == pid && line.contains("(identitydesk-sa"))
            found << child;
    }
    return found;
}

/// Running, as opposed to gone or a zombie nobody reaps (a container's init may not).
bool running(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const QByteArray state = line.mid(line.lastIndexOf(')') + 2, 1);
    return state != "Z" && state != "X";
}
#endif
} // namespace

void TestSandboxExecutable::demoSandboxEndsWithAKilledConsole_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGKILL") << int(SIGKILL);
}

void TestSandboxExecutable::demoSandboxEndsWithAKilledConsole()
{
#ifdef Q_OS_LINUX
    // identitydesk --demo as a user starts it, then stopped the hard way: its sandbox must not be
    // left running, listening on a loopback port.
    QFETCH(int, signalNumber);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("IDENTITYDESK_SMOKE_QUIT_MS"), QStringLiteral("120000")); // says "shown:"
    console.setProcessEnvironment(env);
    console.start(QStringLiteral(GUI_EXECUTABLE),
                  {QStringLiteral("--demo"), QStringLiteral("--demo-users"), QStringLiteral("100")});
    QVERIFY(console.waitForStarted(10000));
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    while (!out.contains("shown: ") && console.state() == QProcess::Running && clock.elapsed() < 90000) {
        console.waitForReadyRead(200);
        out += console.readAllStandardOutput();
    }
    QVERIFY2(out.contains("shown: "), (out + console.readAllStandardError()).constData());
    // The window may show before the console has started its sandbox.
    QList<qint64> sandboxes;
    clock.restart();
    while ((sandboxes = sandboxChildren(console.processId())).isEmpty() && clock.elapsed() < 30000)
        QTest::qWait(100);
    QCOMPARE(sandboxes.size(), 1);
    QVERIFY(running(sandboxes.first()));

    QCOMPARE(::kill(static_cast<pid_t>(console.processId()), signalNumber), 0);
    QVERIFY(console.waitForFinished(30000));
    clock.restart();
    while (running(sandboxes.first()) && clock.elapsed() < 15000)
        QTest::qWait(100);
    QVERIFY2(!running(sandboxes.first()), "the demo sandbox outlived its console");
#else
    QSKIP("reads /proc");
#endif
}

void TestSandboxExecutable::logsRequestsOnStderrUnlessQuiet()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profilePath = dir.filePath(QStringLiteral("sandbox-profile.json"));
    QProcess process;
    const quint16 port =
        startSandbox(process, {QStringLiteral("--users"), QStringLiteral("10"), QStringLiteral("--seed"),
                               QStringLiteral("9"), QStringLiteral("--faults"),
                               QStringLiteral("latency=1,rate-limit=100/min"),
                               QStringLiteral("--write-profile"), profilePath});
    QVERIFY(port > 0);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("sandbox-profile-ca.pem"))));
    SandboxTestClient client(
        QSslCertificate::fromPath(dir.filePath(QStringLiteral("sandbox-profile-ca.pem"))));
    const SandboxHttpResult result =
        client.get(QUrl(QStringLiteral("https://127.0.0.1:%1/trustswiftly/api/users?per_page=5").arg(port)));
    QCOMPARE(result.status, 401); // no key sent
    QCOMPARE(result.header("x-ratelimit-limit"), QByteArray("100"));

    QVERIFY(stopCleanly(process));
    const QByteArray log = process.readAllStandardError();
    QVERIFY2(log.contains("GET /trustswiftly/api/users?per_page=5 -> 401"), log.constData());
}

void TestSandboxExecutable::trustSwiftlyRateLimitFromProviderFaults()
{
    // The limit given for Trust Swiftly alone is the one it announces and enforces; --faults' own
    // limit no longer applies to it (provider faults replace the shared ones).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profilePath = dir.filePath(QStringLiteral("p.json"));
    QProcess process;
    const quint16 port = startSandbox(
        process, {QStringLiteral("--quiet"), QStringLiteral("--users"), QStringLiteral("10"),
                  QStringLiteral("--faults"), QStringLiteral("rate-limit=500/min"),
                  QStringLiteral("--provider-faults"), QStringLiteral("trustswiftly:rate-limit=2/min"),
                  QStringLiteral("--write-profile"), profilePath});
    QVERIFY(port > 0);
    QFile file(profilePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject profile = QJsonDocument::fromJson(file.readAll()).object();
    SandboxTestClient client(
        QSslCertificate::fromPath(dir.filePath(profile.value(QStringLiteral("ca_file")).toString())));
    client.setBearer(profile.value(QStringLiteral("trustswiftly"))
                         .toObject()
                         .value(QStringLiteral("api_key"))
                         .toString()
                         .toUtf8());
    const QUrl user(QStringLiteral("https://127.0.0.1:%1/trustswiftly/api/users/3").arg(port));
    const SandboxHttpResult first = client.get(user);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("x-ratelimit-limit"), QByteArray("2"));
    QCOMPARE(client.get(user).status, 200);
    const SandboxHttpResult third = client.get(user);
    QCOMPARE(third.status, 429);
    QVERIFY(!third.header("retry-after").isEmpty());
    QCOMPARE(third.header("x-ratelimit-remaining"), QByteArray("0"));
    QVERIFY(stopCleanly(process));
}

void TestSandboxExecutable::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("users not a number") << QStringList{QStringLiteral("--users"), QStringLiteral("many")};
    QTest::newRow("too many users") << QStringList{QStringLiteral("--users"), QStringLiteral("1000001")};
    QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")};
    QTest::newRow("seed negative") << QStringList{QStringLiteral("--seed"), QStringLiteral("-1")};
    QTest::newRow("unknown fault") << QStringList{QStringLiteral("--faults"), QStringLiteral("explode=1")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("--users")};
    QTest::newRow("positional") << QStringList{QStringLiteral("extra")};
    QTest::newRow("faults of an unknown provider")
        << QStringList{QStringLiteral("--provider-faults"), QStringLiteral("smileyd:latency=5")};
    QTest::newRow("rate limit for a provider without one")
        << QStringList{QStringLiteral("--provider-faults"), QStringLiteral("smileid:rate-limit=60/min")};
}

void TestSandboxExecutable::badArguments()
{
    QFETCH(QStringList, arguments);
    QProcess process;
    process.start(kProgram, arguments);
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(!process.readAllStandardError().isEmpty());
}

void TestSandboxExecutable::version()
{
    QProcess process;
    process.start(kProgram, {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput().trimmed(),
             QByteArray("identitydesk-sandbox " IDENTITYDESK_SANDBOX_VERSION));
}

QTEST_GUILESS_MAIN(TestSandboxExecutable)
#include "tst_sandboxexecutable.moc"
