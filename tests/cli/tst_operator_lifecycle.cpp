// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 32, the operator lifecycle (SQLite mode): a supervisor deactivates and reactivates an
// operator with a reason, a deactivated operator cannot sign in and what they left waiting is listed,
// passwords change (one's own; anyone's for a supervisor), failed sign-ins are audited and a name that
// fails 5 times in 15 minutes waits. A real identitydesk-cli process, a real SQLite store, and the
// in-process sandbox over TLS for the request that is left waiting.
#include "CliRun.h"
#include "SandboxServer.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
const QString kReason = QStringLiteral("Left the team on 2026-12-01 (HR ticket 88)");

} // namespace

class TestOperatorLifecycle final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void deactivatedOperatorCannotSignInAndTheirRequestsAreListed();
    void onlyASupervisorDeactivatesAndNeverThemselves();
    void passwordsChange();
    void makingASupervisorTakesASecondOne();
    void aProductionProfileWorksWithItsStoreOnly();
    void failedSignInsAreAuditedAndThrottled();

private:
    CliRun cli(const QStringList& args, const QString& operatorName, const QString& password = kPassword,
               const QString& newPassword = QString());
    QList<AuditEntry> audit(const QString& event);

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_store;
};

void TestOperatorLifecycle::initTestCase()
{
    QVERIFY(m_dir.isValid());
    SandboxOptions options;
    options.users = 20;
    options.seed = 32;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
    m_store = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("store.sqlite"));
    // The first supervisor of an empty store needs no sign-in; then sam adds the others.
    const CliRun first = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("sam"),
                              QStringLiteral("--role"), QStringLiteral("supervisor")},
                             QString(), QString(), kPassword);
    QVERIFY2(first.code == 0, first.describe().constData());
    for (const auto& [name, role] : {std::pair{"sara", "supervisor"}, std::pair{"olivia", "officer"},
                                     std::pair{"oscar", "officer"}, std::pair{"otto", "officer"}}) {
        const CliRun r = cli({QStringLiteral("operators"), QStringLiteral("add"), QString::fromLatin1(name),
                              QStringLiteral("--role"), QString::fromLatin1(role)},
                             QStringLiteral("sam"), kPassword, kPassword);
        QVERIFY2(r.code == 0, r.describe().constData());
    }
}

CliRun TestOperatorLifecycle::cli(const QStringList& args, const QString& operatorName,
                                  const QString& password, const QString& newPassword)
{
    QProcessEnvironment env = CliRun::cleanEnvironment();
    if (!password.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), password);
    if (!newPassword.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), newPassword);
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    QStringList all{QStringLiteral("--store"), m_store, QStringLiteral("--profile"), m_profile};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    return CliRun::run(QStringLiteral(CLI_PATH), all + args, env);
}

QList<AuditEntry> TestOperatorLifecycle::audit(const QString& event)
{
    QString error;
    const std::unique_ptr<Store> store = StoreFactory::open(m_store, &error);
    if (!store)
        qFatal("%s", qPrintable(error));
    const std::optional<QList<AuditEntry>> entries = store->auditEntries(AuditFilter{}, &error);
    if (!entries)
        qFatal("%s", qPrintable(error));
    QList<AuditEntry> matching;
    std::copy_if(entries->cbegin(), entries->cend(), std::back_inserter(matching),
                 [&event](const AuditEntry& e) { return e.event == event; });
    return matching;
}

