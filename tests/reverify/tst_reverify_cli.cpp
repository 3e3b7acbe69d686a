// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli's re-verification commands as an operator runs them: `trustswiftly workflows`,
// `trustswiftly reverify` (twice: the second is already in that state), `smartid unenroll` (waits
// for approval), and the exit code of a 429 that outlasts the retries. The sandbox runs in this process.
#include "ReverifyBench.h"
#include "smartid/SmartIdEmulator.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

namespace {
constexpr quint32 kUsers = 120;

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(code) + "\nout: " + out + "\nerr: " + err;
    }
};
} // namespace

class TestReverifyCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void workflows();
    void workflowsAsJson();
    void reverifyTwiceExitsZeroBothTimes();
    void reverifyUnknownUserExitsThree();
    void reverifyNeedsFromAndTo();
    void unenrollWaitsForApproval();
    void rateLimitOutlastingTheRetriesExitsFour();

private:
    Run cli(const QStringList& args, const QString& operatorName = QString());

    std::unique_ptr<ReverifyBench> m_bench;
};

void TestReverifyCli::initTestCase()
{
    m_bench = std::make_unique<ReverifyBench>();
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 5;
    QString error;
    QVERIFY2(m_bench->start(options, &error), qPrintable(error));
}

Run TestReverifyCli::cli(const QStringList& args, const QString& operatorName)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), ReverifyBench::kPassword);
    p.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), m_bench->profilePath(), QStringLiteral("--store"),
                    m_bench->storeUrl()};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
    }
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestReverifyCli::workflows()
{
    const Run r =
        cli({QStringLiteral("trustswiftly"), QStringLiteral("workflows")}, QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    for (const TrustSwiftlyTemplate& t : TrustSwiftlyEmulator::templates()) {
        QVERIFY2(r.out.contains(t.id.toUtf8()), r.describe().constData());
        QVERIFY2(r.out.contains(t.name.toUtf8()), r.describe().constData());
    }
    QVERIFY(r.out.contains("flow_MzA  ID Document & Selfie"));
}

void TestReverifyCli::workflowsAsJson()
{
    const Run r = cli({QStringLiteral("--json"), QStringLiteral("trustswiftly"), QStringLiteral("workflows")},
                      QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    const QJsonArray list = r.json().value(QStringLiteral("workflows")).toArray();
    QCOMPARE(list.size(), TrustSwiftlyEmulator::templates().size());
    QCOMPARE(list.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("flow_MzA"));
    QCOMPARE(list.first().toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("ID Document & Selfie"));
}

void TestReverifyCli::reverifyTwiceExitsZeroBothTimes()
{
    const quint32 id = 7;
    const QString from = m_bench->sandbox().population().user(id).currentWorkflowId;
    const QStringList args{QStringLiteral("trustswiftly"),
                           QStringLiteral("reverify"),
                           QString::number(id),
                           QStringLiteral("--from"),
                           from,
                           QStringLiteral("--to"),
                           QStringLiteral("flow_Mjk"),
                           QStringLiteral("--reason"),
                           QStringLiteral("Step-up before a large withdrawal")};
    Run r = cli(args, QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QVERIFY2(r.out.contains("now has re-verification workflow flow_Mjk"), r.describe().constData());
    QVERIFY(!r.out.contains("already"));

    r = cli(args, QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QVERIFY2(r.out.contains("already has re-verification workflow flow_Mjk"), r.describe().constData());
    QVERIFY2(r.out.contains("Nothing changed: already in this state."), r.describe().constData());

    r = cli(QStringList{QStringLiteral("--json")} + args, QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QCOMPARE(r.json().value(QStringLiteral("outcome")).toString(), QStringLiteral("already-in-state"));
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("already-in-state"));
    QCOMPARE(m_bench->requests(QStringLiteral("/api/user/document/reverify")), 3);

    // The audit log says so too.
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")},
            QStringLiteral("audrey"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QVERIFY2(r.out.contains("already-in-state"), r.describe().constData());
}

void TestReverifyCli::reverifyUnknownUserExitsThree()
{
    const Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("424242"),
                       QStringLiteral("--from"), QStringLiteral("flow_MzA"), QStringLiteral("--to"),
                       QStringLiteral("flow_Mjk"), QStringLiteral("--reason"), QStringLiteral("Check")},
                      QStringLiteral("olivia"));
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("Trust Swiftly user 424242 not found"), r.describe().constData());
}

void TestReverifyCli::reverifyNeedsFromAndTo()
{
    Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("7"),
                 QStringLiteral("--to"), QStringLiteral("flow_Mjk"), QStringLiteral("--reason"),
                 QStringLiteral("x")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--from"), r.describe().constData());
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("7"),
             QStringLiteral("--from"), QStringLiteral("flow_MzA"), QStringLiteral("--to"),
             QStringLiteral("flow_MzA"), QStringLiteral("--reason"), QStringLiteral("x")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("must differ"), r.describe().constData());
    // An id that cannot be one (it also goes into a path) is refused before anything is written.
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("7/../../admin"),
             QStringLiteral("--from"), QStringLiteral("flow_MzA"), QStringLiteral("--to"),
             QStringLiteral("flow_Mjk"), QStringLiteral("--reason"), QStringLiteral("x")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("is not a Trust Swiftly user id"), r.describe().constData());
    // A reason is a few sentences, not a file: it is written into every audit entry of the action.
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("7"),
             QStringLiteral("--from"), QStringLiteral("flow_MzA"), QStringLiteral("--to"),
             QStringLiteral("flow_Mjk"), QStringLiteral("--reason"), QString(2001, u'x')},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("2001 characters"), r.describe().constData());
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
}

