// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli as an operator uses it: bootstrap, four-eyes, exit codes, crash recovery,
// against the sandbox over TLS and a real store.
#include "SandboxServer.h"
#include "TestStore.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <csignal>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestActionCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bootstrapAndOperators();
    void fourEyesThroughTheCli();
    void usageErrors();
    void exitCodesAndJsonForTheStoreAndTheConsole();
    void droppedConnectionExitsSixAndIsUnresolved();
    void killedMidActionShowsUpAsUnresolved();
    void auditVerifyAndInjectionSafeExport();
    void storedControlCharactersAreShownEscaped();

private:
    void startSandbox(const Faults& faults);
    Run cli(const QStringList& args, const QString& operatorName = QString(),
            const QString& newPassword = QString(), const QString& password = kPassword);
    QProcess* startCli(const QStringList& args, const QString& operatorName);
    int enrolleeRequests() const;

    QTemporaryDir m_dir;
    TestStore m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    quint16 m_port = 0; ///< the sandbox's, kept when it restarts
    QString m_profile;
};

void TestActionCli::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    QVERIFY2(m_store.create(&error), qPrintable(error));
    startSandbox(Faults{});
}

void TestActionCli::startSandbox(const Faults& faults)
{
    m_sandbox.reset();
    SandboxServer::Options options;
    options.users = 40;
    options.faults = faults;
    // Back on the port it had: the same profile (issue 32 binds an action to its profile's URLs).
    options.port = m_port;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_port = m_sandbox->port();
    m_profile = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
}

QProcess* TestActionCli::startCli(const QStringList& args, const QString& operatorName)
{
    auto* p = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    p->setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"), m_store.url()};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p->start(QStringLiteral(CLI_PATH), all + args);
    return p;
}

Run TestActionCli::cli(const QStringList& args, const QString& operatorName, const QString& newPassword,
                       const QString& password)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), password);
    if (!newPassword.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), newPassword);
    p.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"), m_store.url()};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

int TestActionCli::enrolleeRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
            ++n;
    return n;
}

void TestActionCli::bootstrapAndOperators()
{
    // On an empty store the first operator needs no sign-in, and must be a supervisor.
    Run r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("boss"),
                 QStringLiteral("--role"), QStringLiteral("officer")},
                QString(), kPassword);
    QVERIFY2(r.code != 0, r.err.constData());
    QVERIFY(r.err.contains("supervisor"));
    r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("boss"),
             QStringLiteral("--role"), QStringLiteral("supervisor")},
            QString(), kPassword);
    QVERIFY2(r.code == 0, r.err.constData());
    // After that only a signed-in supervisor adds operators.
    r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("olivia"),
             QStringLiteral("--role"), QStringLiteral("officer")},
            QString(), kPassword);
    QCOMPARE(r.code, 7);
    for (const auto& [name, role] :
         {std::pair{"olivia", "officer"}, std::pair{"sam", "supervisor"}, std::pair{"audrey", "auditor"}}) {
        r = cli({QStringLiteral("operators"), QStringLiteral("add"), QString::fromLatin1(name),
                 QStringLiteral("--role"), QString::fromLatin1(role)},
                QStringLiteral("boss"), kPassword);
        QVERIFY2(r.code == 0, r.err.constData());
    }
    r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("eve"),
             QStringLiteral("--role"), QStringLiteral("officer")},
            QStringLiteral("olivia"), kPassword);
    QCOMPARE(r.code, 7);
    r = cli({QStringLiteral("--json"), QStringLiteral("operators"), QStringLiteral("list")},
            QStringLiteral("audrey"));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.json().value(QStringLiteral("operators")).toArray().size(), 4);
    // A wrong password is refused.
    r = cli({QStringLiteral("audit"), QStringLiteral("verify")}, QStringLiteral("olivia"), QString(),
            QStringLiteral("wrong-password"));
    QCOMPARE(r.code, 7);
}