void TestOperatorLifecycle::deactivatedOperatorCannotSignInAndTheirRequestsAreListed()
{
    // olivia asks for an un-enroll, which the policy sends to a supervisor: it waits (exit 5).
    const CliRun asked =
        cli({QStringLiteral("smartid"), QStringLiteral("unenroll"), QStringLiteral("ada@example.com"),
             QStringLiteral("--reason"), QStringLiteral("Asked by the customer")},
            QStringLiteral("olivia"));
    QVERIFY2(asked.code == 5, asked.describe().constData());

    const CliRun off =
        cli({QStringLiteral("--json"), QStringLiteral("operators"), QStringLiteral("deactivate"),
             QStringLiteral("olivia"), QStringLiteral("--reason"), kReason},
            QStringLiteral("sam"));
    QVERIFY2(off.code == 0, off.describe().constData());
    const QJsonObject result = QJsonDocument::fromJson(off.out).object();
    QCOMPARE(result.value(QStringLiteral("active")).toBool(true), false);
    QCOMPARE(result.value(QStringLiteral("pending_actions")).toArray().size(), 1);

    const QList<AuditEntry> deactivated = audit(QStringLiteral("operator-deactivated"));
    QCOMPARE(deactivated.size(), 1);
    QCOMPARE(deactivated.first().operatorName, QStringLiteral("sam"));
    QCOMPARE(deactivated.first().subjectIds, QStringList{QStringLiteral("olivia")});
    QCOMPARE(deactivated.first().reason, kReason);

    // The right password, and still no way in; the words say why (and only after the password).
    const CliRun refused =
        cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("olivia"));
    QCOMPARE(refused.code, 7);
    QVERIFY2(refused.err.contains("deactivated"), refused.describe().constData());
    const CliRun wrong = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("olivia"),
                             QStringLiteral("not-hers-1"));
    QCOMPARE(wrong.code, 7);
    QVERIFY2(!wrong.err.contains("deactivated"), wrong.describe().constData());

    const CliRun listed = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("sara"));
    QVERIFY2(listed.code == 0 && listed.out.contains("olivia\tofficer\t(inactive)"),
             listed.describe().constData());

    const CliRun on = cli({QStringLiteral("operators"), QStringLiteral("activate"), QStringLiteral("olivia"),
                           QStringLiteral("--reason"), QStringLiteral("Back from leave")},
                          QStringLiteral("sara"));
    QVERIFY2(on.code == 0, on.describe().constData());
    QCOMPARE(audit(QStringLiteral("operator-reactivated")).size(), 1);
    const CliRun back = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("olivia"));
    QVERIFY2(back.code == 0, back.describe().constData());
}

void TestOperatorLifecycle::onlyASupervisorDeactivatesAndNeverThemselves()
{
    const int before = int(audit(QStringLiteral("operator-deactivated")).size());
    const CliRun officer = cli({QStringLiteral("operators"), QStringLiteral("deactivate"),
                                QStringLiteral("sam"), QStringLiteral("--reason"), kReason},
                               QStringLiteral("oscar"));
    QCOMPARE(officer.code, 7);
    const CliRun self = cli({QStringLiteral("operators"), QStringLiteral("deactivate"), QStringLiteral("sam"),
                             QStringLiteral("--reason"), kReason},
                            QStringLiteral("sam"));
    QCOMPARE(self.code, 7);
    QVERIFY2(self.err.contains("own account"), self.describe().constData());
    const CliRun noReason =
        cli({QStringLiteral("operators"), QStringLiteral("deactivate"), QStringLiteral("oscar")},
            QStringLiteral("sam"));
    QCOMPARE(noReason.code, 2);
    const CliRun nobody = cli({QStringLiteral("operators"), QStringLiteral("deactivate"),
                               QStringLiteral("nobody"), QStringLiteral("--reason"), kReason},
                              QStringLiteral("sam"));
    QCOMPARE(nobody.code, 2);
    QCOMPARE(audit(QStringLiteral("operator-deactivated")).size(), before);
}

