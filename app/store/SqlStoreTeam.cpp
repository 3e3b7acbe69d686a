// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore: the enforced team mode (docs/architecture.md, "Team mode where PostgreSQL enforces the
// rules"). In an enforced store every state change is one call of a SECURITY DEFINER function that
// checks the caller's group role, four-eyes and the policy, and appends the audit entry with its
// hash computed by the server; the console writes no protected table itself.
#include "SqlStore.h"

#include "ScramVerifier.h"
#include "TeamFunctionCall.h"
#include "TeamSchema.h"
#include "domain/Policy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace {
bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

/// A password an administrator hands out once: 20 characters from an unambiguous alphabet.
QString firstPassword()
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString out;
    for (int i = 0; i < 20; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return out;
}

QString quotedIdentifier(const QString& name)
{
    QString s = name;
    s.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}
} // namespace

bool SqlStore::detectTeamMode(QString* error)
{
    m_enforced = false;
    if (m_dialect.kind != SqlDialect::Kind::Postgresql)
        return true;
    QSqlQuery q(m_db);
    if (!exec(q, QStringLiteral("SELECT value FROM store_info WHERE name = 'team_mode'"), {},
              tr("read the store's team mode"), error))
        return false;
    m_teamMode = q.next() ? q.value(0).toInt() : 0;
    m_enforced = m_teamMode > 0;
    return true;
}

bool SqlStore::enforcedMigrationRefused(QString* error)
{
    if (m_dialect.kind != SqlDialect::Kind::Postgresql ||
        !m_db.tables().contains(QStringLiteral("store_info")))
        return false;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT value FROM store_info WHERE name = 'team_mode'")) || !q.next())
        return false;
    QSqlQuery owner(m_db);
    if (owner.exec(QStringLiteral("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'audit' "
                                  "AND schemaname = 'public'")) &&
        owner.next() && owner.value(0).toBool())
        return false; // the owner (admin init) migrates
    fail(error, tr("The team store at %1 has an older schema than this IdentityDesk, and only its owner may "
                   "upgrade it: ask the administrator to run identitydesk-cli --store postgresql://OWNER@… "
                   "admin init.")
                    .arg(location()));
    return true;
}

bool SqlStore::enforcedBulkMissing(const QString& what, QString* error) const
{
    if (m_teamMode >= 2)
        return false;
    return !fail(error,
                 tr("Cannot %1 in the team store at %2: its server functions for bulk jobs are missing "
                    "(team mode %3). Ask the administrator to run identitydesk-cli --store "
                    "postgresql://OWNER@… admin init.")
                     .arg(what, location())
                     .arg(m_teamMode));
}

bool SqlStore::callFunction(QSqlQuery& query, const QString& sql, const QVariantList& values,
                            const QString& what, QString* error)
{
    if (!exec(query, sql, values, what, error))
        return false;
    if (!query.next())
        return fail(error, tr("Cannot %1 in the store at %2: the database returned nothing. %3")
                               .arg(what, location(), advice()));
    return true;
}

bool SqlStore::callCachedFunction(const QString& sql, const QVariantList& values, const QString& what,
                                  QVariant* result, QString* error)
{
    QSqlQuery* q = execCached(sql, values, what, error);
    if (!q)
        return false;
    const bool found = q->next();
    if (found)
        *result = q->value(0);
    q->finish();
    if (!found)
        return fail(error, tr("Cannot %1 in the store at %2: the database returned nothing. %3")
                               .arg(what, location(), advice()));
    return true;
}

bool SqlStore::checkSessionPassword(const QString& password, QString* error)
{
    if (!m_enforced)
        return Store::checkSessionPassword(password, error);
    QSqlQuery who(m_db);
    if (!callFunction(who, QStringLiteral("SELECT session_user"), {}, tr("read who is signed in"), error))
        return false;
    const QString name = who.value(0).toString();
    if (password.isEmpty())
        return fail(error, tr("Type the password of %1.").arg(name));
    // The server is the one to check it: a connection of its own as that role, with the password typed.
    SqlStore probe(m_url.withUserName(name).withPassword(password));
    QString openError;
    if (probe.open(&openError))
        return true;
    return fail(error, openError.contains(QLatin1String("authentication failed"))
                           ? tr("Wrong password for %1 (the team store's server refused it).").arg(name)
                           : openError);
}