void TestActionCli::fourEyesThroughTheCli()
{
    const QString user = m_sandbox->population().user(3).referenceId;
    Run r = cli({QStringLiteral("--json"), QStringLiteral("smileid"), QStringLiteral("flag"), user,
                 QStringLiteral("--fraudulent"), QStringLiteral("true"), QStringLiteral("--reason"),
                 QStringLiteral("Chargeback pattern")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 5);
    const qint64 id = qint64(r.json().value(QStringLiteral("id")).toDouble());
    QVERIFY(id > 0);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("pending-approval"));
    QCOMPARE(enrolleeRequests(), 0);

    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
            QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.json().value(QStringLiteral("actions")).toArray().size(), 1);

    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 7);
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)},
            QStringLiteral("audrey"));
    QCOMPARE(r.code, 7);
    QCOMPARE(enrolleeRequests(), 0);
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(enrolleeRequests(), 1);
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)},
            QStringLiteral("boss"));
    QCOMPARE(r.code, 7);
    QCOMPARE(enrolleeRequests(), 1);

    // No approval needed: sent at once, exit 0.
    r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
             QStringLiteral("false"), QStringLiteral("--reason"), QStringLiteral("Account closed")},
            QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(enrolleeRequests(), 2);
    // Auditors cannot request.
    r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
             QStringLiteral("true"), QStringLiteral("--reason"), QStringLiteral("x")},
            QStringLiteral("audrey"));
    QCOMPARE(r.code, 7);
    QCOMPARE(enrolleeRequests(), 2);
}

void TestActionCli::usageErrors()
{
    const QString user = m_sandbox->population().user(4).referenceId;
    Run r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
                 QStringLiteral("false")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--reason"));
    r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
             QStringLiteral("false"), QStringLiteral("--delete"), QStringLiteral("--reason"),
             QStringLiteral("x")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
             QStringLiteral("maybe"), QStringLiteral("--reason"), QStringLiteral("x")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QCOMPARE(enrolleeRequests(), 2);
}

void TestActionCli::exitCodesAndJsonForTheStoreAndTheConsole()
{
    // A store URL that cannot be parsed is a usage error; one that cannot be reached is 4.
    Run r = cli({QStringLiteral("--store"), QStringLiteral("bogus://x"), QStringLiteral("audit"),
                 QStringLiteral("list")},
                QStringLiteral("sam"));
    QCOMPARE(r.code, 2);
    r = cli({QStringLiteral("--store"), QStringLiteral("postgresql://nobody@127.0.0.1:1/none"),
             QStringLiteral("audit"), QStringLiteral("list")},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 4, r.err.constData());

    // Sign-in does not tell who has an account.
    const Run unknown = cli({QStringLiteral("audit"), QStringLiteral("list")}, QStringLiteral("nobody"));
    QCOMPARE(unknown.code, 7);
    const Run wrong = cli({QStringLiteral("audit"), QStringLiteral("list")}, QStringLiteral("olivia"),
                          QString(), QStringLiteral("wrong-password"));
    QCOMPARE(wrong.code, 7);
    QCOMPARE(unknown.err.trimmed(), wrong.err.trimmed());

    // No such action: nothing was sent, and no provider refused anything.
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QStringLiteral("987654")},
            QStringLiteral("sam"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("987654"), r.err.constData());

    // --json prints one JSON document for every command that succeeds, and errors still reach stderr.
    const QString user = m_sandbox->population().user(6).referenceId;
    r = cli({QStringLiteral("--json"), QStringLiteral("smileid"), QStringLiteral("flag"), user,
             QStringLiteral("--fraudulent"), QStringLiteral("true"), QStringLiteral("--reason"),
             QStringLiteral("Ring")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 5);
    const qint64 id = qint64(r.json().value(QStringLiteral("id")).toDouble());
    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("reject"),
             QString::number(id), QStringLiteral("--reason"), QStringLiteral("Not this one")},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(qint64(r.json().value(QStringLiteral("id")).toDouble()), id);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
    const QString csv = m_dir.filePath(QStringLiteral("json-export.csv"));
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("export"), csv},
            QStringLiteral("audrey"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("file")).toString(), csv);
    QVERIFY(r.json().value(QStringLiteral("entries")).toInt() > 0);
    r = cli({QStringLiteral("--json"), QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.json().value(QStringLiteral("version")).toString().contains(QLatin1Char('.')),
             r.out.constData());
    r = cli({QStringLiteral("--json"), QStringLiteral("smileid"), QStringLiteral("flag"),
             QStringLiteral("NO-SUCH-USER"), QStringLiteral("--active"), QStringLiteral("true"),
             QStringLiteral("--reason"), QStringLiteral("x")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 3);
    QCOMPARE(r.json().value(QStringLiteral("exit_code")).toInt(), 3);
    QVERIFY2(!r.err.trimmed().isEmpty(), r.out.constData());
}

void TestActionCli::droppedConnectionExitsSixAndIsUnresolved()
{
    Faults faults;
    faults.dropAfterProcessing = 1.0;
    startSandbox(faults);
    const QString user = m_sandbox->population().user(5).referenceId;
    Run r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
                 QStringLiteral("false"), QStringLiteral("--reason"), QStringLiteral("Closed")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 6);
    QCOMPARE(enrolleeRequests(), 1);
    r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);
    const QJsonArray actions = r.json().value(QStringLiteral("actions")).toArray();
    QCOMPARE(actions.size(), 1);
    const qint64 id = qint64(actions.first().toObject().value(QStringLiteral("id")).toDouble());
    // Smile ID cannot be asked: re-checking says so, and sends nothing.
    r = cli({QStringLiteral("unresolved"), QStringLiteral("recheck"), QString::number(id)},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("resolve it by hand"), r.err.constData());
    QCOMPARE(enrolleeRequests(), 1);

    // Trust Swiftly can: a reverify whose answer was lost is read back (docs/architecture.md section 2, step
    // 6).
    const quint32 tsUser = 7;
    const QString target = TrustSwiftlyEmulator::workflowId(29);
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(tsUser),
             QStringLiteral("--from"), m_sandbox->population().user(tsUser).currentWorkflowId,
             QStringLiteral("--to"), target, QStringLiteral("--reason"), QStringLiteral("Payout check")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 6);
    r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
            QStringLiteral("olivia"));
    const qint64 tsAction = qint64(r.json()
                                       .value(QStringLiteral("actions"))
                                       .toArray()
                                       .last()
                                       .toObject()
                                       .value(QStringLiteral("id"))
                                       .toDouble());
    startSandbox(Faults{}); // answering again, with a fresh population: there the reverify never happened
    r = cli({QStringLiteral("unresolved"), QStringLiteral("recheck"), QString::number(tsAction)},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 6); // still unresolved, and says why
    QVERIFY2(r.err.contains("did not take effect"), r.err.constData());
    m_sandbox->population().setAttribute(tsUser, TrustSwiftlyEmulator::reVerifyAttribute(), target);
    r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("recheck"),
             QString::number(tsAction)},
            QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(r.json().value(QStringLiteral("read_back")).toString(), QStringLiteral("succeeded"));

    r = cli({QStringLiteral("unresolved"), QStringLiteral("resolve"), QString::number(id),
             QStringLiteral("--outcome"), QStringLiteral("succeeded"), QStringLiteral("--reason"),
             QStringLiteral("Checked in the portal")},
            QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    startSandbox(Faults{});
}

