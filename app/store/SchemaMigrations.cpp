// SPDX-License-Identifier: GPL-3.0-or-later
#include "SchemaMigrations.h"

#include <QRegularExpression>

namespace {
// Times are ISO-8601 UTC text with milliseconds ("2026-01-02T03:04:05.678Z") in both back ends: they
// sort as text, need no driver-specific conversion, and read back exactly as the audit hash saw them.
QStringList initialSchema(const SqlDialect& d)
{
    QStringList s{
        QStringLiteral("CREATE TABLE operators ("
                       " id %1,"
                       " name TEXT NOT NULL UNIQUE CHECK (name <> ''),"
                       " role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'auditor')),"
                       " password_hash TEXT NOT NULL,"
                       " created_at TEXT NOT NULL,"
                       " active BOOLEAN NOT NULL DEFAULT TRUE)")
            .arg(d.autoIdColumn),
        // A missing row means Policy::defaults() decides.
        QStringLiteral("CREATE TABLE policy ("
                       " action_key TEXT NOT NULL PRIMARY KEY,"
                       " requires_approval BOOLEAN NOT NULL,"
                       " updated_by TEXT NOT NULL DEFAULT '',"
                       " updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE actions ("
                       " id %1,"
                       " provider TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " user_id TEXT NOT NULL,"
                       " params TEXT NOT NULL DEFAULT '{}',"
                       " reason TEXT NOT NULL,"
                       " job_id TEXT,"
                       " initiator TEXT NOT NULL,"
                       " initiator_role TEXT NOT NULL,"
                       " requires_approval BOOLEAN NOT NULL,"
                       " state TEXT NOT NULL,"
                       " created_at TEXT NOT NULL,"
                       " updated_at TEXT NOT NULL,"
                       " decided_by TEXT NOT NULL DEFAULT '',"
                       " decision_reason TEXT NOT NULL DEFAULT '',"
                       " http_status INTEGER NOT NULL DEFAULT 0,"
                       " provider_code TEXT NOT NULL DEFAULT '',"
                       " outcome_message TEXT NOT NULL DEFAULT '')")
            .arg(d.autoIdColumn),
        QStringLiteral("CREATE INDEX actions_state ON actions (state)"),
        QStringLiteral("CREATE INDEX actions_job ON actions (job_id)"),
        // seq is assigned by the store (last + 1), never by the database, so a gap means a deleted row.
        QStringLiteral("CREATE TABLE audit ("
                       " seq BIGINT NOT NULL PRIMARY KEY CHECK (seq > 0),"
                       " time TEXT NOT NULL,"
                       " operator TEXT NOT NULL,"
                       " role TEXT NOT NULL,"
                       " event TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " provider TEXT NOT NULL,"
                       " subject_ids TEXT NOT NULL,"
                       " reason TEXT NOT NULL,"
                       " request_summary TEXT NOT NULL,"
                       " before_state TEXT NOT NULL,"
                       " after_state TEXT NOT NULL,"
                       " outcome TEXT NOT NULL,"
                       " action_id BIGINT REFERENCES actions (id),"
                       " prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
                       " hash TEXT NOT NULL CHECK (length(hash) = 64))"),
        QStringLiteral("CREATE INDEX audit_action ON audit (action_id)"),
        QStringLiteral("CREATE INDEX audit_operator ON audit (operator)"),
    };
    // Append-only against accidents. Someone with the database's owner rights can drop the triggers;
    // the hash chain is what detects that.
    if (d.kind == SqlDialect::Kind::Sqlite) {
        s << QStringLiteral("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                            " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
          << QStringLiteral("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                            " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
    } else {
        s << QStringLiteral("CREATE FUNCTION identitydesk_audit_append_only() RETURNS trigger"
                            " LANGUAGE plpgsql AS $$"
                            " BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
          << QStringLiteral("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                            " FOR EACH ROW EXECUTE FUNCTION identitydesk_audit_append_only()")
          << QStringLiteral("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                            " FOR EACH ROW EXECUTE FUNCTION identitydesk_audit_append_only()")
          << QStringLiteral("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
                            " FOR EACH STATEMENT EXECUTE FUNCTION identitydesk_audit_append_only()");
    }
    return s;
}

// reference_key and email are lower-case so that prefix searches behave alike in both back ends.
// Releases before issue 30 also created one provider's column here (Smile ID's job id); a store made
// by them still has it until migration 10 moves it into subjects.attributes. A store made now never
// has it: both reach the same schema at version 10.
QStringList subjectSchema(const SqlDialect& d)
{
    return {
        QStringLiteral("CREATE TABLE subjects ("
                       " id %1,"
                       " reference TEXT NOT NULL UNIQUE CHECK (reference <> ''),"
                       " reference_key TEXT NOT NULL,"
                       " email TEXT NOT NULL DEFAULT '',"
                       " created_at TEXT NOT NULL,"
                       " updated_at TEXT NOT NULL)")
            .arg(d.autoIdColumn),
        QStringLiteral("CREATE INDEX subjects_by_reference_key ON subjects (reference_key)"),
        QStringLiteral("CREATE INDEX subjects_by_email ON subjects (email)"),
        // One id per provider per subject, and one subject per provider id.
        QStringLiteral("CREATE TABLE subject_links ("
                       " subject_id BIGINT NOT NULL REFERENCES subjects (id),"
                       " provider TEXT NOT NULL,"
                       " provider_id TEXT NOT NULL CHECK (provider_id <> ''),"
                       " PRIMARY KEY (provider, provider_id),"
                       " UNIQUE (subject_id, provider))"),
        QStringLiteral("CREATE INDEX subject_links_by_subject ON subject_links (subject_id)"),
        // Search finds a subject by any provider id, whatever the provider.
        QStringLiteral("CREATE INDEX subject_links_by_provider_id ON subject_links (provider_id)"),
    };
}

QStringList bulkJobsSchema(const SqlDialect& d)
{
    Q_UNUSED(d)
    return {
        QStringLiteral("CREATE TABLE bulk_jobs ("
                       " id BIGINT NOT NULL PRIMARY KEY REFERENCES actions (id),"
                       " file_name TEXT NOT NULL,"
                       " run_state TEXT NOT NULL,"
                       " concurrency INTEGER NOT NULL CHECK (concurrency > 0),"
                       " runner TEXT NOT NULL DEFAULT '',"
                       " total INTEGER NOT NULL,"
                       " invalid INTEGER NOT NULL,"
                       " updated_at TEXT NOT NULL)"),
        // action_id is set in the same transaction that writes the row's intent: a row is either
        // pending (nothing written, nothing sent) or linked to its action record.
        QStringLiteral("CREATE TABLE bulk_job_rows ("
                       " job_id BIGINT NOT NULL REFERENCES bulk_jobs (id),"
                       " line INTEGER NOT NULL,"
                       " provider TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " user_id TEXT NOT NULL,"
                       " params TEXT NOT NULL,"
                       " params_text TEXT NOT NULL,"
                       " reason TEXT NOT NULL,"
                       " problem TEXT NOT NULL,"
                       " preview TEXT NOT NULL,"
                       " state TEXT NOT NULL,"
                       " action_id BIGINT REFERENCES actions (id),"
                       " PRIMARY KEY (job_id, line))"),
        QStringLiteral("CREATE INDEX bulk_job_rows_state ON bulk_job_rows (job_id, state, line)"),
    };
}

// Issue 32: signed checkpoints of the audit chain, the keys allowed to sign them and the store's own
// id (what a checkpoint names). The entries already there keep their hashes (format 1; see
// AuditEntry::hashFormat): the chain is never rewritten.
QStringList checkpointSchema(const SqlDialect& d)
{
    QStringList s{
        QStringLiteral("CREATE TABLE store_info (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE audit_keys ("
                       " key_id TEXT NOT NULL PRIMARY KEY CHECK (length(key_id) = 64),"
                       " algorithm TEXT NOT NULL CHECK (algorithm = 'ed25519'),"
                       " public_key TEXT NOT NULL,"
                       " operator TEXT NOT NULL,"
                       " created_at TEXT NOT NULL,"
                       " audit_seq BIGINT NOT NULL REFERENCES audit (seq))"),
        QStringLiteral("CREATE TABLE audit_checkpoints ("
                       " id %1,"
                       " seq BIGINT NOT NULL CHECK (seq > 0),"
                       " head_hash TEXT NOT NULL CHECK (length(head_hash) = 64),"
                       " time TEXT NOT NULL,"
                       " operator TEXT NOT NULL,"
                       " key_id TEXT NOT NULL REFERENCES audit_keys (key_id),"
                       " signature TEXT NOT NULL)")
            .arg(d.autoIdColumn),
    };
    // A random version-4 UUID, made by the database so that the migration stays plain SQL.
    if (d.kind == SqlDialect::Kind::Sqlite) {
        s << QStringLiteral(
            "INSERT INTO store_info (name, value) VALUES ('store_id', lower("
            "hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
            "||"
            " substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||"
            " hex(randomblob(6))))");
        for (const char* table : {"audit_keys", "audit_checkpoints"})
            s << QStringLiteral("CREATE TRIGGER %1_no_update BEFORE UPDATE ON %1"
                                " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
                     .arg(QLatin1String(table))
              << QStringLiteral("CREATE TRIGGER %1_no_delete BEFORE DELETE ON %1"
                                " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
                     .arg(QLatin1String(table));
    } else {
        s << QStringLiteral(
            "INSERT INTO store_info (name, value) VALUES ('store_id', gen_random_uuid()::text)");
        for (const char* table : {"audit_keys", "audit_checkpoints"})
            s << QStringLiteral("CREATE TRIGGER %1_append_only BEFORE UPDATE OR DELETE ON %1"
                                " FOR EACH ROW EXECUTE FUNCTION identitydesk_audit_append_only()")
                     .arg(QLatin1String(table));
    }
    return s;
}

// Issue 34: names and phones, and the search terms of every subject (SubjectSearchTerms): one row per
// normalised word or whole value, kind first so that each kind is read in term order from the primary
// key alone; a query is a range [q, q + U+10FFFF) on it, never a scan. The C collation on PostgreSQL
// makes that range byte order as SQLite's is. The terms are a function of the subject's row, so a
// subject's old terms are found by computing them again (no index by subject is needed). The subjects
// already there get their whole reference and e-mail as terms (the prefixes they were found by
// before); their words come when they are next saved. Statements are IF NOT EXISTS where the SQL
// allows, so the migration may be renumbered on merge.
QStringList subjectTermsSchema(const SqlDialect& d)
{
    const bool sqlite = d.kind == SqlDialect::Kind::Sqlite;
    QStringList s;
    if (sqlite) {
        s << QStringLiteral("ALTER TABLE subjects ADD COLUMN name TEXT NOT NULL DEFAULT ''")
          << QStringLiteral("ALTER TABLE subjects ADD COLUMN phone TEXT NOT NULL DEFAULT ''");
    } else {
        s << QStringLiteral("ALTER TABLE subjects ADD COLUMN IF NOT EXISTS name TEXT NOT NULL DEFAULT ''")
          << QStringLiteral("ALTER TABLE subjects ADD COLUMN IF NOT EXISTS phone TEXT NOT NULL DEFAULT ''");
    }
    s << QStringLiteral("CREATE TABLE IF NOT EXISTS subject_terms ("
                        " kind SMALLINT NOT NULL,"
                        " term TEXT %1 NOT NULL,"
                        " subject_id BIGINT NOT NULL,"
                        " PRIMARY KEY (kind, term, subject_id))%2")
             .arg(sqlite ? QString() : QStringLiteral("COLLATE \"C\""),
                  sqlite ? QStringLiteral(" WITHOUT ROWID") : QString())
      << QStringLiteral("INSERT INTO subject_terms (kind, term, subject_id)"
                        " SELECT 1, substr(reference_key, 1, 100), id FROM subjects")
      << QStringLiteral("INSERT INTO subject_terms (kind, term, subject_id)"
                        " SELECT 2, substr(email, 1, 100), id FROM subjects WHERE email <> ''");
    return s;
}
// Issue 30: a provider's own subject columns (ProviderModule::subjectColumns() after its key) in one
// column of the index, a JSON object by column name, so that a provider adds a column without a
// migration. The columns older releases gave a provider (any column of subjects that is not one of
// the index's own) move into it under their own names, non-empty values only, and are dropped (SQLite
// has DROP COLUMN since 3.35). The store names no provider.
QStringList subjectAttributesSchema()
{
    return {QStringLiteral("ALTER TABLE subjects ADD COLUMN attributes TEXT NOT NULL DEFAULT ''")};
}

QStringList providerColumnsToAttributes(const SqlDialect& d, const QStringList& columns)
{
    static const QStringList indexColumns{
        QStringLiteral("id"),    QStringLiteral("reference"),  QStringLiteral("reference_key"),
        QStringLiteral("email"), QStringLiteral("created_at"), QStringLiteral("updated_at"),
        QStringLiteral("name"),  QStringLiteral("phone"),      QStringLiteral("attributes")};
    static const QRegularExpression plainName(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    const bool sqlite = d.kind == SqlDialect::Kind::Sqlite;
    QStringList s;
    for (const QString& column : columns) {
        const QString c = column.toLower();
        if (indexColumns.contains(c) || !plainName.match(c).hasMatch())
            continue;
        s << (sqlite ? QStringLiteral("UPDATE subjects SET attributes = CASE WHEN attributes = ''"
                                      " THEN json_object('%1', %1) ELSE json_set(attributes, '$.%1', %1) END"
                                      " WHERE %1 <> ''")
                     : QStringLiteral("UPDATE subjects SET attributes = CASE WHEN attributes = ''"
                                      " THEN json_build_object('%1', %1)::text"
                                      " ELSE (attributes::jsonb || jsonb_build_object('%1', %1))::text END"
                                      " WHERE %1 <> ''"))
                 .arg(c)
          << QStringLiteral("ALTER TABLE subjects DROP COLUMN %1").arg(c);
    }
    return s;
}
} // namespace

QList<SchemaMigrations::Migration> SchemaMigrations::all(const SqlDialect& dialect)
{
    QList<Migration> migrations{
        {1, QStringLiteral("operators, policy, actions, audit"), initialSchema(dialect)},
        // Who is sending an action (host:pid): lets a restart tell a crashed sender from a live one.
        {2,
         QStringLiteral("actions.sender"),
         {QStringLiteral("ALTER TABLE actions ADD COLUMN sender TEXT NOT NULL DEFAULT ''")}},
        // The subject index: one person's ids at each provider (issue 7).
        {3, QStringLiteral("subjects, subject_links"), subjectSchema(dialect)},
        // Bulk jobs (issue 8): a job is an action record (provider "bulk") plus its rows, so that a
        // job and every row's progress survive a restart. Appended after the last migration; renumber
        // on merge if another migration took 4 first.
        {4, QStringLiteral("bulk jobs and their rows"), bulkJobsSchema(dialect)},
        // Every batch of a bulk job's rows (and every single action) asks which of its users have an
        // action whose outcome is unknown: found by user, however long the store's history. The new
        // index replaces the one on state alone (its first column), which SQLite would otherwise prefer.
        {5,
         QStringLiteral("actions by state and user"),
         {QStringLiteral("CREATE INDEX actions_state_user ON actions (state, user_id)"),
          QStringLiteral("DROP INDEX actions_state")}},
        {6, QStringLiteral("audit checkpoints, their keys, the store id"), checkpointSchema(dialect)},
        // Actions bound to their environment (issue 32): the fingerprint of the profile an action was
        // requested on (ProfileFingerprint, compact JSON); empty for the actions stored before it.
        {7,
         QStringLiteral("actions.profile"),
         {QStringLiteral("ALTER TABLE actions ADD COLUMN profile TEXT NOT NULL DEFAULT ''")}},
        // The policy's numbers (issue 32): idle lock, approval expiry, checkpoint interval, sign-in
        // throttle. A missing row means Policy::settingDefault() decides.
        {8,
         QStringLiteral("policy_settings"),
         {QStringLiteral("CREATE TABLE policy_settings ("
                         " name TEXT NOT NULL PRIMARY KEY,"
                         " value BIGINT NOT NULL,"
                         " updated_by TEXT NOT NULL DEFAULT '',"
                         " updated_at TEXT NOT NULL)")}},
        // The subject index at scale (issue 34): names, phones, search terms. Numbered 9 at its merge
        // (policy_settings took 8); its statements do not depend on the number.
        {9, QStringLiteral("subjects.name, subjects.phone, subject_terms"), subjectTermsSchema(dialect)},
        {10, QStringLiteral("subjects.attributes"), subjectAttributesSchema()},
    };
    migrations.last().then = [dialect](const Migration::ColumnsOf& columnsOf) {
        return providerColumnsToAttributes(dialect, columnsOf(QStringLiteral("subjects")));
    };
    return migrations;
}

int SchemaMigrations::latestVersion()
{
    return all(SqlDialect::sqlite()).constLast().version;
}