std::optional<QDateTime> SqlStore::sessionPasswordExpiry(QString* error)
{
    if (!m_enforced)
        return QDateTime();
    QSqlQuery q(m_db);
    if (!callFunction(
            q,
            QStringLiteral("SELECT rolvaliduntil IS NOT NULL AND rolvaliduntil <> 'infinity', "
                           "to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                           "FROM pg_roles WHERE rolname = session_user"),
            {}, tr("read when your password expires"), error))
        return std::nullopt;
    if (!q.value(0).toBool())
        return QDateTime();
    return QDateTime::fromString(q.value(1).toString(), Qt::ISODate);
}

std::optional<Operator> SqlStore::sessionOperator(QString* error)
{
    if (!m_enforced)
        return Store::sessionOperator(error);
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT session_user, identitydesk_whoami()"), {}, tr("sign in"), error) ||
        !q.next()) {
        if (error && error->isEmpty())
            *error = tr("Cannot sign in to the store at %1.").arg(location());
        return std::nullopt;
    }
    const QString name = q.value(0).toString();
    const std::optional<Role> role = Roles::fromString(q.value(1).toString());
    if (!role) {
        fail(error,
             tr("The database role “%1” is not an active operator of the team store at %2 (it is in none "
                "of its group roles, or deactivated). Ask the administrator: identitydesk-cli admin init "
                "--check lists what is missing.")
                 .arg(name, location()));
        return std::nullopt;
    }
    std::optional<Operator> op = findOperator(name, nullptr, error);
    if (!op) {
        if (error && error->isEmpty())
            *error =
                tr("The database role “%1” has no operator record in the store at %2.").arg(name, location());
        return std::nullopt;
    }
    op->role = *role; // the group the server checks, not the column
    return op;
}

