// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 33, every wait explained: identitydesk-cli stopped by a signal while an action is on its way,
// rate-limit waits told from the provider's X-RateLimit-Reset, a provider that does not answer, a store
// locked by another program. Real processes: the built CLI against the sandbox over TLS, a real store.
#include "SandboxServer.h"
#include "TestStore.h"
#include "net/HttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <csignal>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
constexpr int kLongMs = 60000; // generous: a loaded 2-core machine

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestInterruptions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resetHeaderIsReadAsTheWindowsEnd();
    void signalDuringSendLeavesTheActionUnresolved_data();
    void signalDuringSendLeavesTheActionUnresolved();
    void signalWhileWaitingForTheRateLimitSendsNothing();
    void hungReadShowsProgress();
    void lockedStoreSaysSo();

private:
    void startSandbox(const Faults& faults, qint64 rateLimitWindowMs = 60000);
    QStringList common(const QString& operatorName) const;
    Run cli(const QStringList& args, const QString& operatorName = QString());
    QProcess* startCli(const QStringList& args, const QString& operatorName);
    /// Waits until the process's stderr (collected in *err) contains `text`.
    bool waitForStderr(QProcess* p, QByteArray* err, const QByteArray& text);
    Run finish(QProcess* p, QByteArray err);
    QJsonArray unresolved();

    QTemporaryDir m_dir;
    TestStore m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
};

void TestInterruptions::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    QVERIFY2(m_store.create(&error), qPrintable(error));
    startSandbox(Faults{});
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), kPassword);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CLI_PATH),
            {QStringLiteral("--store"), m_store.url(), QStringLiteral("operators"), QStringLiteral("add"),
             QStringLiteral("boss"), QStringLiteral("--role"), QStringLiteral("supervisor")});
    QVERIFY(p.waitForFinished(kLongMs));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

void TestInterruptions::startSandbox(const Faults& faults, qint64 rateLimitWindowMs)
{
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = 40;
    options.faults = faults;
    options.rateLimitWindowMs = rateLimitWindowMs;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
}

QStringList TestInterruptions::common(const QString& operatorName) const
{
    return {QStringLiteral("--profile"),  m_profile,   QStringLiteral("--store"), m_store.url(),
            QStringLiteral("--operator"), operatorName};
}

QProcess* TestInterruptions::startCli(const QStringList& args, const QString& operatorName)
{
    auto* p = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    p->setProcessEnvironment(env);
    p->setStandardInputFile(QProcess::nullDevice());
    p->start(QStringLiteral(CLI_PATH), common(operatorName) + args);
    return p;
}

bool TestInterruptions::waitForStderr(QProcess* p, QByteArray* err, const QByteArray& text)
{
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    QDeadlineTimer deadline(kLongMs);
    while (!err->contains(text) && p->state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QTest::qWait(20);
        *err += p->readAllStandardError();
    }
    *err += p->readAllStandardError();
    return err->contains(text);
}

Run TestInterruptions::finish(QProcess* p, QByteArray err)
{
    QDeadlineTimer deadline(kLongMs);
    while (p->state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    Run r;
    r.code = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    r.out = p->readAllStandardOutput();
    r.err = err + p->readAllStandardError();
    p->deleteLater();
    return r;
}

Run TestInterruptions::cli(const QStringList& args, const QString& operatorName)
{
    return finish(startCli(args, operatorName), QByteArray());
}

QJsonArray TestInterruptions::unresolved()
{
    const Run r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
                      QStringLiteral("boss"));
    if (r.code != 0)
        qWarning("unresolved list: exit %d: %s", r.code, r.err.constData());
    return r.json().value(QStringLiteral("actions")).toArray();
}

