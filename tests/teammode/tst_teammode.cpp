// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 31: a team store whose rules PostgreSQL enforces. A store with operators and history (made the
// shared-credential way) is upgraded by admin init; then each operator signs in as their own database
// role, the console's own paths work for each role, and every attack of the issue, tried with plain
// SQL under an officer's, a supervisor's and an auditor's login, is refused by the server.
#include "TeamClusterAdmin.h"
#include "domain/Policy.h"
#include "services/OperatorService.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"
#include "store/TeamSchema.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <memory>

namespace {
const char kPassword[] = "correct horse battery";

AuditEntry entry(const QString& event, const QString& action)
{
    AuditEntry e;
    e.event = event;
    e.action = action;
    e.reason = QStringLiteral("test");
    return e;
}

ActionRecord request(const QString& user, bool requiresApproval)
{
    ActionRecord a;
    a.request.provider = QStringLiteral("smileid");
    a.request.action = QStringLiteral("flag");
    a.request.userId = user;
    a.request.params = requiresApproval ? QJsonObject{{QStringLiteral("flag"), QStringLiteral("delete")},
                                                      {QStringLiteral("value"), true}}
                                        : QJsonObject{{QStringLiteral("flag"), QStringLiteral("active")},
                                                      {QStringLiteral("value"), false}};
    a.request.reason = QStringLiteral("case 4711");
    a.requiresApproval = requiresApproval;
    a.state = requiresApproval ? ActionRecord::State::PendingApproval : ActionRecord::State::Sending;
    return a;
}

AuditEntry intentOf(const ActionRecord& a)
{
    AuditEntry e = entry(QStringLiteral("intent"), a.actionKey());
    e.provider = a.request.provider;
    e.subjectIds = QStringList{a.request.userId};
    e.requestSummary = a.request.params;
    return e;
}
} // namespace

class TeamModeTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void adminInitUpgradesAndChecks();
    void eachRoleSignsInAsItsDatabaseRole();
    void consolePathsWorkForEachRole();
    void attacksAreRefusedForEachRole_data();
    void attacksAreRefusedForEachRole();
    void supervisorGrantNeedsASecondSupervisor();
    void chainStillVerifies();
    void tlsToTheStore();
    void existingRoleJoinsWithItsOwnAuthentication();
    void directoryPersonSignsInWithTheDirectoryPassword();

private:
    QString url(const QString& user, const QString& password) const;
    std::unique_ptr<SqlStore> openAs(const QString& user, const QString& password, QString* error) const;
    QSqlDatabase raw(const QString& user);
    bool adminExec(const QString& sql, QString* error);

    QUrl m_admin;
    QString m_db;
    QString m_prefix;
    QMap<QString, QString> m_passwords; ///< operator → password
    qint64 m_pending = 0;               ///< an action of off waiting for approval
    qint64 m_bulkJob = 0;
    QStringList m_connections;
};

QString TeamModeTest::url(const QString& user, const QString& password) const
{
    QUrl u = m_admin;
    u.setUserName(user);
    u.setPassword(password);
    u.setPath(QLatin1Char('/') + m_db);
    return u.toString();
}

std::unique_ptr<SqlStore> TeamModeTest::openAs(const QString& user, const QString& password,
                                               QString* error) const
{
    const std::optional<StoreUrl> parsed = StoreUrl::parse(url(user, password), error);
    if (!parsed)
        return nullptr;
    auto store = std::make_unique<SqlStore>(*parsed);
    if (!store->open(error))
        return nullptr;
    return store;
}

QSqlDatabase TeamModeTest::raw(const QString& user)
{
    const QString name = QStringLiteral("raw-") + user;
    if (!QSqlDatabase::contains(name))
        m_connections << name;
    return TeamClusterAdmin(m_admin).connect(name, m_db, user, m_passwords.value(user));
}

bool TeamModeTest::adminExec(const QString& sql, QString* error)
{
    return TeamClusterAdmin(m_admin).exec(sql, error);
}

