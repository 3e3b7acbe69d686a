// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 31, administered from the command line as a database's owner would: `admin init` upgrades a
// schema-5 shared-credential store in place (its operators become login roles with first passwords
// that expire, the audit chain untouched), `--check` writes nothing, and bad input is named with the
// CLI contract's exit code. Runs the real identitydesk-cli against the test cluster.
#include "TeamClusterAdmin.h"
#include "domain/ActionRecord.h"
#include "services/OperatorService.h"
#include "services/PresenceCheck.h"
#include "store/SchemaMigrations.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"
#include "store/TeamSchema.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <memory>

namespace {
const char kPassword[] = "correct horse battery";
const char kUrlPassword[] = "owner-pass-1"; ///< one that goes in a URL as it is

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

CliRun cli(const QStringList& args, const QMap<QString, QString>& env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.remove(QStringLiteral("IDENTITYDESK_PASSWORD"));
    e.remove(QStringLiteral("IDENTITYDESK_OPERATOR"));
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(CLI_PATH), args);
    p.closeWriteChannel();
    CliRun run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

QString describe(const CliRun& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), r.err);
}
} // namespace

class TeamModeAdminTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void checkWritesNothingToADatabaseAdminInitDidNotMake();
    void aDeskStoreIsRefusedAndNotCreated();
    void aSchemaFiveStoreIsUpgradedInPlace();
    void firstPasswordsExpireAndTheOperatorsOwnReplacesThem();
    void thePasswordAgainIsCheckedByTheServer();
    void badInputIsNamedWithItsExitCode();

private:
    QString url(const QString& db, const QString& user = QString(),
                const QString& password = QString()) const;
    QString createDatabase();
    QVariant adminValue(const QString& db, const QString& sql);

    QUrl m_admin;
    QString m_id;
    QStringList m_databases;
    QStringList m_logins;
    QString m_store;                    ///< the upgraded schema-5 store's database
    QString m_ownPassword;              ///< the officer's own, after their first one
    QMap<QString, QString> m_firstPass; ///< its operators' first passwords
};

QString TeamModeAdminTest::url(const QString& db, const QString& user, const QString& password) const
{
    QUrl u = m_admin;
    u.setUserName(user.isEmpty() ? m_admin.userName() : user);
    u.setPassword(user.isEmpty() ? m_admin.password() : password);
    u.setPath(QLatin1Char('/') + db);
    return u.toString();
}

QString TeamModeAdminTest::createDatabase()
{
    const QString db = QStringLiteral("idadm_%1_%2").arg(m_id).arg(m_databases.size());
    QString error;
    if (!TeamClusterAdmin(m_admin).exec(QStringLiteral("CREATE DATABASE %1").arg(db), &error))
        qWarning("%s", qPrintable(error));
    m_databases << db;
    return db;
}

QVariant TeamModeAdminTest::adminValue(const QString& db, const QString& sql)
{
    QSqlDatabase c = TeamClusterAdmin(m_admin).connect(QStringLiteral("admin-") + db, db, m_admin.userName(),
                                                       m_admin.password());
    QSqlQuery q(c);
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return QVariant();
    }
    return q.value(0);
}