void TestInterruptions::resetHeaderIsReadAsTheWindowsEnd()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1780000000, QTimeZone::utc());
    QCOMPARE(HttpClient::rateLimitResetSeconds("1780000053", now), 53); // a Unix time
    QCOMPARE(HttpClient::rateLimitResetSeconds("53", now), 53);         // seconds from now
    QCOMPARE(HttpClient::rateLimitResetSeconds("1779999990", now), 0);  // already past
    QCOMPARE(HttpClient::rateLimitResetSeconds("soon", now), -1);
    // A reset in milliseconds since the epoch, or more than a day away, is no window: unreadable.
    QCOMPARE(HttpClient::rateLimitResetSeconds("1780000053000", now), -1);
    QCOMPARE(HttpClient::rateLimitResetSeconds("90000", now), -1);
    QCOMPARE(HttpClient::httpDate("Thu, 28 May 2026 20:26:40 GMT"),
             QDateTime::fromSecsSinceEpoch(1780000000, QTimeZone::utc()));
}

void TestInterruptions::signalDuringSendLeavesTheActionUnresolved_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("SIGINT") << SIGINT << QByteArray("SIGINT");
    QTest::newRow("SIGTERM") << SIGTERM << QByteArray("SIGTERM");
    QTest::newRow("SIGHUP") << SIGHUP << QByteArray("SIGHUP");
}

void TestInterruptions::signalDuringSendLeavesTheActionUnresolved()
{
    QFETCH(int, signalNumber);
    QFETCH(QByteArray, name);
    Faults faults;
    faults.latencyMs = 12000; // answered well after the signal, and before the CLI's 15 s timeout
    startSandbox(faults);
    const int before = unresolved().size();
    // Another person for each signal: the same flag again for one person would be refused as a repeat
    // of the unresolved one the previous row left (exit 7, unless --despite).
    const QString user = m_sandbox->population().user(quint32(5 + signalNumber)).referenceId;
    QProcess* p =
        startCli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
                  QStringLiteral("false"), QStringLiteral("--reason"), QStringLiteral("Closed")},
                 QStringLiteral("boss"));
    QByteArray err;
    // The CLI's own word that the request is out and unanswered; the sandbox has it too.
    QVERIFY2(waitForStderr(p, &err, "still waiting for Smile ID"), err.constData());
    QVERIFY(m_sandbox->requestLog().size() >= 1);
    ::kill(pid_t(p->processId()), signalNumber);
    const Run r = finish(p, err);
    QVERIFY2(r.code == 6, r.err.constData());
    QVERIFY2(r.err.contains("interrupted (" + name + ")"), r.err.constData());
    const QRegularExpression said(
        QStringLiteral("Action #(\\d+) may have been processed — see `unresolved list`"));
    const QRegularExpressionMatch m = said.match(QString::fromUtf8(r.err));
    QVERIFY2(m.hasMatch(), r.err.constData());
    const qint64 id = m.captured(1).toLongLong();

    const QJsonArray now = unresolved();
    QCOMPARE(now.size(), before + 1);
    QCOMPARE(qint64(now.last().toObject().value(QStringLiteral("id")).toDouble()), id);
    // Audited as the pipeline records an unknown outcome, with the signal named.
    const Run audit = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"),
                           QStringLiteral("--limit"), QStringLiteral("20")},
                          QStringLiteral("boss"));
    QCOMPARE(audit.code, 0);
    bool found = false;
    for (const QJsonValue& v : audit.json().value(QStringLiteral("entries")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("action_id")).toString().toLongLong() == id &&
            e.value(QStringLiteral("event")).toString() == QLatin1String("outcome"))
            found =
                e.value(QStringLiteral("outcome")).toString() == QLatin1String("unknown") &&
                e.value(QStringLiteral("request_summary")).toObject().value(QStringLiteral("interrupted")) ==
                    QString::fromLatin1(name);
    }
    QVERIFY2(found, audit.out.constData());
}