std::optional<qint64> SqlStore::enforcedCreateAction(const ActionRecord& action, const AuditEntry& intent,
                                                     QString* error)
{
    qint64 id = 0;
    const ActionRequest& r = action.request;
    const bool ok = writeTransaction(tr("record the action"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        const QVariantList values =
            QVariantList{TeamFunctionCall::clean(r.provider),
                         TeamFunctionCall::clean(r.action),
                         TeamFunctionCall::clean(r.userId),
                         QString::fromUtf8(QJsonDocument(r.params).toJson(QJsonDocument::Compact)),
                         TeamFunctionCall::clean(r.reason),
                         r.profile ? r.profile->toText() : QStringLiteral(""),
                         TeamFunctionCall::clean(action.sender),
                         action.policyKey(),
                         ActionRecord::stateName(action.state)} +
            TeamFunctionCall::entryArgs(intent);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_submit_action(%1)")
                              .arg(TeamFunctionCall::placeholders(17)),
                          values, tr("record the action"), err))
            return false;
        id = q.value(0).toLongLong();
        return true;
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool SqlStore::enforcedTransition(const Transition& t, bool* applied, QString* error)
{
    const ActionRecord& u = t.updated;
    const QVariantList values = QVariantList{t.id,
                                             ActionRecord::stateName(t.expectedState),
                                             ActionRecord::stateName(u.state),
                                             TeamFunctionCall::clean(u.decisionReason),
                                             u.httpStatus,
                                             TeamFunctionCall::clean(u.providerCode),
                                             TeamFunctionCall::clean(u.outcomeMessage),
                                             TeamFunctionCall::clean(u.sender),
                                             TeamFunctionCall::clean(t.entry.event)} +
                                TeamFunctionCall::entryArgs(t.entry);
    QVariant result;
    if (!callCachedFunction(QStringLiteral("SELECT identitydesk_transition_action(%1)")
                                .arg(TeamFunctionCall::placeholders(17)),
                            values, tr("update action %1").arg(t.id), &result, error))
        return false;
    *applied = result.toBool();
    return true;
}

bool SqlStore::enforcedAppend(AuditEntry& entry, QString* error)
{
    QSqlQuery q(m_db);
    const QVariantList values =
        QVariantList{TeamFunctionCall::clean(entry.event)} + TeamFunctionCall::entryArgs(entry) +
        QVariantList{entry.actionId > 0 ? QVariant(entry.actionId) : QVariant(QMetaType::fromType<qint64>())};
    if (!callFunction(q,
                      QStringLiteral("SELECT identitydesk_log(%1)").arg(TeamFunctionCall::placeholders(10)),
                      values, tr("append to the audit log"), error))
        return false;
    entry.seq = q.value(0).toLongLong();
    return true;
}

bool SqlStore::enforcedSetPolicy(const QString& key, bool requiresApproval, const AuditEntry& entry,
                                 QString* error)
{
    return writeTransaction(tr("change the policy"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        return callFunction(
            q, QStringLiteral("SELECT identitydesk_set_policy(%1)").arg(TeamFunctionCall::placeholders(10)),
            QVariantList{key.trimmed(), requiresApproval} + TeamFunctionCall::entryArgs(entry),
            tr("change the policy for “%1”").arg(key), err);
    });
}

bool SqlStore::enforcedAddOperator(const Operator& op, const QString& passwordVerifier,
                                   const AuditEntry& entry, QString* error)
{
    if (!passwordVerifier.isEmpty() && !ScramVerifier::isVerifier(passwordVerifier))
        return fail(error,
                    tr("The password for operator “%1” is not a SCRAM verifier; a team store never receives "
                       "plain passwords. This is a bug in IdentityDesk: please report it.")
                        .arg(op.name));
    return writeTransaction(tr("add an operator"), error, [&](QString* err) {
        QSqlQuery q(m_db);
        return callFunction(
            q, QStringLiteral("SELECT identitydesk_add_operator(%1)").arg(TeamFunctionCall::placeholders(11)),
            QVariantList{op.name.trimmed(), Roles::toString(op.role), passwordVerifier} +
                TeamFunctionCall::entryArgs(entry),
            tr("add the operator “%1”").arg(op.name), err);
    });
}

bool SqlStore::enforcedUpdateOperator(const Operator& op, const QString& passwordVerifier,
                                      const AuditEntry& entry, QString* error)
{
    const QString what = tr("change the operator “%1”").arg(op.name);
    if (!passwordVerifier.isEmpty()) {
        // A login role may change its own password; nobody changes another's here (the DBA does).
        if (!ScramVerifier::isVerifier(passwordVerifier))
            return fail(error, tr("The password for operator “%1” is not a SCRAM verifier. This is a bug in "
                                  "IdentityDesk: please report it.")
                                   .arg(op.name));
        return writeTransaction(what, error, [&](QString* err) {
            QSqlQuery who(m_db);
            if (!callFunction(who, QStringLiteral("SELECT session_user"), {}, what, err))
                return false;
            if (who.value(0).toString() != op.name)
                return fail(err,
                            tr("In a team store each operator changes their own password (their database "
                               "role's); the database administrator resets a forgotten one."));
            QSqlQuery q(m_db);
            if (m_teamMode >= 4) // the server's function, which also ends a first password's expiry
                return callFunction(q,
                                    QStringLiteral("SELECT identitydesk_set_own_password(%1)")
                                        .arg(TeamFunctionCall::placeholders(9)),
                                    QVariantList{passwordVerifier} + TeamFunctionCall::entryArgs(entry), what,
                                    err);
            // A verifier is base64 and '$' ':' digits only, so it needs no escaping beyond quotes.
            if (!exec(q,
                      QStringLiteral("ALTER ROLE %1 PASSWORD '%2'")
                          .arg(quotedIdentifier(op.name),
                               QString(passwordVerifier).replace(QLatin1Char('\''), QString())),
                      {}, what, err))
                return false;
            AuditEntry e = entry;
            return enforcedAppend(e, err);
        });
    }
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return callFunction(
            q,
            QStringLiteral("SELECT identitydesk_update_operator(%1)").arg(TeamFunctionCall::placeholders(12)),
            QVariantList{op.name.trimmed(), Roles::toString(op.role), op.active,
                         TeamFunctionCall::clean(entry.event)} +
                TeamFunctionCall::entryArgs(entry),
            what, err);
    });
}