void TeamModeTest::initTestCase()
{
    const QString admin = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (admin.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_admin = QUrl(admin);
    // Roles are cluster-wide and tests run in parallel on one cluster: names of this run's own.
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(10);
    m_db = QStringLiteral("idteam_") + id;
    m_prefix = QStringLiteral("t") + id + QLatin1Char('_');
    QString error;
    QVERIFY2(adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_db), &error), qPrintable(error));

    // A shared-credential store, as before issue 31: operators with console password hashes, an
    // action waiting for approval and a bulk job, and their audit entries.
    auto store = openAs(m_admin.userName(), m_admin.password(), &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(!store->enforcesRules());
    OperatorService ops(store.get());
    const std::optional<Operator> sup =
        ops.addOperator(std::nullopt, m_prefix + QStringLiteral("sup"), Role::Supervisor, kPassword, &error);
    QVERIFY2(sup, qPrintable(error));
    for (const auto& [name, role] :
         {qMakePair(QStringLiteral("sup2"), Role::Supervisor),
          qMakePair(QStringLiteral("off"), Role::Officer), qMakePair(QStringLiteral("off2"), Role::Officer),
          qMakePair(QStringLiteral("aud"), Role::Auditor)})
        QVERIFY2(ops.addOperator(sup, m_prefix + name, role, kPassword, &error), qPrintable(error));
    ActionRecord pending = request(QStringLiteral("user-1"), true);
    pending.initiator = m_prefix + QStringLiteral("off");
    const std::optional<qint64> id1 = store->createAction(pending, intentOf(pending), &error);
    QVERIFY2(id1, qPrintable(error));
    m_pending = *id1;
    ActionRecord job;
    job.request.provider = QStringLiteral("bulk");
    job.request.action = QStringLiteral("job");
    job.request.userId = QStringLiteral("rows.csv");
    job.request.reason = QStringLiteral("bulk");
    job.initiator = m_prefix + QStringLiteral("off");
    job.requiresApproval = true;
    job.state = ActionRecord::State::Approved;
    BulkJob b;
    b.fileName = QStringLiteral("rows.csv");
    BulkRow row;
    row.line = 2;
    row.request = request(QStringLiteral("user-2"), false).request;
    const std::optional<qint64> jobId = store->createBulkJob(job, intentOf(job), b, {row}, &error);
    QVERIFY2(jobId, qPrintable(error));
    m_bulkJob = *jobId;
}

void TeamModeTest::cleanupTestCase()
{
    for (const QString& c : std::as_const(m_connections)) {
        QSqlDatabase::database(c).close();
        QSqlDatabase::removeDatabase(c);
    }
    if (m_db.isEmpty())
        return;
    TeamClusterAdmin(m_admin).dropStore(m_db, m_passwords.keys());
}

void TeamModeTest::adminInitUpgradesAndChecks()
{
    QString error;
    auto owner = openAs(m_admin.userName(), m_admin.password(), &error);
    QVERIFY2(owner, qPrintable(error));
    const AuditVerification before = owner->verifyAudit();
    QVERIFY(before.ok);

    Store::TeamModeReport check;
    QVERIFY2(owner->initTeamMode(true, &check, &error), qPrintable(error));
    QVERIFY(!check.problems.isEmpty()); // not yet a team store

    Store::TeamModeReport report;
    QVERIFY2(owner->initTeamMode(false, &report, &error), qPrintable(error));
    QCOMPARE(report.newLogins.size(), 5);
    for (const Store::TeamModeReport::Login& l : report.newLogins) {
        QVERIFY(!l.oneTimePassword.isEmpty());
        m_passwords.insert(l.name, l.oneTimePassword);
    }
    QVERIFY(owner->enforcesRules());

    // Nothing of the chain was rewritten: the old head is still there, and the upgrade is one entry more
    // (and one for the bulk job made before, whose rows the server hashed as they were).
    const AuditVerification after = owner->verifyAudit();
    QVERIFY2(after.ok, qPrintable(after.problem));
    QCOMPARE(after.entries, before.entries + 2);
    QCOMPARE(owner->auditHash(before.headSeq, &error).value_or(QByteArray()), before.headHash);
    AuditFilter last;
    last.limit = 1;
    const auto entries = owner->auditEntries(last, &error);
    QVERIFY2(entries && entries->size() == 1, qPrintable(error));
    QCOMPARE(entries->constFirst().event, QStringLiteral("team-mode-enabled"));
    QCOMPARE(entries->constFirst().operatorName, m_admin.userName());

    Store::TeamModeReport again;
    QVERIFY2(owner->initTeamMode(true, &again, &error), qPrintable(error));
    QVERIFY2(again.problems.isEmpty(), qPrintable(again.problems.join(QLatin1Char('\n'))));

    // Running it again is an upgrade in place: the operators already are login roles.
    Store::TeamModeReport rerun;
    QVERIFY2(owner->initTeamMode(false, &rerun, &error), qPrintable(error));
    QVERIFY(rerun.newLogins.isEmpty());

    // The owner is no operator: the functions refuse it.
    QVERIFY(!owner->appendAudit(entry(QStringLiteral("signed-in"), QStringLiteral("session")), &error));
    QVERIFY2(error.contains(QLatin1String("not an active operator")), qPrintable(error));
}