void TestInterruptions::signalWhileWaitingForTheRateLimitSendsNothing()
{
    Faults faults;
    faults.rateLimitPerMinute = 1; // one request per window (20 s here)
    startSandbox(faults, 20000);
    // The window's one request: a read from another console.
    Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("workflows")}, QStringLiteral("boss"));
    QVERIFY2(r.code == 0, r.err.constData());
    const QDateTime windowOpens = m_sandbox->requestLog().constLast().receivedAt.addSecs(20);

    const quint32 tsUser = 4;
    QProcess* p =
        startCli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(tsUser),
                  QStringLiteral("--from"), m_sandbox->population().user(tsUser).currentWorkflowId,
                  QStringLiteral("--to"), QStringLiteral("flow_Mjk"), QStringLiteral("--reason"),
                  QStringLiteral("Payout check")},
                 QStringLiteral("boss"));
    QByteArray err;
    QVERIFY2(waitForStderr(p, &err, "Trust Swiftly rate limit: waiting"), err.constData());
    QVERIFY2(waitForStderr(p, &err, "…"), err.constData());
    // The 429's X-RateLimit-Reset is when the sandbox's window reopens: the CLI waits until then.
    const QRegularExpression wait(QStringLiteral("waiting (\\d+) s \\(until (\\d\\d:\\d\\d:\\d\\d)\\)"));
    const QRegularExpressionMatch m = wait.match(QString::fromUtf8(err));
    QVERIFY2(m.hasMatch(), err.constData());
    const QTime until = QTime::fromString(m.captured(2), QStringLiteral("HH:mm:ss"));
    const int off = qAbs(until.secsTo(windowOpens.toLocalTime().time()));
    QVERIFY2(off <= 2, qPrintable(QStringLiteral("told %1, the window opens at %2")
                                      .arg(m.captured(2), windowOpens.toLocalTime().time().toString())));
    QVERIFY2(m.captured(1).toInt() >= 15, err.constData()); // not "wait 2 s"
    const int requests = int(m_sandbox->requestLog().size());

    ::kill(pid_t(p->processId()), SIGINT);
    r = finish(p, err);
    QVERIFY2(r.code == 130, r.err.constData());
    QVERIFY2(r.err.contains("Not sent: "), r.err.constData());
    QVERIFY2(!r.err.contains("unresolved list"), r.err.constData());
    QCOMPARE(int(m_sandbox->requestLog().size()), requests); // nothing more reached the provider
    for (const QJsonValue& v : unresolved())
        QVERIFY(v.toObject().value(QStringLiteral("provider")).toString() != QLatin1String("trustswiftly"));
}

void TestInterruptions::hungReadShowsProgress()
{
    Faults faults;
    faults.hang = 1.0;
    startSandbox(faults);
    QProcess* p = startCli({QStringLiteral("users"), QStringLiteral("search"), QStringLiteral("a"),
                            QStringLiteral("--provider"), QStringLiteral("trustswiftly")},
                           QStringLiteral("boss"));
    QByteArray err;
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(waitForStderr(p, &err, "still waiting for Trust Swiftly… Ctrl-C to stop"), err.constData());
    QVERIFY(clock.elapsed() >= 1500);        // after about 2 s, not at once
    QCOMPARE(err.count("still waiting"), 1); // one line in a log, not one a second
    ::kill(pid_t(p->processId()), SIGTERM);
    finish(p, err);
}

void TestInterruptions::lockedStoreSaysSo()
{
    if (TestStore::backend() != QLatin1String("sqlite"))
        QSKIP("SQLite's write lock: PostgreSQL writers queue instead");
    startSandbox(Faults{});
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
        db.setDatabaseName(m_store.sqlitePath());
        QVERIFY(db.open());
        QSqlQuery lock(db);
        QVERIFY2(lock.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(lock.lastError().text()));
        const QString user = m_sandbox->population().user(7).referenceId;
        const Run r =
            cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
                 QStringLiteral("false"), QStringLiteral("--reason"), QStringLiteral("Closed")},
                QStringLiteral("boss"));
        QVERIFY2(r.code == 4, r.err.constData());
        QVERIFY2(
            r.err.contains("The store is locked by another program or console; try again when it is done."),
            r.err.constData());
        QVERIFY2(!r.err.contains("disk"), r.err.constData());
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
}

QTEST_MAIN(TestInterruptions)
#include "tst_interruptions.moc"