void TestActionCli::killedMidActionShowsUpAsUnresolved()
{
    Faults faults;
    faults.hang = 1.0; // the sandbox never answers: the CLI waits with the intent written
    startSandbox(faults);
    const QString user = m_sandbox->population().user(6).referenceId;
    QProcess* p =
        startCli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--active"),
                  QStringLiteral("false"), QStringLiteral("--reason"), QStringLiteral("Closed")},
                 QStringLiteral("olivia"));
    QTRY_VERIFY_WITH_TIMEOUT(enrolleeRequests() == 1, 30000);
    ::kill(pid_t(p->processId()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 10000);

    startSandbox(Faults{});
    Run r = cli({QStringLiteral("--json"), QStringLiteral("unresolved"), QStringLiteral("list")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 0);
    const QJsonArray actions = r.json().value(QStringLiteral("actions")).toArray();
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.first().toObject().value(QStringLiteral("user_id")).toString(), user);
    QVERIFY(r.err.contains("Unresolved"));
}

void TestActionCli::auditVerifyAndInjectionSafeExport()
{
    const QString user = m_sandbox->population().user(8).referenceId;
    Run r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--allow-reenroll"),
                 QStringLiteral("--reason"), QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")")},
                QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli({QStringLiteral("audit"), QStringLiteral("verify")}, QStringLiteral("audrey"));
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.contains("verified"));
    const QString csv = m_dir.filePath(QStringLiteral("audit.csv"));
    r = cli({QStringLiteral("audit"), QStringLiteral("export"), csv}, QStringLiteral("audrey"));
    QVERIFY2(r.code == 0, r.err.constData());
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""));
    QVERIFY(!text.contains(",\"=HYPERLINK"));
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"),
             QStringLiteral("--limit"), QStringLiteral("3")},
            QStringLiteral("audrey"));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.json().value(QStringLiteral("entries")).toArray().size(), 3);
}