void TeamModeAdminTest::initTestCase()
{
    const QString admin = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (admin.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_admin = QUrl(admin);
    // Roles are cluster-wide and tests run in parallel on one cluster: names of this run's own.
    m_id = QUuid::createUuid().toString(QUuid::Id128).left(10);
}

void TeamModeAdminTest::cleanupTestCase()
{
    for (const QString& c : QSqlDatabase::connectionNames()) {
        QSqlDatabase::database(c).close();
        QSqlDatabase::removeDatabase(c);
    }
    for (const QString& db : std::as_const(m_databases))
        TeamClusterAdmin(m_admin).dropStore(db, m_logins);
}

void TeamModeAdminTest::checkWritesNothingToADatabaseAdminInitDidNotMake()
{
    const QString db = createDatabase();
    const CliRun r = cli({QStringLiteral("--store"), url(db), QStringLiteral("--json"),
                          QStringLiteral("admin"), QStringLiteral("init"), QStringLiteral("--check")});
    QVERIFY2(r.exitCode == 3, qPrintable(describe(r)));
    const QJsonArray problems = r.json().value(QStringLiteral("problems")).toArray();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.at(0).toString().contains(QLatin1String("holds no IdentityDesk store")),
             qPrintable(describe(r)));
    QVERIFY2(problems.at(0).toString().contains(QLatin1String("admin init")), qPrintable(describe(r)));
    // Not a table made: the check only looked.
    QCOMPARE(
        adminValue(db, QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toInt(),
        0);
}

void TeamModeAdminTest::aDeskStoreIsRefusedAndNotCreated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("desk.sqlite"));
    for (const QStringList& extra : {QStringList{}, QStringList{QStringLiteral("--check")}}) {
        const CliRun r = cli(QStringList{QStringLiteral("--store"), QStringLiteral("sqlite:") + path,
                                         QStringLiteral("admin"), QStringLiteral("init")} +
                             extra);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("desk store (SQLite)")), qPrintable(describe(r)));
        QVERIFY2(!QFile::exists(path), "admin init created a SQLite store it then refused");
    }
}

void TeamModeAdminTest::aSchemaFiveStoreIsUpgradedInPlace()
{
    // A shared-credential store with operators (console password hashes) and history …
    m_store = createDatabase();
    QString error;
    {
        const std::optional<StoreUrl> parsed = StoreUrl::parse(url(m_store), &error);
        QVERIFY2(parsed, qPrintable(error));
        SqlStore store(*parsed);
        QVERIFY2(store.open(&error), qPrintable(error));
        OperatorService ops(&store);
        const std::optional<Operator> sup = ops.addOperator(std::nullopt, QStringLiteral("a%1_sup").arg(m_id),
                                                            Role::Supervisor, kPassword, &error);
        QVERIFY2(sup, qPrintable(error));
        for (const char* name : {"off", "aud"})
            QVERIFY2(
                ops.addOperator(sup, QStringLiteral("a%1_%2").arg(m_id, QLatin1String(name)),
                                QLatin1String(name) == QLatin1String("off") ? Role::Officer : Role::Auditor,
                                kPassword, &error),
                qPrintable(error));
        ActionRecord a;
        a.request.provider = QStringLiteral("smileid");
        a.request.action = QStringLiteral("flag");
        a.request.userId = QStringLiteral("user-1");
        a.request.params =
            QJsonObject{{QStringLiteral("flag"), QStringLiteral("delete")}, {QStringLiteral("value"), true}};
        a.request.reason = QStringLiteral("case 4711");
        a.initiator = QStringLiteral("a%1_off").arg(m_id);
        a.requiresApproval = true;
        a.state = ActionRecord::State::PendingApproval;
        AuditEntry intent;
        intent.event = QStringLiteral("intent");
        intent.action = a.actionKey();
        intent.reason = a.request.reason;
        QVERIFY2(store.createAction(a, intent, &error), qPrintable(error));
    }
    // … taken back to what schema version 5 left (as the release of schema 5 made it): no checkpoint
    // tables or store id (6), no actions.profile (7), no policy_settings (8), no subject terms (9), no
    // attributes (10).
    QSqlDatabase raw = TeamClusterAdmin(m_admin).connect(QStringLiteral("raw5"), m_store, m_admin.userName(),
                                                         m_admin.password());
    for (const QString& sql :
         {QStringLiteral("DROP TABLE policy_settings"), QStringLiteral("DROP TABLE audit_checkpoints"),
          QStringLiteral("DROP TABLE audit_keys"), QStringLiteral("DROP TABLE store_info"),
          QStringLiteral("ALTER TABLE actions DROP COLUMN profile"),
          QStringLiteral("DROP TABLE subject_terms"), QStringLiteral("ALTER TABLE subjects DROP COLUMN name"),
          QStringLiteral("ALTER TABLE subjects DROP COLUMN phone"),
          QStringLiteral("ALTER TABLE subjects DROP COLUMN attributes"),
          QStringLiteral("DELETE FROM schema_version WHERE version >= 6")}) {
        QSqlQuery q(raw);
        QVERIFY2(q.exec(sql), qPrintable(sql + QStringLiteral(": ") + q.lastError().text()));
    }
    const QString headHash =
        adminValue(m_store, QStringLiteral("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")).toString();
    const int entries = adminValue(m_store, QStringLiteral("SELECT count(*) FROM audit")).toInt();
    QVERIFY(!headHash.isEmpty());

    // --check says what is missing, and leaves the store at schema 5.
    CliRun r = cli({QStringLiteral("--store"), url(m_store), QStringLiteral("admin"), QStringLiteral("init"),
                    QStringLiteral("--check")});
    QVERIFY2(r.exitCode == 3, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("schema version 5")), qPrintable(describe(r)));
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT max(version) FROM schema_version")).toInt(), 5);

    // admin init: the schema brought up to date and the team layer made, in place.
    r = cli({QStringLiteral("--store"), url(m_store), QStringLiteral("--json"), QStringLiteral("admin"),
             QStringLiteral("init")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonArray logins = r.json().value(QStringLiteral("new_logins")).toArray();
    QCOMPARE(logins.size(), 3);
    for (const QJsonValue& l : logins) {
        const QString name = l.toObject().value(QStringLiteral("name")).toString();
        const QString first = l.toObject().value(QStringLiteral("first_password")).toString();
        QVERIFY2(first.size() >= 12, qPrintable(name));
        m_firstPass.insert(name, first);
        m_logins << name;
    }
    // The chain kept every entry as it was, and the upgrade is an entry of its own, by the owner.
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT hash FROM audit WHERE seq = (SELECT seq FROM audit "
                                                "WHERE hash = '%1')")
                                     .arg(headHash))
                 .toString(),
             headHash);
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT count(*) FROM audit")).toInt(), entries + 1);
    QCOMPARE(
        adminValue(m_store, QStringLiteral("SELECT event || ' ' || operator FROM audit ORDER BY seq DESC "
                                           "LIMIT 1"))
            .toString(),
        QStringLiteral("team-mode-enabled ") + m_admin.userName());
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT max(version) FROM schema_version")).toInt(),
             SchemaMigrations::latestVersion());

    r = cli({QStringLiteral("--store"), url(m_store), QStringLiteral("admin"), QStringLiteral("init"),
             QStringLiteral("--check")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));

    // An operator signs in as their role with the first password; the whole chain verifies.
    const QString aud = QStringLiteral("a%1_aud").arg(m_id);
    r = cli({QStringLiteral("--store"), url(m_store, aud), QStringLiteral("--operator"), aud,
             QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), m_firstPass.value(aud)}});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
}