void TestOperatorLifecycle::passwordsChange()
{
    const QString fresh = QStringLiteral("battery-staple-horse");
    const CliRun own = cli({QStringLiteral("operators"), QStringLiteral("password")}, QStringLiteral("otto"),
                           kPassword, fresh);
    QVERIFY2(own.code == 0, own.describe().constData());
    QCOMPARE(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("otto")).code, 7);
    QCOMPARE(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("otto"), fresh).code,
             0);

    // An officer cannot set someone else's; a supervisor can (and the audit never holds it).
    const CliRun other = cli({QStringLiteral("operators"), QStringLiteral("password"), QStringLiteral("sam")},
                             QStringLiteral("otto"), fresh, QStringLiteral("taken-over-1"));
    QCOMPARE(other.code, 7);
    const CliRun reset =
        cli({QStringLiteral("operators"), QStringLiteral("password"), QStringLiteral("otto")},
            QStringLiteral("sara"), kPassword, kPassword);
    QVERIFY2(reset.code == 0, reset.describe().constData());
    QCOMPARE(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("otto")).code, 0);
    const QList<AuditEntry> changed = audit(QStringLiteral("operator-password-changed"));
    QCOMPARE(changed.size(), 2);
    for (const AuditEntry& e : changed) {
        const QByteArray all = e.canonicalJson();
        QVERIFY(!all.contains(fresh.toUtf8()) && !all.contains(kPassword.toUtf8()));
    }
    const CliRun tooShort = cli({QStringLiteral("operators"), QStringLiteral("password")},
                                QStringLiteral("otto"), kPassword, QStringLiteral("short"));
    QCOMPARE(tooShort.code, 2);
}

void TestOperatorLifecycle::makingASupervisorTakesASecondOne()
{
    const CliRun asked =
        cli({QStringLiteral("--json"), QStringLiteral("operators"), QStringLiteral("set-role"),
             QStringLiteral("oscar"), QStringLiteral("supervisor"), QStringLiteral("--reason"), kReason},
            QStringLiteral("sam"));
    QVERIFY2(asked.code == 5, asked.describe().constData()); // waits for a second supervisor
    const QString id = QString::number(
        QJsonDocument::fromJson(asked.out).object().value(QStringLiteral("action_id")).toInteger());
    QVERIFY(id.toLongLong() > 0);
    const CliRun before = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("sara"));
    QVERIFY2(before.out.contains("oscar\tofficer"), before.describe().constData());
    const CliRun waiting = cli({QStringLiteral("approvals"), QStringLiteral("list")}, QStringLiteral("sara"));
    QVERIFY2(waiting.out.contains("Make oscar a supervisor (now officer)"), waiting.describe().constData());

    // Not by the one who asked; then by the second supervisor, and it is in effect.
    const CliRun own =
        cli({QStringLiteral("approvals"), QStringLiteral("approve"), id}, QStringLiteral("sam"));
    QVERIFY2(own.code == 7, own.describe().constData());
    const CliRun approved =
        cli({QStringLiteral("approvals"), QStringLiteral("approve"), id}, QStringLiteral("sara"));
    QVERIFY2(approved.code == 0, approved.describe().constData());
    const CliRun after = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("sara"));
    QVERIFY2(after.out.contains("oscar\tsupervisor"), after.describe().constData());
    const QList<AuditEntry> changed = audit(QStringLiteral("operator-role-changed"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().operatorName, QStringLiteral("sara"));
    QCOMPARE(changed.first().after.value(QStringLiteral("role")).toString(), QStringLiteral("supervisor"));

    // With two supervisors and more, a new account cannot be made a supervisor on one signature.
    const CliRun added = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("sly"),
                              QStringLiteral("--role"), QStringLiteral("supervisor")},
                             QStringLiteral("sam"), kPassword, kPassword);
    QVERIFY2(added.code == 7 && added.err.contains("set-role"), added.describe().constData());
    // Fewer rights take effect at once; one's own role never changes by one's own hand.
    const CliRun demoted =
        cli({QStringLiteral("operators"), QStringLiteral("set-role"), QStringLiteral("otto"),
             QStringLiteral("auditor"), QStringLiteral("--reason"), kReason},
            QStringLiteral("sam"));
    QVERIFY2(demoted.code == 0, demoted.describe().constData());
    QCOMPARE(audit(QStringLiteral("operator-role-changed")).size(), 2);
    const CliRun self = cli({QStringLiteral("operators"), QStringLiteral("set-role"), QStringLiteral("sam"),
                             QStringLiteral("officer"), QStringLiteral("--reason"), kReason},
                            QStringLiteral("sam"));
    QVERIFY2(self.code == 7, self.describe().constData());
    const CliRun noReason = cli({QStringLiteral("operators"), QStringLiteral("set-role"),
                                 QStringLiteral("otto"), QStringLiteral("officer")},
                                QStringLiteral("sam"));
    QVERIFY2(noReason.code == 2, noReason.describe().constData());
}