void TeamModeTest::eachRoleSignsInAsItsDatabaseRole()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    QString error;
    for (const auto& [name, role] :
         {qMakePair(QStringLiteral("sup"), Role::Supervisor), qMakePair(QStringLiteral("off"), Role::Officer),
          qMakePair(QStringLiteral("aud"), Role::Auditor)}) {
        const QString login = m_prefix + name;
        auto store = openAs(login, m_passwords.value(login), &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->enforcesRules());
        bool refused = false;
        const std::optional<Operator> op =
            OperatorService(store.get()).signIn(login, QString(), &error, &refused);
        QVERIFY2(op, qPrintable(error));
        QCOMPARE(op->name, login);
        QCOMPARE(op->role, role);
        // Another name than the connection's is refused.
        QVERIFY(!OperatorService(store.get())
                     .signIn(m_prefix + QStringLiteral("sup2"), QString(), &error, &refused));
        QVERIFY(refused);
    }
    // A wrong password: the server refuses the connection.
    QVERIFY(!openAs(m_prefix + QStringLiteral("off"), QStringLiteral("wrong-password"), &error));
    QVERIFY2(error.contains(QLatin1String("authentication failed")), qPrintable(error));
}

void TeamModeTest::consolePathsWorkForEachRole()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    QString error;
    const QString offName = m_prefix + QStringLiteral("off");
    auto off = openAs(offName, m_passwords.value(offName), &error);
    QVERIFY2(off, qPrintable(error));
    const QString supName = m_prefix + QStringLiteral("sup");
    auto sup = openAs(supName, m_passwords.value(supName), &error);
    QVERIFY2(sup, qPrintable(error));
    const QString audName = m_prefix + QStringLiteral("aud");
    auto aud = openAs(audName, m_passwords.value(audName), &error);
    QVERIFY2(aud, qPrintable(error));

    // The officer requests an action needing approval: initiator is the connection's role, whatever
    // the record says.
    ActionRecord a = request(QStringLiteral("user-9"), true);
    a.initiator = supName; // a lie the server ignores
    const std::optional<qint64> id = off->createAction(a, intentOf(a), &error);
    QVERIFY2(id, qPrintable(error));
    const std::optional<ActionRecord> stored = off->action(*id, &error);
    QVERIFY(stored);
    QCOMPARE(stored->initiator, offName);
    QCOMPARE(stored->state, ActionRecord::State::PendingApproval);

    // A state the policy does not give is refused (the console would otherwise send it).
    ActionRecord wrong = request(QStringLiteral("user-9"), true);
    wrong.state = ActionRecord::State::Sending;
    QVERIFY(!off->createAction(wrong, intentOf(wrong), &error));
    QVERIFY2(error.contains(QLatin1String("policy")), qPrintable(error));

    // The supervisor approves (sending), then the outcome is recorded.
    ActionRecord approved = *stored;
    approved.state = ActionRecord::State::Sending;
    approved.decisionReason = QStringLiteral("checked");
    QVERIFY2(sup->transitionAction(*id, ActionRecord::State::PendingApproval, approved,
                                   entry(QStringLiteral("approved"), a.actionKey()), &error),
             qPrintable(error));
    ActionRecord done = approved;
    done.state = ActionRecord::State::Succeeded;
    done.httpStatus = 200;
    QVERIFY2(sup->transitionAction(*id, ActionRecord::State::Sending, done,
                                   entry(QStringLiteral("outcome"), a.actionKey()), &error),
             qPrintable(error));
    QCOMPARE(off->action(*id, &error)->decidedBy, supName);

    // An action the policy lets through goes straight to sending.
    ActionRecord quick = request(QStringLiteral("user-8"), false);
    QVERIFY2(off->createAction(quick, intentOf(quick), &error), qPrintable(error));

    // The supervisor edits the policy; the officer withdraws its own waiting request.
    QVERIFY2(sup->setPolicyRuleAudited(quick.policyKey(), true,
                                       entry(QStringLiteral("policy-changed"), quick.policyKey()), &error),
             qPrintable(error));
    QCOMPARE(off->policy(&error)->requiresApproval(quick.request), true);
    const std::optional<qint64> second = off->createAction(a, intentOf(a), &error);
    QVERIFY2(second, qPrintable(error));
    ActionRecord withdrawn = *off->action(*second, &error);
    withdrawn.state = ActionRecord::State::Cancelled;
    QVERIFY2(off->transitionAction(*second, ActionRecord::State::PendingApproval, withdrawn,
                                   entry(QStringLiteral("withdrawn"), a.actionKey()), &error),
             qPrintable(error));

    // The supervisor adds an officer, who signs in with the password chosen for them.
    const QString newName = m_prefix + QStringLiteral("new");
    const std::optional<Operator> supOp = OperatorService(sup.get()).signIn(supName, QString(), &error);
    QVERIFY2(supOp, qPrintable(error));
    QVERIFY2(OperatorService(sup.get()).addOperator(supOp, newName, Role::Officer,
                                                    QStringLiteral("a-new-password-1"), &error),
             qPrintable(error));
    m_passwords.insert(newName, QStringLiteral("a-new-password-1"));
    auto fresh = openAs(newName, QStringLiteral("a-new-password-1"), &error);
    QVERIFY2(fresh, qPrintable(error));
    QCOMPARE(fresh->sessionOperator(&error)->role, Role::Officer);
    // …and changes it.
    const std::optional<Operator> newOp = OperatorService(fresh.get()).signIn(newName, QString(), &error);
    QVERIFY(newOp);
    QVERIFY2(OperatorService(fresh.get())
                 .setPassword(*newOp, newName, QStringLiteral("another-password-2"), &error),
             qPrintable(error));
    QVERIFY(!openAs(newName, QStringLiteral("a-new-password-1"), &error));
    QVERIFY2(openAs(newName, QStringLiteral("another-password-2"), &error), qPrintable(error));
    m_passwords.insert(newName, QStringLiteral("another-password-2"));

    // The auditor reads and verifies everything, and its sign-in is audited.
    QVERIFY2(OperatorService(aud.get()).signIn(audName, QString(), &error), qPrintable(error));
    const AuditVerification v = aud->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QVERIFY(aud->operators(&error).has_value());
    // The auditor may not request actions.
    QVERIFY(!aud->createAction(a, intentOf(a), &error));
    QVERIFY2(error.contains(QLatin1String("permission denied")), qPrintable(error));
}