void TeamModeAdminTest::firstPasswordsExpireAndTheOperatorsOwnReplacesThem()
{
    if (m_firstPass.isEmpty())
        QSKIP("the upgrade did not run");
    const QString off = QStringLiteral("a%1_off").arg(m_id);
    const QString aud = QStringLiteral("a%1_aud").arg(m_id);
    // A first password works for kFirstPasswordHours, not for ever.
    const QDateTime until = QDateTime::fromString(
        adminValue(m_store,
                   QStringLiteral("SELECT to_char(rolvaliduntil AT TIME ZONE 'UTC', "
                                  "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_roles WHERE rolname = '%1'")
                       .arg(off))
            .toString(),
        Qt::ISODate);
    QVERIFY2(until.isValid(), "a first password without an expiry");
    const qint64 hours = QDateTime::currentDateTimeUtc().secsTo(until) / 3600;
    QVERIFY2(hours >= TeamSchema::kFirstPasswordHours - 1 && hours <= TeamSchema::kFirstPasswordHours,
             qPrintable(until.toString(Qt::ISODate)));

    // Signing in with it says so, every time, and how to choose one's own.
    const QStringList signIn{QStringLiteral("--store"), url(m_store, off), QStringLiteral("--operator"), off};
    CliRun r = cli(signIn + QStringList{QStringLiteral("approvals"), QStringLiteral("list")},
                   {{QStringLiteral("IDENTITYDESK_PASSWORD"), m_firstPass.value(off)}});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("first password")) &&
                 r.err.contains(QLatin1String("operators password")),
             qPrintable(describe(r)));

    // The operator's own password: the first one stops working, the new one has no expiry, audited.
    const QString own = QStringLiteral("my.own.passphrase-1");
    m_ownPassword = own;
    r = cli(signIn + QStringList{QStringLiteral("operators"), QStringLiteral("password")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), m_firstPass.value(off)},
             {QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), own}});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT rolvaliduntil = 'infinity' FROM pg_roles WHERE "
                                                "rolname = '%1'")
                                     .arg(off))
                 .toBool(),
             true);
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT operator FROM audit WHERE event = "
                                                "'operator-password-changed' ORDER BY seq DESC LIMIT 1"))
                 .toString(),
             off);
    r = cli(signIn + QStringList{QStringLiteral("approvals"), QStringLiteral("list")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), m_firstPass.value(off)}});
    QVERIFY2(r.exitCode == 7, qPrintable(describe(r)));
    r = cli(signIn + QStringList{QStringLiteral("approvals"), QStringLiteral("list")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), own}});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(!r.err.contains(QLatin1String("first password")), qPrintable(describe(r)));

    // A first password past its time is refused by the server (the administrator's clock moved on).
    QString error;
    QVERIFY2(TeamClusterAdmin(m_admin).exec(QStringLiteral("ALTER ROLE %1 VALID UNTIL '2001-01-01'").arg(aud),
                                            &error),
             qPrintable(error));
    r = cli({QStringLiteral("--store"), url(m_store, aud), QStringLiteral("--operator"), aud,
             QStringLiteral("audit"), QStringLiteral("verify")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), m_firstPass.value(aud)}});
    QVERIFY2(r.exitCode == 7, qPrintable(describe(r)));

    // Nobody else sets it this way: the function changes only the caller's own role.
    QSqlDatabase offDb = TeamClusterAdmin(m_admin).connect(QStringLiteral("off-own"), m_store, off, own);
    QSqlQuery q(offDb);
    QVERIFY(!q.exec(QStringLiteral("SELECT identitydesk_set_own_password('plain text', '', '', '[]', '', "
                                   "'{}', '{}', '{}', '')")));
    QVERIFY2(q.lastError().text().contains(QLatin1String("SCRAM-SHA-256 verifier")),
             qPrintable(q.lastError().text()));
}