void TestReverifyCli::unenrollWaitsForApproval()
{
    const quint32 id = SmartIdEmulator::userWithFault(kUsers, SmartIdEmulator::Fault::None, 2);
    const QString user = m_bench->sandbox().population().user(id).email;
    Run r = cli({QStringLiteral("--json"), QStringLiteral("smartid"), QStringLiteral("unenroll"), user,
                 QStringLiteral("--reason"), QStringLiteral("Customer lost the device")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 5);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("pending-approval"));
    QCOMPARE(m_bench->requests(QStringLiteral("/smartid/api/kyc/unenroll")), 0);
    const qint64 action = qint64(r.json().value(QStringLiteral("id")).toDouble());
    QVERIFY(action > 0);

    r = cli({QStringLiteral("smartid"), QStringLiteral("unenroll")}, QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);

    // A second supervisor lets it through; only then does SmartID hear of it.
    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(action)},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.describe().constData());
    QCOMPARE(m_bench->requests(QStringLiteral("/smartid/api/kyc/unenroll")), 1);
    QCOMPARE(m_bench->sandbox().population().attribute(id, SmartIdEmulator::enrolledAttribute()),
             QVariant(false));
}

void TestReverifyCli::rateLimitOutlastingTheRetriesExitsFour()
{
    // One request per ten minutes: the second is refused with a Retry-After far longer than the
    // console waits, so nothing is processed and the CLI says so with exit code 4.
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 5;
    options.faults.rateLimitPerMinute = 1;
    options.rateLimitWindowMs = 10 * 60 * 1000;
    QString error;
    QVERIFY2(m_bench->restartSandbox(options, &error), qPrintable(error));
    Run r = cli({QStringLiteral("trustswiftly"), QStringLiteral("workflows")}, QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.describe().constData());
    const quint32 id = 9;
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(id),
             QStringLiteral("--from"), m_bench->sandbox().population().user(id).currentWorkflowId,
             QStringLiteral("--to"), QStringLiteral("flow_Mjk"), QStringLiteral("--reason"),
             QStringLiteral("Step-up")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("rate limited") && r.err.contains("Nothing was processed"),
             r.describe().constData());
    QVERIFY(
        !m_bench->sandbox().population().attribute(id, TrustSwiftlyEmulator::reVerifyAttribute()).isValid());
}

QTEST_GUILESS_MAIN(TestReverifyCli)
#include "tst_reverify_cli.moc"