bool SqlStore::enforcedRegisterCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry,
                                             bool* added, QString* error)
{
    return writeTransaction(tr("register the checkpoint key %1").arg(key.keyId), error, [&](QString* err) {
        QSqlQuery q(m_db);
        if (!callFunction(q,
                          QStringLiteral("SELECT identitydesk_register_checkpoint_key(%1)")
                              .arg(TeamFunctionCall::placeholders(10)),
                          QVariantList{key.keyId, QString::fromLatin1(key.publicKey.toBase64())} +
                              TeamFunctionCall::entryArgs(entry),
                          tr("register the checkpoint key %1").arg(key.keyId), err))
            return false;
        if (added)
            *added = q.value(0).toLongLong() > 0;
        return true;
    });
}

bool SqlStore::enforcedAddCheckpoint(const AuditCheckpoint& c, QString* error)
{
    const QString what = tr("keep the audit checkpoint of entry %1").arg(c.seq);
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        return callFunction(q, QStringLiteral("SELECT identitydesk_add_checkpoint(?, ?, ?, ?, ?)::text"),
                            {c.seq, QString::fromLatin1(c.headHash), AuditEntry::formatTime(c.time), c.keyId,
                             QString::fromLatin1(c.signature.toBase64())},
                            what, err);
    });
}

// ---------------------------------------------------------------------------------------- admin init