void TeamModeAdminTest::thePasswordAgainIsCheckedByTheServer()
{
    if (m_ownPassword.isEmpty())
        QSKIP("the officer has no password of their own");
    // Unlocking a locked console and a step-up ask for the password again: the console's connection
    // (opened with the right one) proves nothing about who types now, so the server checks what is typed.
    const QString off = QStringLiteral("a%1_off").arg(m_id);
    QString error;
    const std::optional<StoreUrl> parsed = StoreUrl::parse(url(m_store, off, m_ownPassword), &error);
    QVERIFY2(parsed, qPrintable(error));
    SqlStore store(*parsed);
    QVERIFY2(store.open(&error), qPrintable(error));
    QVERIFY(store.enforcesRules());
    const PresenceCheck check(store.opener());
    QVERIFY(!check.check(off, QStringLiteral("not my password"), OperatorService::Presence::Unlock, &error));
    QVERIFY2(error.contains(QLatin1String("Wrong password")), qPrintable(error));
    QVERIFY(!check.check(off, QString(), OperatorService::Presence::StepUp, &error));
    QVERIFY2(check.check(off, m_ownPassword, OperatorService::Presence::Unlock, &error), qPrintable(error));
    QCOMPARE(
        adminValue(m_store, QStringLiteral("SELECT event FROM audit WHERE operator = '%1' ORDER BY seq DESC "
                                           "LIMIT 1")
                                .arg(off))
            .toString(),
        QStringLiteral("unlocked"));
    QCOMPARE(
        adminValue(m_store, QStringLiteral("SELECT count(*) FROM audit WHERE operator = '%1' AND event = "
                                           "'sign-in-failed'")
                                .arg(off))
            .toInt(),
        2);
}