void TeamModeTest::attacksAreRefusedForEachRole_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("sql");
    const QString sup2 = m_prefix + QStringLiteral("sup2");
    const QString sgroup = TeamSchema::groupRole(m_db, Role::Supervisor);
    const QString tail = QStringLiteral("'a', 'p', '[]', 'r', '{}', '{}', '{}', 'o'");
    struct Attack
    {
        const char* name;
        QString sql;
    };
    const QList<Attack> attacks{
        {"update an audit row", QStringLiteral("UPDATE audit SET reason = 'nothing happened' WHERE seq = 1")},
        {"delete an audit row", QStringLiteral("DELETE FROM audit WHERE seq = 1")},
        {"truncate the audit log", QStringLiteral("TRUNCATE audit")},
        {"drop a trigger", QStringLiteral("DROP TRIGGER audit_no_update ON audit")},
        {"disable the triggers", QStringLiteral("ALTER TABLE audit DISABLE TRIGGER ALL")},
        {"insert into audit",
         QStringLiteral("INSERT INTO audit SELECT seq + 1000, time, operator, role, event, action, "
                        "provider, subject_ids, reason, request_summary, before_state, "
                        "after_state, outcome, action_id, prev_hash, hash FROM audit WHERE seq = 1")},
        {"insert an operator",
         QStringLiteral("INSERT INTO operators (name, role, password_hash, created_at) VALUES "
                        "('mallory', 'supervisor', '', '')")},
        {"promote an operator", QStringLiteral("UPDATE operators SET role = 'supervisor'")},
        {"join the supervisor group", QStringLiteral("GRANT %1 TO CURRENT_USER").arg(sgroup)},
        {"edit the policy", QStringLiteral("UPDATE policy SET requires_approval = false")},
        {"add a policy rule", QStringLiteral("INSERT INTO policy VALUES ('smileid.x', false, '', '')")},
        {"change a pending action's initiator",
         QStringLiteral("UPDATE actions SET initiator = '%1' WHERE id = %2").arg(sup2).arg(m_pending)},
        {"change a pending action's request",
         QStringLiteral("UPDATE actions SET params = '{\"flag\":\"active\"}' WHERE id = %1").arg(m_pending)},
        {"change a bulk row after approval",
         QStringLiteral("UPDATE bulk_job_rows SET user_id = 'someone-else' WHERE job_id = %1")
             .arg(m_bulkJob)},
        {"insert a bulk row",
         QStringLiteral(
             "INSERT INTO bulk_job_rows SELECT job_id, line + 100, provider, action, user_id, params, "
             "params_text, reason, problem, preview, state, NULL, row_hash FROM bulk_job_rows "
             "WHERE job_id = %1")
             .arg(m_bulkJob)},
        {"insert a bulk job",
         QStringLiteral(
             "INSERT INTO bulk_jobs SELECT id + 1000, file_name, run_state, concurrency, runner, total, "
             "invalid, updated_at, rows_hash FROM bulk_jobs WHERE id = %1")
             .arg(m_bulkJob)},
        {"rehash a bulk row",
         QStringLiteral("UPDATE bulk_job_rows SET row_hash = '' WHERE job_id = %1").arg(m_bulkJob)},
        {"seal a job's rows anew", QStringLiteral("SELECT identitydesk_seal_bulk_rows(%1)").arg(m_bulkJob)},
        {"call the internal append",
         QStringLiteral("SELECT identitydesk_append('supervisor', 'approved', %1, NULL)").arg(tail)},
        {"write a reserved event", QStringLiteral("SELECT identitydesk_log('approved', %1, NULL)").arg(tail)},
        {"create a function to hijack",
         QStringLiteral("CREATE FUNCTION public.pg_sleep_x() RETURNS int LANGUAGE sql "
                        "AS 'SELECT 1'")},
        {"become the owner", QStringLiteral("SET ROLE %1").arg(m_admin.userName())},
    };
    for (const char* who : {"off", "sup", "aud"})
        for (const Attack& a : attacks)
            QTest::newRow(qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(who), QLatin1String(a.name))))
                << (m_prefix + QLatin1String(who)) << a.sql;
    // What a role's group may not call, and four-eyes.
    const QString approveOwn = QStringLiteral(
        "SELECT identitydesk_transition_action(%1, 'pending-approval', 'sending', 'ok', 0, '', '', "
        "'', 'approved', %2)");
    QTest::newRow("off: approve an action")
        << (m_prefix + QStringLiteral("off2")) << approveOwn.arg(m_pending).arg(tail);
    QTest::newRow("off: edit the policy by its function")
        << (m_prefix + QStringLiteral("off"))
        << QStringLiteral("SELECT identitydesk_set_policy('smileid.x', false, %1)").arg(tail);
    QTest::newRow("off: add an operator by its function")
        << (m_prefix + QStringLiteral("off"))
        << QStringLiteral("SELECT identitydesk_add_operator('mallory2', 'supervisor', '', %1)").arg(tail);
    QTest::newRow("aud: submit an action")
        << (m_prefix + QStringLiteral("aud"))
        << QStringLiteral(
               "SELECT identitydesk_submit_action('smileid', 'flag', 'u', '{}', 'r', '', '', 'smileid.x', "
               "'pending-approval', %1)")
               .arg(tail);
    // The state an action takes is the stored policy's, not the client's: a request that claims
    // "no approval needed" for a key whose rule (or missing rule: fail closed) needs approval.
    for (const char* who : {"off", "sup"})
        QTest::newRow(qPrintable(QStringLiteral("%1: submit past the stored policy").arg(QLatin1String(who))))
            << (m_prefix + QLatin1String(who))
            << QStringLiteral("SELECT identitydesk_submit_action('smileid', 'flag', 'u', "
                              "'{\"flag\": \"delete\", \"value\": true}', 'r', '', '', 'smileid.delete', "
                              "'sending', %1)")
                   .arg(tail);
    // Team mode 4: the rule is the server's to name from the action and its parameters, so a
    // permanent block cannot be filed under reactivation's rule (which needs no approval).
    for (const char* who : {"off", "sup"})
        QTest::newRow(qPrintable(
            QStringLiteral("%1: file an action under a rule that needs no approval").arg(QLatin1String(who))))
            << (m_prefix + QLatin1String(who))
            << QStringLiteral("SELECT identitydesk_submit_action('smileid', 'flag', 'u', "
                              "'{\"flag\": \"delete\", \"value\": true}', 'r', '', '', 'smileid.active', "
                              "'sending', %1)")
                   .arg(tail);
    QTest::newRow("aud: submit a bulk job")
        << (m_prefix + QStringLiteral("aud"))
        << QStringLiteral("SELECT identitydesk_submit_bulk_job('x.csv', 1, '{}', 'r', '', '[]', %1)")
               .arg(tail);
    QTest::newRow("aud: send a bulk row")
        << (m_prefix + QStringLiteral("aud"))
        << QStringLiteral(
               "SELECT identitydesk_claim_bulk_row(%1, 2, 'smileid', 'flag', 'u', '{}', 'r', '', '', %2)")
               .arg(m_bulkJob)
               .arg(tail);
    QTest::newRow("aud: approve an action")
        << (m_prefix + QStringLiteral("aud")) << approveOwn.arg(m_pending).arg(tail);
    // Team mode 3: a runner's turn in one call holds the same rules; its internal functions, which
    // take the caller's role as an argument, nobody may call.
    const QString approveInBatch =
        QStringLiteral("SELECT identitydesk_record_bulk_batch('[{\"id\": %1, \"expected\": "
                       "\"pending-approval\", \"state\": \"sending\", \"event\": \"approved\", "
                       "\"entry\": {\"subjects\": \"[]\", \"summary\": \"{}\", \"before\": \"{}\", "
                       "\"after\": \"{}\"}}]', '[]')")
            .arg(m_pending);
    QTest::newRow("off: approve an action in a bulk turn")
        << (m_prefix + QStringLiteral("off2")) << approveInBatch;
    QTest::newRow("aud: record a bulk turn") << (m_prefix + QStringLiteral("aud")) << approveInBatch;
    for (const char* who : {"off", "sup", "aud"})
        QTest::newRow(qPrintable(
            QStringLiteral("%1: approve as a supervisor by the internal function").arg(QLatin1String(who))))
            << (m_prefix + QLatin1String(who))
            << QStringLiteral(
                   "SELECT identitydesk_transition_as('supervisor', %1, 'pending-approval', 'sending', "
                   "'ok', 0, '', '', '', 'approved', %2)")
                   .arg(m_pending)
                   .arg(tail);
    QTest::newRow("off: promote oneself")
        << (m_prefix + QStringLiteral("off"))
        << QStringLiteral(
               "SELECT identitydesk_update_operator(session_user::text, 'supervisor', true, '', %1)")
               .arg(tail);
    // Team mode 4: a supervisor's own record is nobody's to write through the function, the
    // supervisor's least of all (not even "no change", which would put an entry of their choosing in
    // the log).
    QTest::newRow("sup: rewrite one's own operator record")
        << (m_prefix + QStringLiteral("sup"))
        << QStringLiteral("SELECT identitydesk_update_operator(session_user::text, 'supervisor', true, "
                          "'operator-changed', "
                          "%1)")
               .arg(tail);
}