bool SqlStore::initTeamMode(bool checkOnly, TeamModeReport* report, QString* error)
{
    if (m_dialect.kind != SqlDialect::Kind::Postgresql)
        return Store::initTeamMode(checkOnly, report, error);
    if (!ready(error))
        return false;
    const QString db = m_url.databaseName();
    for (Role r : {Role::Officer, Role::Supervisor, Role::Auditor})
        report->groupRoles << TeamSchema::groupRole(db, r);
    if (checkOnly)
        return checkTeamMode(report, error);

    const QString what = tr("set up the team mode");
    const bool wasEnforced = m_enforced;
    const bool ok = writeTransaction(what, error, [&](QString* err) {
        QSqlQuery me(m_db);
        if (!callFunction(
                me,
                QStringLiteral("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"),
                {}, what, err))
            return false;
        if (!me.value(0).toBool())
            return fail(err,
                        tr("The role in the store URL may not create roles: give it CREATEROLE (ALTER ROLE "
                           "owner CREATEROLE, as a superuser) and run admin init again."));
        for (const QString& statement : TeamSchema::install(db))
            if (!execPlain(statement, what, err))
                return false;
        report->done << tr("group roles %1").arg(report->groupRoles.join(QLatin1String(", ")))
                     << tr("functions and privileges");
        // The defaults as rows: a key missing from the table needs approval on the server (fail closed).
        const QMap<QString, bool> defaults = Policy::defaults().rules();
        for (auto it = defaults.cbegin(); it != defaults.cend(); ++it) {
            QSqlQuery q(m_db);
            if (!exec(q,
                      QStringLiteral(
                          "INSERT INTO policy (action_key, requires_approval, updated_by, updated_at) "
                          "VALUES (?, ?, '', ?) ON CONFLICT (action_key) DO NOTHING"),
                      {it.key(), it.value(), AuditEntry::formatTime(QDateTime::currentDateTimeUtc())}, what,
                      err))
                return false;
        }
        // Which parameter names an action's rule, as the provider modules say (ProviderModule::policyKey).
        if (!execPlain(QStringLiteral("DELETE FROM policy_key_rules"), what, err))
            return false;
        for (const Policy::KeyParameter& p : Policy::keyParameters()) {
            QSqlQuery q(m_db);
            if (!exec(q,
                      QStringLiteral(
                          "INSERT INTO policy_key_rules (provider, action, parameter) VALUES (?, ?, ?)"),
                      {p.provider, p.action, p.parameter}, what, err))
                return false;
        }
        // The operators of a shared-credential store become login roles.
        QSqlQuery ops(m_db);
        if (!exec(ops,
                  QStringLiteral("SELECT o.name, o.role, o.active, r.rolname IS NOT NULL, "
                                 "COALESCE(r.rolsuper OR r.rolcreaterole OR r.rolcreatedb, false) "
                                 "FROM operators o LEFT JOIN pg_roles r ON r.rolname = o.name ORDER BY o.id"),
                  {}, what, err))
            return false;
        struct Row
        {
            QString name, role;
            bool active, exists, privileged;
        };
        QList<Row> rows;
        while (ops.next())
            rows << Row{ops.value(0).toString(), ops.value(1).toString(), ops.value(2).toBool(),
                        ops.value(3).toBool(), ops.value(4).toBool()};
        ops.finish();
        QStringList upgraded;
        for (const Row& row : rows) {
            const std::optional<Role> role = Roles::fromString(row.role);
            if (!role)
                return fail(err, tr("Operator “%1” has the unknown role “%2”.").arg(row.name, row.role));
            const QString group = TeamSchema::groupRole(db, *role);
            QSqlQuery member(m_db);
            if (row.exists) {
                if (!callFunction(
                        member,
                        QStringLiteral("SELECT pg_has_role(?, ?, 'MEMBER') OR pg_has_role(?, ?, 'MEMBER') "
                                       "OR pg_has_role(?, ?, 'MEMBER')"),
                        {row.name, report->groupRoles.at(0), row.name, report->groupRoles.at(1), row.name,
                         report->groupRoles.at(2)},
                        what, err))
                    return false;
                if (member.value(0).toBool())
                    continue; // already a login role of this store
                if (row.privileged)
                    return fail(err,
                                tr("The database role “%1” (an operator's name) may create roles or "
                                   "databases: it cannot be an operator. Rename the operator or the role.")
                                    .arg(row.name));
            }
            Store::TeamModeReport::Login login{row.name, row.role, QString()};
            if (!row.exists) {
                login.oneTimePassword = firstPassword();
                // Until the operator chooses their own (identitydesk_set_own_password).
                if (!execPlain(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' VALID UNTIL '%3'")
                                   .arg(quotedIdentifier(row.name),
                                        ScramVerifier::make(login.oneTimePassword),
                                        QDateTime::currentDateTimeUtc()
                                            .addSecs(qint64(TeamSchema::kFirstPasswordHours) * 3600)
                                            .toString(Qt::ISODate)),
                               what, err))
                    return false;
            }
            if (!execPlain(QStringLiteral("GRANT %1 TO %2").arg(group, quotedIdentifier(row.name)), what,
                           err) ||
                (!row.active &&
                 !execPlain(QStringLiteral("ALTER ROLE %1 NOLOGIN").arg(quotedIdentifier(row.name)), what,
                            err)))
                return false;
            report->newLogins << login;
            upgraded << row.name;
        }
        // The console's own password hashes are no longer used: PostgreSQL authenticates.
        if (!execPlain(QStringLiteral("UPDATE operators SET password_hash = '' WHERE password_hash <> ''"),
                       what, err))
            return false;
        QJsonObject summary{{QStringLiteral("team_mode"), TeamSchema::kVersion},
                            {QStringLiteral("group_roles"), QJsonArray::fromStringList(report->groupRoles)},
                            {QStringLiteral("operators_upgraded"), QJsonArray::fromStringList(upgraded)}};
        QSqlQuery entry(m_db);
        return callFunction(
            entry,
            QStringLiteral(
                "SELECT identitydesk_append('administrator', ?, 'store.team-mode', '', '[]', ?, ?, '{}', "
                "'{}', 'applied', NULL)"),
            {wasEnforced ? QStringLiteral("team-mode-updated") : QStringLiteral("team-mode-enabled"),
             wasEnforced ? tr("admin init: team mode brought up to date")
                         : tr("admin init: team mode enabled"),
             TeamFunctionCall::compact(summary)},
            what, err);
    });
    if (ok)
        m_enforced = true;
    return ok;
}