void TeamModeAdminTest::badInputIsNamedWithItsExitCode()
{
    // A remote host without certificate checks: a usage error, nothing contacted.
    CliRun r = cli({QStringLiteral("--store"),
                    QStringLiteral("postgresql://someone@db.example.org/store?sslmode=disable"),
                    QStringLiteral("--json"), QStringLiteral("admin"), QStringLiteral("init")});
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
    QCOMPARE(r.json().value(QStringLiteral("exit_code")).toInt(), 2);
    QVERIFY2(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("sslmode=disable")),
             qPrintable(describe(r)));
    // … nor one that names loopback in the URL and a remote address in an option.
    r = cli({QStringLiteral("--store"),
             QStringLiteral("postgresql://someone@localhost/store?hostaddr=192.0.2.7&sslmode=prefer"),
             QStringLiteral("admin"), QStringLiteral("init"), QStringLiteral("--check")});
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));

    if (m_store.isEmpty())
        QSKIP("the upgrade did not run");
    // An owner without CREATEROLE: the server's refusal, exit 7, and the team layer not made.
    const QString owner = QStringLiteral("a%1_owner").arg(m_id);
    const QString db = createDatabase();
    QString error;
    QVERIFY2(TeamClusterAdmin(m_admin).exec(
                 QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(owner, QLatin1String(kUrlPassword)),
                 &error),
             qPrintable(error));
    m_logins << owner;
    adminValue(db, QStringLiteral("SELECT 1")); // connect once, for the grant below in that database
    {
        QSqlQuery q(QSqlDatabase::database(QStringLiteral("admin-") + db));
        QVERIFY2(q.exec(QStringLiteral("GRANT ALL ON SCHEMA public TO %1").arg(owner)),
                 qPrintable(q.lastError().text()));
    }
    r = cli({QStringLiteral("--store"), url(db, owner, QLatin1String(kUrlPassword)), QStringLiteral("admin"),
             QStringLiteral("init")});
    QVERIFY2(r.exitCode == 7, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QLatin1String("CREATEROLE")), qPrintable(describe(r)));
    QCOMPARE(adminValue(db, QStringLiteral(
                                "SELECT count(*) FROM pg_proc WHERE proname = 'identitydesk_submit_action'"))
                 .toInt(),
             0);

    // A login role that is in none of the store's groups: not permitted, named.
    const QString stranger = QStringLiteral("a%1_stranger").arg(m_id);
    QVERIFY2(TeamClusterAdmin(m_admin).exec(
                 QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(stranger, QLatin1String(kPassword)),
                 &error),
             qPrintable(error));
    m_logins << stranger;
    r = cli({QStringLiteral("--store"), url(m_store, stranger), QStringLiteral("--operator"), stranger,
             QStringLiteral("approvals"), QStringLiteral("list")},
            {{QStringLiteral("IDENTITYDESK_PASSWORD"), QLatin1String(kPassword)}});
    QVERIFY2(r.exitCode == 7, qPrintable(describe(r)));

    // A function called with a wrong argument: the server's own words, and nothing written.
    const QString sup = QStringLiteral("a%1_sup").arg(m_id);
    const int before = adminValue(m_store, QStringLiteral("SELECT count(*) FROM audit")).toInt();
    QSqlDatabase supDb =
        TeamClusterAdmin(m_admin).connect(QStringLiteral("sup-args"), m_store, sup, m_firstPass.value(sup));
    QVERIFY2(supDb.isOpen(), qPrintable(supDb.lastError().text()));
    QSqlQuery q(supDb);
    QVERIFY(!q.exec(QStringLiteral("SELECT identitydesk_update_operator('%1', 'superuser', true, '', '', '', "
                                   "'[]', 'r', '{}', '{}', '{}', '')")
                        .arg(QStringLiteral("a%1_off").arg(m_id))));
    QVERIFY2(q.lastError().text().contains(QLatin1String("unknown role \"superuser\"")),
             qPrintable(q.lastError().text()));
    QVERIFY(
        !q.exec(QStringLiteral("SELECT identitydesk_add_checkpoint(1, 'not-the-hash', 'now', 'k', 's')")));
    QVERIFY2(q.lastError().text().contains(QLatin1String("does not have the hash")),
             qPrintable(q.lastError().text()));
    QCOMPARE(adminValue(m_store, QStringLiteral("SELECT count(*) FROM audit")).toInt(), before);
}

QTEST_GUILESS_MAIN(TeamModeAdminTest)
#include "tst_teammode_admin.moc"