void TestOperatorLifecycle::aProductionProfileWorksWithItsStoreOnly()
{
    // The sandbox profile, declared production.
    QFile test(m_profile);
    QVERIFY(test.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(test.readAll()).object();
    json.insert(QStringLiteral("name"), QStringLiteral("Acme production"));
    json.insert(QStringLiteral("environment"), QStringLiteral("production"));
    const QString production = m_dir.filePath(QStringLiteral("production.json"));
    QFile out(production);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    out.write(QJsonDocument(json).toJson());
    out.close();

    const QStringList read{QStringLiteral("--profile"), production, QStringLiteral("trustswiftly"),
                           QStringLiteral("workflows")};
    const CliRun first = cli(read, QStringLiteral("sara"));
    QVERIFY2(first.code == 0, first.describe().constData());
    QCOMPARE(audit(QStringLiteral("profile-bound")).size(), 1);
    QCOMPARE(cli(read, QStringLiteral("sara")).code, 0); // the same store: bound once
    QCOMPARE(audit(QStringLiteral("profile-bound")).size(), 1);

    // A store made on the side: its bootstrap is in its log, and the production profile refuses it.
    const QString side = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("side.sqlite"));
    const CliRun boss =
        cli({QStringLiteral("--store"), side, QStringLiteral("operators"), QStringLiteral("add"),
             QStringLiteral("boss"), QStringLiteral("--role"), QStringLiteral("supervisor")},
            QString(), QString(), kPassword);
    QVERIFY2(boss.code == 0, boss.describe().constData());
    QString error;
    const std::unique_ptr<Store> sideStore = StoreFactory::open(side, &error);
    QVERIFY2(sideStore, qPrintable(error));
    QCOMPARE(sideStore->auditEntries(AuditFilter{}, &error)->first().event,
             QStringLiteral("store-bootstrap"));
    const CliRun refused = cli(QStringList{QStringLiteral("--store"), side} + read, QStringLiteral("boss"));
    QVERIFY2(refused.code == 7 && refused.err.contains("bound to the store"), refused.describe().constData());
    // A test profile is not bound: it works with either store.
    const CliRun testProfile =
        cli({QStringLiteral("--store"), side, QStringLiteral("trustswiftly"), QStringLiteral("workflows")},
            QStringLiteral("boss"));
    QVERIFY2(testProfile.code == 0, testProfile.describe().constData());
}

void TestOperatorLifecycle::failedSignInsAreAuditedAndThrottled()
{
    for (int i = 0; i < 5; ++i) {
        const CliRun wrong = cli({QStringLiteral("operators"), QStringLiteral("list")},
                                 QStringLiteral("oscar"), QStringLiteral("guess-%1-x").arg(i));
        QCOMPARE(wrong.code, 7);
        QVERIFY2(wrong.err.contains("Unknown operator or wrong password"), wrong.describe().constData());
    }
    const QList<AuditEntry> failed = audit(QStringLiteral("sign-in-failed"));
    QCOMPARE(std::count_if(failed.cbegin(), failed.cend(),
                           [](const AuditEntry& e) { return e.operatorName == QLatin1String("oscar"); }),
             5);
    // The sixth try waits, even with the right password, and is not checked.
    const CliRun waits = cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("oscar"));
    QCOMPARE(waits.code, 7);
    QVERIFY2(waits.err.contains("Too many failed sign-ins"), waits.describe().constData());
    // Another name is not held up.
    QCOMPARE(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("sam")).code, 0);
    // A name nobody has is throttled the same way: the words never tell who has an account.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("mallory")).code,
                 7);
    QVERIFY(cli({QStringLiteral("operators"), QStringLiteral("list")}, QStringLiteral("mallory"))
                .err.contains("Too many failed sign-ins"));
}

QTEST_MAIN(TestOperatorLifecycle)
#include "tst_operator_lifecycle.moc"