bool SqlStore::checkTeamMode(TeamModeReport* report, QString* error)
{
    const QString what = tr("check the team mode");
    QStringList& problems = report->problems;
    const auto scalar = [&](const QString& sql, const QVariantList& values, QVariant* out) {
        QSqlQuery q(m_db);
        if (!callFunction(q, sql, values, what, error))
            return false;
        *out = q.value(0);
        return true;
    };
    QVariant v;
    if (!scalar(
            QStringLiteral("SELECT COALESCE((SELECT value FROM store_info WHERE name = 'team_mode'), '0')"),
            {}, &v))
        return false;
    if (v.toInt() == 0)
        problems << tr("the store is not an enforced team store yet: run admin init");
    else if (v.toInt() < TeamSchema::kVersion)
        problems << tr("the store is at team mode %1, older than this console's team mode %2: run admin init "
                       "to upgrade it")
                        .arg(v.toString())
                        .arg(TeamSchema::kVersion);
    else if (v.toInt() != TeamSchema::kVersion)
        problems << tr("the store is at team mode %1, newer than this console's team mode %2: use a newer "
                       "identitydesk-cli")
                        .arg(v.toString())
                        .arg(TeamSchema::kVersion);
    if (!scalar(QStringLiteral("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"),
                {}, &v))
        return false;
    if (!v.toBool())
        problems << tr("the owner role %1 may not create roles (it needs CREATEROLE)").arg(m_url.userName());
    const QList<Role> roles{Role::Officer, Role::Supervisor, Role::Auditor};
    for (Role r : roles) {
        const QString group = TeamSchema::groupRole(m_url.databaseName(), r);
        if (!scalar(QStringLiteral("SELECT COUNT(*) FROM pg_roles WHERE rolname = ? AND NOT rolcanlogin"),
                    {group}, &v))
            return false;
        if (v.toInt() != 1) {
            problems << tr("the group role %1 is missing (or can log in)").arg(group);
            continue;
        }
        for (const QString& table : TeamSchema::protectedTables()) {
            if (!scalar(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"), {table}, &v))
                return false;
            if (!v.toBool()) {
                if (r == Role::Officer)
                    problems << tr("the table %1 is missing").arg(table);
                continue;
            }
            if (!scalar(QStringLiteral("SELECT has_table_privilege(?, ?, 'INSERT, UPDATE, DELETE, TRUNCATE, "
                                       "REFERENCES, TRIGGER')"),
                        {group, table}, &v))
                return false;
            if (v.toBool())
                problems << tr("the group role %1 may write the table %2 directly").arg(group, table);
            if (!scalar(QStringLiteral("SELECT has_table_privilege(?, ?, 'SELECT')"), {group, table}, &v))
                return false;
            if (!v.toBool())
                problems << tr("the group role %1 may not read the table %2").arg(group, table);
        }
        for (const TeamSchema::Function& f : TeamSchema::functions()) {
            if (!scalar(QStringLiteral("SELECT to_regprocedure(?) IS NOT NULL"), {f.signature}, &v))
                return false;
            if (!v.toBool()) {
                if (r == Role::Officer)
                    problems << tr("the function %1 is missing").arg(f.signature);
                continue;
            }
            if (!scalar(QStringLiteral("SELECT has_function_privilege(?, ?, 'EXECUTE')"),
                        {group, f.signature}, &v))
                return false;
            if (v.toBool() != f.callers.contains(r))
                problems << (v.toBool() ? tr("the group role %1 may call %2, which it must not")
                                        : tr("the group role %1 may not call %2"))
                                .arg(group, f.signature);
        }
    }
    // PUBLIC (grantee 0): no write on any table, no EXECUTE on any function (a NULL acl means the
    // default, which lets PUBLIC execute).
    QSqlQuery q(m_db);
    if (!exec(q,
              QStringLiteral(
                  "SELECT c.relname FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
                  "WHERE c.relnamespace = 'public'::regnamespace AND a.grantee = 0 "
                  "AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') "
                  "UNION SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
                  "AND p.proname LIKE 'identitydesk\\_%' AND p.prosecdef AND (p.proacl IS NULL OR "
                  "EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))"),
              {}, what, error))
        return false;
    while (q.next())
        problems << tr("PUBLIC may write or call %1").arg(q.value(0).toString());
    q.finish();
    if (!exec(q,
              QStringLiteral(
                  "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND "
                  "p.proname LIKE 'identitydesk\\_%' AND p.prosecdef AND NOT COALESCE(p.proconfig::text "
                  "LIKE '%search_path=public, pg_temp%', false)"),
              {}, what, error))
        return false;
    while (q.next())
        problems << tr("the function %1 runs without a fixed search_path").arg(q.value(0).toString());
    q.finish();
    // Team mode 2: the rows of bulk jobs carry the hashes the server checks before a row is sent.
    for (const auto& [table, column] :
         {qMakePair(QStringLiteral("bulk_job_rows"), QStringLiteral("row_hash")),
          qMakePair(QStringLiteral("bulk_jobs"), QStringLiteral("rows_hash"))}) {
        if (!scalar(QStringLiteral(
                        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' "
                        "AND table_name = ? AND column_name = ?"),
                    {table, column}, &v))
            return false;
        if (v.toInt() != 1)
            problems << tr("the column %1.%2 (the bulk rows' hashes) is missing: run admin init")
                            .arg(table, column);
    }
    if (!scalar(
            QStringLiteral("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' "
                           "AND table_name = 'bulk_jobs' AND column_name = 'rows_hash'"),
            {}, &v))
        return false;
    if (v.toInt() == 1) {
        if (!scalar(QStringLiteral("SELECT COUNT(*) FROM bulk_jobs WHERE rows_hash = ''"), {}, &v))
            return false;
        if (v.toInt() > 0)
            problems << tr("%n bulk job(s) have rows that were never hashed: run admin init", nullptr,
                           v.toInt());
    }
    for (const char* trigger : {"audit_no_update", "audit_no_delete", "audit_no_truncate"}) {
        if (!scalar(QStringLiteral("SELECT COUNT(*) FROM pg_trigger WHERE tgname = ? AND tgenabled <> 'D'"),
                    {QString::fromLatin1(trigger)}, &v))
            return false;
        if (v.toInt() != 1)
            problems << tr("the append-only trigger %1 on audit is missing or disabled")
                            .arg(QLatin1String(trigger));
    }
    // Every active operator is a login role in exactly its group.
    if (!exec(q,
              QStringLiteral("SELECT o.name, o.role, r.rolcanlogin FROM operators o LEFT JOIN pg_roles r ON "
                             "r.rolname = o.name WHERE o.active ORDER BY o.name"),
              {}, what, error))
        return false;
    QList<QPair<QString, QString>> active;
    while (q.next()) {
        if (q.value(2).isNull() || !q.value(2).toBool())
            problems << tr("the operator %1 has no login role").arg(q.value(0).toString());
        else
            active << qMakePair(q.value(0).toString(), q.value(1).toString());
    }
    q.finish();
    for (const auto& [name, roleText] : active) {
        const std::optional<Role> role = Roles::fromString(roleText);
        for (Role r : roles) {
            const QString group = TeamSchema::groupRole(m_url.databaseName(), r);
            if (!scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) AND "
                                       "pg_has_role(?, ?, 'MEMBER')"),
                        {group, name, group}, &v))
                return false;
            if (v.toBool() != (role == r))
                problems << (v.toBool() ? tr("the operator %1 is in the group role %2 but is a %3")
                                        : tr("the operator %1 (a %3) is not in the group role %2"))
                                .arg(name, group, roleText);
        }
    }
    return true;
}