void TeamModeTest::attacksAreRefusedForEachRole()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    QFETCH(QString, who);
    QFETCH(QString, sql);
    QSqlDatabase db = raw(who);
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
    QSqlQuery q(db);
    const bool worked = q.exec(sql);
    QVERIFY2(!worked, qPrintable(QStringLiteral("the server let %1 run: %2").arg(who, sql)));
    const QString why = q.lastError().databaseText();
    QVERIFY2(why.contains(QLatin1String("permission denied")) ||
                 why.contains(QLatin1String("must be owner")) || why.contains(QLatin1String("may not")) ||
                 why.contains(QLatin1String("four-eyes")) || why.contains(QLatin1String("written only by")) ||
                 why.contains(QLatin1String("must have admin")) ||
                 why.contains(QLatin1String("cannot change their own")) ||
                 why.contains(QLatin1String("only a supervisor")) ||
                 why.contains(QLatin1String("the policy for")) ||
                 why.contains(QLatin1String("is not the rule of")),
             qPrintable(why));
}

void TeamModeTest::supervisorGrantNeedsASecondSupervisor()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    QString error;
    const QString supName = m_prefix + QStringLiteral("sup");
    const QString sup2Name = m_prefix + QStringLiteral("sup2");
    const QString target = m_prefix + QStringLiteral("off2");
    auto sup = openAs(supName, m_passwords.value(supName), &error);
    auto sup2 = openAs(sup2Name, m_passwords.value(sup2Name), &error);
    QVERIFY2(sup && sup2, qPrintable(error));
    Operator op = *sup->findOperator(target, nullptr, &error);
    op.role = Role::Supervisor;
    const AuditEntry e = entry(QStringLiteral("operator-role-changed"), QStringLiteral("operators"));
    QVERIFY2(sup->updateOperatorAudited(op, QString(), e, &error), qPrintable(error));
    // Only requested: still an officer, and asking again alone changes nothing.
    QCOMPARE(sup->findOperator(target, nullptr, &error)->role, Role::Officer);
    QVERIFY2(sup->updateOperatorAudited(op, QString(), e, &error), qPrintable(error));
    QCOMPARE(sup->findOperator(target, nullptr, &error)->role, Role::Officer);
    {
        auto off2 = openAs(target, m_passwords.value(target), &error);
        QVERIFY2(off2, qPrintable(error));
        QCOMPARE(off2->sessionOperator(&error)->role, Role::Officer);
    }
    // A second supervisor confirms.
    QVERIFY2(sup2->updateOperatorAudited(op, QString(), e, &error), qPrintable(error));
    QCOMPARE(sup->findOperator(target, nullptr, &error)->role, Role::Supervisor);
    auto promoted = openAs(target, m_passwords.value(target), &error);
    QVERIFY2(promoted, qPrintable(error));
    QCOMPARE(promoted->sessionOperator(&error)->role, Role::Supervisor);

    // Deactivating takes the login away.
    Operator gone = *sup->findOperator(m_prefix + QStringLiteral("new"), nullptr, &error);
    gone.active = false;
    QVERIFY2(sup->updateOperatorAudited(
                 gone, QString(), entry(QStringLiteral("operator-deactivated"), QStringLiteral("operators")),
                 &error),
             qPrintable(error));
    QVERIFY(!openAs(gone.name, m_passwords.value(gone.name), &error));
}

