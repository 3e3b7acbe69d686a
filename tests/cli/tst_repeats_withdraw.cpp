// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 36, repeats and withdrawal from the command line: a request that repeats one still waiting
// for approval is refused (exit 7, naming it) unless --despite names it; the requester or a
// supervisor withdraws a waiting request with a reason, audited, and nothing is sent. A real
// identitydesk-cli process, a real SQLite store and the in-process sandbox over TLS.
#include "CliRun.h"
#include "SandboxServer.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
} // namespace

class TestRepeatsWithdraw final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void repeatIsRefusedUnlessDespite();
    void requesterOrSupervisorWithdraws();

private:
    CliRun cli(const QStringList& args, const QString& operatorName, const QString& newPassword = QString());
    QList<ActionRecord> inState(ActionRecord::State state);
    QList<AuditEntry> audit(const QString& event);
    QStringList unenroll(const QString& user) const
    {
        return {QStringLiteral("smartid"), QStringLiteral("unenroll"), user, QStringLiteral("--reason"),
                QStringLiteral("Asked by the customer, ticket 12")};
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_store;
};

void TestRepeatsWithdraw::initTestCase()
{
    QVERIFY(m_dir.isValid());
    SandboxOptions options;
    options.users = 20;
    options.seed = 36;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
    m_store = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("store.sqlite"));
    const CliRun first = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("sam"),
                              QStringLiteral("--role"), QStringLiteral("supervisor")},
                             QString(), kPassword);
    QVERIFY2(first.code == 0, first.describe().constData());
    for (const char* name : {"olivia", "oscar"}) {
        const CliRun r = cli({QStringLiteral("operators"), QStringLiteral("add"), QString::fromLatin1(name),
                              QStringLiteral("--role"), QStringLiteral("officer")},
                             QStringLiteral("sam"), kPassword);
        QVERIFY2(r.code == 0, r.describe().constData());
    }
}

CliRun TestRepeatsWithdraw::cli(const QStringList& args, const QString& operatorName,
                                const QString& newPassword)
{
    QProcessEnvironment env = CliRun::cleanEnvironment();
    if (!operatorName.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    if (!newPassword.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), newPassword);
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    QStringList all{QStringLiteral("--store"), m_store, QStringLiteral("--profile"), m_profile};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    return CliRun::run(QStringLiteral(CLI_PATH), all + args, env);
}

QList<ActionRecord> TestRepeatsWithdraw::inState(ActionRecord::State state)
{
    QString error;
    const std::unique_ptr<Store> store = StoreFactory::open(m_store, &error);
    if (!store)
        qFatal("%s", qPrintable(error));
    const std::optional<QList<ActionRecord>> found = store->actionsInState(state, &error);
    if (!found)
        qFatal("%s", qPrintable(error));
    return *found;
}

QList<AuditEntry> TestRepeatsWithdraw::audit(const QString& event)
{
    QString error;
    const std::unique_ptr<Store> store = StoreFactory::open(m_store, &error);
    if (!store)
        qFatal("%s", qPrintable(error));
    const std::optional<QList<AuditEntry>> entries = store->auditEntries(AuditFilter{}, &error);
    if (!entries)
        qFatal("%s", qPrintable(error));
    QList<AuditEntry> matching;
    for (const AuditEntry& e : *entries)
        if (e.event == event)
            matching << e;
    return matching;
}