void TestActionCli::storedControlCharactersAreShownEscaped()
{
    // A reason that would wipe the approving supervisor's line (CR, ESC [2K) or forge an extra
    // line (LF) is refused at entry: exit 2, nothing stored, nothing sent.
    const QString user = m_sandbox->population().user(9).referenceId;
    const QString hostile = QStringLiteral("Chargeback ring\r\x1b[2KNOTHING TO SEE\n#99\tforged");
    const int sentBefore = enrolleeRequests();
    Run r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
                QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    const qsizetype waitingBefore = r.json().value(QStringLiteral("actions")).toArray().size();
    for (const QString& reason : {hostile, QStringLiteral("tab\tinside"), QStringLiteral("bell\x07")}) {
        r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), user, QStringLiteral("--fraudulent"),
                 QStringLiteral("true"), QStringLiteral("--reason"), reason},
                QStringLiteral("olivia"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("control character"), r.err.constData());
        QVERIFY2(!r.err.contains('\x1b') && !r.err.contains('\r'), r.err.constData());
    }
    r = cli({QStringLiteral("unresolved"), QStringLiteral("resolve"), QStringLiteral("1"),
             QStringLiteral("--outcome"), QStringLiteral("failed"), QStringLiteral("--reason"), hostile},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QCOMPARE(enrolleeRequests(), sentBefore);
    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
            QStringLiteral("sam"));
    QCOMPARE(r.json().value(QStringLiteral("actions")).toArray().size(), waitingBefore);

    // One an older console stored is shown escaped by approvals list and audit list: one line per
    // entry, no raw CR or ESC.
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(m_store.url(), &error);
    QVERIFY2(store, qPrintable(error));
    ActionRecord old;
    old.request.provider = QStringLiteral("smileid");
    old.request.action = QStringLiteral("flag");
    old.request.userId = user;
    old.request.params = {{QStringLiteral("flag"), QStringLiteral("is_fraudulent")},
                          {QStringLiteral("value"), true}};
    old.request.reason = hostile;
    old.initiator = QStringLiteral("olivia");
    old.requiresApproval = true;
    old.state = ActionRecord::State::PendingApproval;
    old.createdAt = old.updatedAt = QDateTime::currentDateTimeUtc();
    AuditEntry intent;
    intent.operatorName = old.initiator;
    intent.role = QStringLiteral("officer");
    intent.event = QStringLiteral("intent");
    intent.action = old.actionKey();
    intent.provider = old.request.provider;
    intent.subjectIds = {user};
    intent.reason = hostile;
    QVERIFY2(store->createAction(old, intent, &error), qPrintable(error));
    store.reset();

    const QByteArray escaped = "Chargeback ring\\r\\e[2KNOTHING TO SEE\\n#99\\tforged";
    r = cli({QStringLiteral("approvals"), QStringLiteral("list")}, QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(escaped), r.out.constData());
    for (const char raw : {'\r', '\x1b'})
        QVERIFY2(!r.out.contains(raw), r.out.constData());
    for (const QByteArray& line : r.out.split('\n'))
        QVERIFY2(line.isEmpty() || line.startsWith('#'),
                 qPrintable(QStringLiteral("a forged line: ") + line));
    // Sign-ins are audited too: the intent is among the newest entries, each on a line of its own.
    r = cli(
        {QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("10")},
        QStringLiteral("audrey"));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(escaped), r.out.constData());
    QCOMPARE(r.out.count('\n'), 10);
    for (const QByteArray& line : r.out.split('\n'))
        QVERIFY2(line.isEmpty() || (line.at(0) >= '0' && line.at(0) <= '9'),
                 qPrintable(QStringLiteral("a forged line: ") + line));
    // JSON keeps the exact text (a script gets what was stored, JSON-escaped).
    r = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
            QStringLiteral("sam"));
    QCOMPARE(r.code, 0);
    bool found = false;
    for (const QJsonValue& a : r.json().value(QStringLiteral("actions")).toArray())
        found = found || a.toObject().value(QStringLiteral("reason")).toString() == hostile;
    QVERIFY(found);
    // The supervisor would reject it; nothing of it was ever sent.
    QCOMPARE(enrolleeRequests(), sentBefore);
}

QTEST_MAIN(TestActionCli)
#include "tst_actioncli.moc"