void TeamModeTest::chainStillVerifies()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    QString error;
    auto owner = openAs(m_admin.userName(), m_admin.password(), &error);
    QVERIFY2(owner, qPrintable(error));
    const AuditVerification v = owner->verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    // The server's entries name the database role and the group's role.
    AuditFilter filter;
    filter.operatorName = m_prefix + QStringLiteral("sup");
    const auto entries = owner->auditEntries(filter, &error);
    QVERIFY(entries);
    bool approval = false;
    for (const AuditEntry& e : *entries)
        approval =
            approval || (e.event == QLatin1String("approved") && e.role == QLatin1String("supervisor"));
    QVERIFY(approval);
    Store::TeamModeReport check;
    QVERIFY2(owner->initTeamMode(true, &check, &error), qPrintable(error));
    QVERIFY2(check.problems.isEmpty(), qPrintable(check.problems.join(QLatin1Char('\n'))));
}

void TeamModeTest::tlsToTheStore()
{
    const QString ca = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_CA");
    if (ca.isEmpty() || m_passwords.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_CA is not set (tools/postgres-test-cluster sets it)");
    const QString name = m_prefix + QStringLiteral("aud");
    QString error;
    // The server's own CA: verify-full succeeds (certificate for 127.0.0.1).
    {
        const auto verified = StoreUrl::parse(url(name, m_passwords.value(name)) +
                                                  QStringLiteral("?sslmode=verify-full&sslrootcert=") + ca,
                                              &error);
        QVERIFY2(verified, qPrintable(error));
        SqlStore store(*verified);
        QVERIFY2(store.open(&error), qPrintable(error));
        QVERIFY(store.enforcesRules());
    }
    // Another CA: refused, saying what to do.
    const QString other = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
    if (!QFile::exists(other))
        QSKIP("no other CA bundle to test a wrong CA with");
    const auto wrong = StoreUrl::parse(url(name, m_passwords.value(name)) +
                                           QStringLiteral("?sslmode=verify-full&sslrootcert=") + other,
                                       &error);
    QVERIFY2(wrong, qPrintable(error));
    SqlStore store(*wrong);
    QVERIFY(!store.open(&error));
    QVERIFY2(error.contains(QLatin1String("sslrootcert=FILE")), qPrintable(error));

    // The right CA but another host name than the certificate's (the server at 127.0.0.1 reached
    // as wrong-name.invalid): refused, naming the host name as the problem.
    QUrl renamed(url(name, m_passwords.value(name)));
    renamed.setHost(QStringLiteral("wrong-name.invalid"));
    const auto mismatch = StoreUrl::parse(renamed.toString() + QStringLiteral("?hostaddr=") + m_admin.host() +
                                              QStringLiteral("&sslrootcert=") + ca,
                                          &error);
    QVERIFY2(mismatch, qPrintable(error));
    SqlStore misnamed(*mismatch);
    QVERIFY(!misnamed.open(&error));
    QVERIFY2(error.contains(QLatin1String("another host name")), qPrintable(error));
}

void TeamModeTest::existingRoleJoinsWithItsOwnAuthentication()
{
    if (m_passwords.isEmpty())
        QSKIP("admin init did not run");
    // A role the DBA made for its own sign-in (here a password; LDAP or certificates alike).
    const QString name = m_prefix + QStringLiteral("dir");
    QString error;
    QVERIFY2(adminExec(QStringLiteral("CREATE ROLE \"%1\" LOGIN PASSWORD 'dir-pass-1'").arg(name), &error),
             qPrintable(error));
    m_passwords.insert(name, QStringLiteral("dir-pass-1"));
    const QString supName = m_prefix + QStringLiteral("sup");
    auto sup = openAs(supName, m_passwords.value(supName), &error);
    QVERIFY2(sup, qPrintable(error));
    const std::optional<Operator> supOp = OperatorService(sup.get()).signIn(supName, QString(), &error);
    QVERIFY2(supOp, qPrintable(error));
    QVERIFY2(OperatorService(sup.get()).addOperator(supOp, name, Role::Auditor, QString(), &error),
             qPrintable(error));
    auto joined = openAs(name, QStringLiteral("dir-pass-1"), &error);
    QVERIFY2(joined, qPrintable(error));
    QCOMPARE(joined->sessionOperator(&error)->role, Role::Auditor);
    // A role with more rights than an operator's may not join.
    QVERIFY(
        !OperatorService(sup.get()).addOperator(supOp, m_admin.userName(), Role::Officer, QString(), &error));
}

namespace {
QString sbin(const QString& name)
{
    const QString found = QStandardPaths::findExecutable(name);
    return found.isEmpty() ? QStandardPaths::findExecutable(
                                 name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")})
                           : found;
}

int run(const QString& program, const QStringList& args, QString* output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(20000))
        p.kill();
    *output = QString::fromLocal8Bit(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}
} // namespace

void TeamModeTest::directoryPersonSignsInWithTheDirectoryPassword()
{
    // The cluster authenticates members of identitydesk_ldap_people by LDAP against 127.0.0.1 on
    // IDENTITYDESK_TEST_LDAP_PORT (tools/postgres-test-cluster); this test starts that directory.
    const QString slapd = sbin(QStringLiteral("slapd"));
    const QString slapadd = sbin(QStringLiteral("slapadd"));
    const QString ldappasswd = QStandardPaths::findExecutable(QStringLiteral("ldappasswd"));
    if (slapd.isEmpty() || slapadd.isEmpty() || ldappasswd.isEmpty())
        QSKIP("slapd or ldap-utils is not installed (Debian packages slapd and ldap-utils, in "
              "tools/debian-packages.txt): no directory to sign in against");
    const QString port = qEnvironmentVariable("IDENTITYDESK_TEST_LDAP_PORT");
    if (port.isEmpty() || m_passwords.isEmpty())
        QSKIP("IDENTITYDESK_TEST_LDAP_PORT is not set (tools/postgres-test-cluster sets it)");

    // A throwaway directory with two people: one of them is an operator.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("db")));
    const QString name = m_prefix + QStringLiteral("alice");
    const QString suffix = QStringLiteral(",ou=people,dc=example,dc=org");
    const QString conf = dir.filePath(QStringLiteral("slapd.conf"));
    {
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("include /etc/ldap/schema/core.schema\n"
                               "include /etc/ldap/schema/cosine.schema\n"
                               "include /etc/ldap/schema/inetorgperson.schema\n"
                               "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                               "pidfile %1/slapd.pid\n"
                               "database mdb\nmaxsize 10485760\nsuffix \"dc=example,dc=org\"\n"
                               "rootdn \"cn=admin,dc=example,dc=org\"\nrootpw directory-admin\n"
                               "directory %1/db\n"
                               "access to attrs=userPassword by self write by anonymous auth by * none\n"
                               "access to * by * read\n")
                    .arg(dir.path())
                    .toUtf8());
    }
    const QString ldif = dir.filePath(QStringLiteral("people.ldif"));
    {
        QFile f(ldif);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QString text =
            QStringLiteral("dn: dc=example,dc=org\nobjectClass: dcObject\nobjectClass: organization\n"
                           "dc: example\no: Example\n\n"
                           "dn: ou=people,dc=example,dc=org\nobjectClass: organizationalUnit\n"
                           "ou: people\n");
        for (const QString& uid : {name, m_prefix + QStringLiteral("bob")})
            text += QStringLiteral("\ndn: uid=%1%2\nobjectClass: inetOrgPerson\nuid: %1\ncn: %1\nsn: %1\n"
                                   "userPassword: directory-pass-1\n")
                        .arg(uid, suffix);
        f.write(text.toUtf8());
    }
    QString output;
    QVERIFY2(run(slapadd, {QStringLiteral("-f"), conf, QStringLiteral("-l"), ldif}, &output) == 0,
             qPrintable(output));
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(slapd, {QStringLiteral("-f"), conf, QStringLiteral("-h"),
                         QStringLiteral("ldap://127.0.0.1:%1/").arg(port), QStringLiteral("-d"),
                         QStringLiteral("0")});
    QVERIFY2(server.waitForStarted(), qPrintable(server.errorString()));
    const auto stop = qScopeGuard([&server] {
        server.terminate();
        if (!server.waitForFinished(5000))
            server.kill();
    });
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&port] {
            QTcpSocket s;
            s.connectToHost(QStringLiteral("127.0.0.1"), port.toUShort());
            return s.waitForConnected(200);
        }(),
        qPrintable(QStringLiteral("slapd did not listen on %1: %2")
                       .arg(port, QString::fromLocal8Bit(server.readAll()))),
        10000);

    // The DBA makes the role with directory sign-in (no password in PostgreSQL); a supervisor adds it.
    QString error;
    QVERIFY2(
        adminExec(
            QStringLiteral("CREATE ROLE \"%1\" LOGIN; GRANT identitydesk_ldap_people TO \"%1\"").arg(name),
            &error),
        qPrintable(error));
    m_passwords.insert(name, QString());
    const QString supName = m_prefix + QStringLiteral("sup");
    auto sup = openAs(supName, m_passwords.value(supName), &error);
    QVERIFY2(sup, qPrintable(error));
    const std::optional<Operator> supOp = OperatorService(sup.get()).signIn(supName, QString(), &error);
    QVERIFY2(supOp, qPrintable(error));
    QVERIFY2(OperatorService(sup.get()).addOperator(supOp, name, Role::Officer, QString(), &error),
             qPrintable(error));

    // The person signs in to the console with the directory password.
    {
        auto alice = openAs(name, QStringLiteral("directory-pass-1"), &error);
        QVERIFY2(alice, qPrintable(error));
        const std::optional<Operator> op = OperatorService(alice.get()).signIn(name, QString(), &error);
        QVERIFY2(op, qPrintable(error));
        QCOMPARE(op->role, Role::Officer);
    }
    QVERIFY(!openAs(name, QStringLiteral("a-guess"), &error));

    // The directory account's password changes: the old one is refused, the new one works.
    QVERIFY2(run(ldappasswd,
                 {QStringLiteral("-x"), QStringLiteral("-H"), QStringLiteral("ldap://127.0.0.1:%1").arg(port),
                  QStringLiteral("-D"), QStringLiteral("cn=admin,dc=example,dc=org"), QStringLiteral("-w"),
                  QStringLiteral("directory-admin"), QStringLiteral("-s"), QStringLiteral("directory-pass-2"),
                  QStringLiteral("uid=") + name + suffix},
                 &output) == 0,
             qPrintable(output));
    QVERIFY(!openAs(name, QStringLiteral("directory-pass-1"), &error));
    QVERIFY2(error.contains(QLatin1String("LDAP authentication failed")), qPrintable(error));
    QVERIFY2(openAs(name, QStringLiteral("directory-pass-2"), &error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TeamModeTest)
#include "tst_teammode.moc"