void TestRepeatsWithdraw::repeatIsRefusedUnlessDespite()
{
    const QString user = QStringLiteral("grace@example.com");
    const CliRun asked = cli(unenroll(user), QStringLiteral("olivia"));
    QVERIFY2(asked.code == 5, asked.describe().constData());
    QCOMPARE(inState(ActionRecord::State::PendingApproval).size(), 1);
    const qint64 earlier = inState(ActionRecord::State::PendingApproval).constFirst().id;

    // The same again, by anyone: refused, naming the earlier action and the way past it.
    const int intents = audit(QStringLiteral("intent")).size();
    const CliRun again = cli(unenroll(user), QStringLiteral("oscar"));
    QCOMPARE(again.code, 7);
    QVERIFY2(again.err.contains("#" + QByteArray::number(earlier)), again.describe().constData());
    QVERIFY2(again.err.contains("--despite " + QByteArray::number(earlier)), again.describe().constData());
    QCOMPARE(audit(QStringLiteral("intent")).size(), intents); // nothing written, nothing sent
    QCOMPARE(inState(ActionRecord::State::PendingApproval).size(), 1);

    // --despite naming another action does not count.
    const CliRun wrong = cli(unenroll(user) << QStringLiteral("--despite") << QString::number(earlier + 100),
                             QStringLiteral("oscar"));
    QCOMPARE(wrong.code, 7);

    // --despite naming it: the operator has looked, and the request waits like any other.
    const CliRun despite = cli(unenroll(user) << QStringLiteral("--despite") << QString::number(earlier),
                               QStringLiteral("oscar"));
    QVERIFY2(despite.code == 5, despite.describe().constData());
    QCOMPARE(inState(ActionRecord::State::PendingApproval).size(), 2);

    // Another person is no repeat.
    const CliRun other = cli(unenroll(QStringLiteral("alan@example.com")), QStringLiteral("oscar"));
    QVERIFY2(other.code == 5, other.describe().constData());
}

void TestRepeatsWithdraw::requesterOrSupervisorWithdraws()
{
    const QList<ActionRecord> pending = inState(ActionRecord::State::PendingApproval);
    QCOMPARE(pending.size(), 3);
    qint64 olivias = 0;
    qint64 oscars = 0;
    for (const ActionRecord& a : pending) {
        if (a.initiator == QLatin1String("olivia"))
            olivias = a.id;
        else if (!oscars)
            oscars = a.id;
    }
    QVERIFY(olivias && oscars);
    const QStringList withdraw{QStringLiteral("approvals"), QStringLiteral("withdraw"),
                               QString::number(olivias)};

    // Someone else's request: not theirs to withdraw. No reason: a usage error.
    QCOMPARE(cli(withdraw + QStringList{QStringLiteral("--reason"), QStringLiteral("not mine")},
                 QStringLiteral("oscar"))
                 .code,
             7);
    QCOMPARE(cli(withdraw, QStringLiteral("olivia")).code, 2);
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("withdraw"), QStringLiteral("9999"),
                  QStringLiteral("--reason"), QStringLiteral("x")},
                 QStringLiteral("olivia"))
                 .code,
             2);

    const QString reason = QStringLiteral("Asked twice; the customer called back");
    const CliRun mine =
        cli(withdraw + QStringList{QStringLiteral("--reason"), reason}, QStringLiteral("olivia"));
    QVERIFY2(mine.code == 0, mine.describe().constData());
    QVERIFY(mine.out.contains("withdrawn"));
    const QList<AuditEntry> entries = audit(QStringLiteral("withdrawn"));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().operatorName, QStringLiteral("olivia"));
    QCOMPARE(entries.first().reason, reason);
    QCOMPARE(entries.first().actionId, olivias);

    // Withdrawn is final: not again, and never approved or sent.
    QCOMPARE(cli(withdraw + QStringList{QStringLiteral("--reason"), reason}, QStringLiteral("olivia")).code,
             7);
    QCOMPARE(cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(olivias)},
                 QStringLiteral("sam"))
                 .code,
             7);
    bool cancelled = false;
    for (const ActionRecord& a : inState(ActionRecord::State::Cancelled))
        cancelled = cancelled || a.id == olivias;
    QVERIFY(cancelled);

    // A supervisor may withdraw anyone's.
    const CliRun supervisor =
        cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("withdraw"),
             QString::number(oscars), QStringLiteral("--reason"), reason},
            QStringLiteral("sam"));
    QVERIFY2(supervisor.code == 0, supervisor.describe().constData());
    QVERIFY(supervisor.out.contains("\"cancelled\""));
    QCOMPARE(audit(QStringLiteral("withdrawn")).size(), 2);
    // Nothing of it ever reached SmartID.
    for (const RecordedRequest& r : m_sandbox->requestLog())
        QVERIFY2(!r.path.endsWith(QLatin1String("/unenroll")), qPrintable(r.path));
}

QTEST_MAIN(TestRepeatsWithdraw)
#include "tst_repeats_withdraw.moc"
