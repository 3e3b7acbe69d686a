// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SqlDialect.h"
#include "Store.h"
#include "StoreUrl.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

class QSqlError;

/// The Store on QtSql: SQLite (embedded, default) and PostgreSQL (shared by a team). Each instance has
/// its own uniquely named connection and must be used from the thread that opened it. Every writing
/// method is one transaction; audit appends are serialised across processes (SQLite BEGIN IMMEDIATE,
/// PostgreSQL advisory lock) so two consoles never fork the hash chain.
class SqlStore final : public Store
{
    Q_DECLARE_TR_FUNCTIONS(SqlStore)

public:
    /// Does not connect: call open().
    explicit SqlStore(const StoreUrl& url);
    ~SqlStore() override;
    Q_DISABLE_COPY_MOVE(SqlStore)

    /// Connects, configures the session and applies the missing schema migrations.
    bool open(QString* error);
    bool isOpen() const { return m_open; }
    /// false: open() writes nothing (no file, no schema, no migration) and the store stays at its own
    /// version (StoreFactory::Schema::AsItIs). Before open().
    void setSchemaUpgrade(bool upgrade) { m_upgradeSchema = upgrade; }
    int schemaVersion() const override { return m_schemaVersion; }

    QString backend() const override;
    QString location() const override;
    Opener opener() const override;

    std::optional<qint64> operatorCount(QString* error) override;
    bool addOperator(const Operator& op, const QString& passwordHash, QString* error) override;
    bool updateOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                               QString* error) override;
    bool addOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                            QString* error) override;
    std::optional<Operator> findOperator(const QString& name, QString* passwordHash, QString* error) override;
    std::optional<QList<Operator>> operators(QString* error) override;

    std::optional<Policy> policy(QString* error) override;
    bool setPolicySetting(const QString& name, int value, QString* error) override;
    bool applyGovernanceChange(qint64 id, const ActionRecord& updated, const GovernanceChange& change,
                               const AuditEntry& entry, QString* error) override;
    bool setPolicyRule(const QString& key, bool requiresApproval, QString* error) override;
    bool setPolicyRuleAudited(const QString& key, bool requiresApproval, const AuditEntry& entry,
                              QString* error) override;

    std::optional<qint64> createAction(const ActionRecord& action, const AuditEntry& intent,
                                       QString* error) override;
    bool transitionAction(qint64 id, ActionRecord::State expectedState, const ActionRecord& updated,
                          const AuditEntry& entry, QString* error) override;
    std::optional<ActionRecord> action(qint64 id, QString* error) override;
    std::optional<QList<ActionRecord>> actionsInState(ActionRecord::State state, QString* error) override;
    std::optional<QList<ActionRecord>> actionsInStateOf(ActionRecord::State state, const QStringList& userIds,
                                                        QString* error) override;

    bool appendAudit(AuditEntry entry, QString* error) override;
    std::optional<QList<AuditEntry>> auditEntries(const AuditFilter& filter, QString* error) override;
    AuditVerification verifyAudit() override;

    // Checkpoints
    std::optional<QString> storeId(QString* error) override;
    bool bindProfile(const QString& key, const QString& fingerprint, const AuditEntry& entry, bool* added,
                     QString* error) override;
    std::optional<QByteArray> auditHash(qint64 seq, QString* error) override;
    std::optional<QList<CheckpointKeyRecord>> checkpointKeys(QString* error) override;
    bool registerCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                               QString* error) override;
    bool addCheckpoint(const AuditCheckpoint& checkpoint, QString* error) override;
    std::optional<QList<AuditCheckpoint>> checkpoints(QString* error) override;

    // Subjects (SqlStoreSubjects.cpp)
    std::optional<Subject> subject(const QString& reference, QString* error) override;
    std::optional<Subject> subjectByLink(const QString& provider, const QString& providerId,
                                         QString* error) override;
    std::optional<QList<Subject>> subjectsByReference(const QStringList& references, QString* error) override;
    std::optional<QHash<QString, QString>> linkOwners(const QString& provider, const QStringList& ids,
                                                      QString* error) override;
    std::optional<QList<Subject>> findSubjects(const QString& text, int offset, int limit,
                                               QString* error) override;
    /// The query plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) of every statement that
    /// findSubjects(text, …) runs, one line per plan row: lets a test prove no query scans a table.
    std::optional<QStringList> explainFindSubjects(const QString& text, QString* error);
    bool saveSubjects(const QList<Subject>& subjects, const AuditEntry& entry, QString* error,
                      const SubjectProgress& progress = {}) override;
    bool saveSubjectStream(const SubjectSource& source, qint64 total, const AuditEntry& entry, QString* error,
                           const SubjectProgress& progress = {}) override;

    // Bulk jobs
    std::optional<qint64> createBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                        const BulkJob& job, const QList<BulkRow>& rows,
                                        QString* error) override;
    std::optional<BulkJob> bulkJob(qint64 id, QString* error) override;
    std::optional<QList<BulkJob>> bulkJobs(QString* error) override;
    bool setBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner,
                            QString* error) override;
    bool setBulkJobRunStateAudited(qint64 id, BulkJob::RunState state, const QString& runner,
                                   const AuditEntry& entry, bool* changed, QString* error) override;
    bool claimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                      const QString& runner, const AuditEntry& entry, bool* claimed, QString* error) override;
    bool renewBulkJobRunner(qint64 id, const QString& runner, QString* error) override;
    std::optional<QList<BulkRow>> bulkJobRows(qint64 jobId, int afterLine, int limit, bool pendingOnly,
                                              QString* error) override;
    std::optional<BulkBatchResult> recordBulkBatch(const QList<Transition>& outcomes,
                                                   const QList<RowIntent>& intents, QString* error) override;
    std::optional<int> cancelPendingBulkRows(qint64 jobId, const AuditEntry& entry, QString* error) override;
    std::optional<BulkCounts> bulkJobCounts(qint64 jobId, QString* error) override;

    // Enforced team mode (SqlStoreTeam.cpp)
    bool enforcesRules() const override { return m_enforced; }
    std::optional<Operator> sessionOperator(QString* error) override;
    std::optional<QDateTime> sessionPasswordExpiry(QString* error) override;
    bool checkSessionPassword(const QString& password, QString* error) override;
    bool initTeamMode(bool checkOnly, TeamModeReport* report, QString* error) override;

private:
    bool connectDatabase(QString* error);
    bool configureSession(QString* error);
    bool reconnect(QString* error);
    bool migrate(QString* error);
    /// Fails while the store cannot be used safely (not open, SQLite file gone); reconnects PostgreSQL.
    bool ready(QString* error);
    bool sqliteFileStillThere(QString* error) const;
    /// Whether a writing transaction takes the writers' lock first, or its one function call does.
    enum class WriterLock
    {
        First,
        TakenByFunction,
    };
    /// Runs body inside a serialised writing transaction; rolls back when body or the commit fails.
    bool writeTransaction(const QString& what, QString* error, const std::function<bool(QString*)>& body,
                          WriterLock lock = WriterLock::First);
    /// Prepares, binds and runs one statement; on failure *error says what failed and what to do.
    bool exec(QSqlQuery& query, const QString& sql, const QVariantList& values, const QString& what,
              QString* error);
    /// exec() with a statement prepared once per connection and kept (the statements of the hot paths:
    /// actions, audit appends, bulk rows). A SELECT must be finish()ed after reading.
    /// Returns the executed statement (owned by the store), or nullptr with *error.
    QSqlQuery* execCached(const QString& sql, const QVariantList& values, const QString& what,
                          QString* error);
    bool execPlain(const QString& sql, const QString& what, QString* error);
    /// exec() for a read outside a transaction: on PostgreSQL, a dropped connection (server restart)
    /// is replaced once and the read repeated, which is always safe for a read.
    bool read(QSqlQuery& query, const QString& sql, const QVariantList& values, const QString& what,
              QString* error);
    /// read() on a cached prepared statement (execCached()); the caller finish()es it after reading.
    QSqlQuery* readCached(const QString& sql, const QVariantList& values, const QString& what,
                          QString* error);
    /// After a failed read: true when the PostgreSQL connection was dead and has been replaced.
    bool reconnectAfterFailedRead();
    void rollback();
    QString failure(const QString& what, const QSqlError& sqlError) const;
    /// What to do about a failed statement: wait for another program that holds the store's lock, or
    /// check the file (the server).
    QString advice(const QSqlError& sqlError = QSqlError()) const;
    /// Whether the statement failed because another connection holds the write lock (SQLite's busy
    /// timeout ran out).
    bool isLockedError(const QSqlError& sqlError) const;

    bool insertOperator(const Operator& op, const QString& passwordHash, QString* error);
    bool upsertPolicyRule(const QString& key, bool requiresApproval, const QString& author, QString* error);
    bool upsertPolicySetting(const QString& name, int value, const QString& author, QString* error);
    /// Inside a writing transaction: applies t if its action is in its expected state (*applied), with
    /// its audit entry; nothing is written otherwise.
    bool transitionLocked(const Transition& t, bool* applied, QString* error);
    /// Within a transaction: sets the run state unless the job has ended; *changed says if it did.
    bool setBulkJobRunStateLocked(qint64 id, BulkJob::RunState state, const QString& runner, bool* changed,
                                  QString* error);
    /// createAction() for a bulk row still Pending (0 in *id when it is not), in the transaction under way.
    bool createBulkRowActionLocked(const RowIntent& row, qint64* id, const QString& what, QString* error);
    /// Inside a writing transaction: fills seq, time, prevHash and hash, and inserts.
    bool appendLocked(AuditEntry& entry, QString* error);
    std::optional<ActionRecord> actionFromQuery(const QSqlQuery& query, QString* error) const;
    /// Appends every remaining row of a query of kActionColumns, then finishes it; false with *error.
    bool readActions(QSqlQuery* query, QList<ActionRecord>* list, QString* error) const;
    /// Reads subjects (with their links) for the ids a query selected, in that order.
    std::optional<QList<Subject>> subjectsWithIds(const QList<qint64>& ids, QString* error);
    /// Inside a writing transaction: inserts or replaces subjects, their links and search terms in
    /// multi-row statements (issue 34: the import's bulk path).
    /// `step` (may be empty) is told the fraction of this call's rows written so far; false cancels.
    bool saveSubjectsLocked(const QList<Subject>& subjects, QString* error,
                            const std::function<bool(double)>& step = {});
    /// Runs `sql` once per chunk of `rows` (each row `columns` values), as a multi-row VALUES list
    /// appended to sql; onRow (may be empty) sees each returned row; onChunk (may be empty) is told the
    /// rows of each chunk written and returning false stops (the caller rolls back).
    bool insertRows(const QString& sql, int columns, const QList<QVariantList>& rows, const QString& what,
                    QString* error, const std::function<void(const QSqlQuery&)>& onRow = {},
                    const std::function<bool(qsizetype)>& onChunk = {});
    /// The statements findSubjects() runs for text: (sql, values) pairs, in ranking order.
    QList<QPair<QString, QVariantList>> subjectSearchStatements(const QString& text, int rowLimit) const;

    // Enforced team mode (SqlStoreTeam.cpp): every state change through the server's functions.
    /// After migrate(): whether admin init made this store enforced (store_info 'team_mode').
    bool detectTeamMode(QString* error);
    /// Refuses to migrate an enforced store as an operator: only admin init (the owner) may.
    bool enforcedMigrationRefused(QString* error);
    bool checkTeamMode(TeamModeReport* report, QString* error);
    /// Runs one SELECT of a function inside the transaction under way; the query holds its one row.
    bool callFunction(QSqlQuery& query, const QString& sql, const QVariantList& values, const QString& what,
                      QString* error);
    /// callFunction() on a statement prepared once per connection (execCached()), for the calls made
    /// for every row of a bulk job; *result holds the one value returned.
    bool callCachedFunction(const QString& sql, const QVariantList& values, const QString& what,
                            QVariant* result, QString* error);
    std::optional<qint64> enforcedCreateAction(const ActionRecord& action, const AuditEntry& intent,
                                               QString* error);
    bool enforcedTransition(const Transition& t, bool* applied, QString* error);
    bool enforcedAppend(AuditEntry& entry, QString* error);
    bool enforcedSetPolicy(const QString& key, bool requiresApproval, const AuditEntry& entry,
                           QString* error);
    bool enforcedAddOperator(const Operator& op, const QString& passwordVerifier, const AuditEntry& entry,
                             QString* error);
    bool enforcedUpdateOperator(const Operator& op, const QString& passwordVerifier, const AuditEntry& entry,
                                QString* error);
    bool enforcedRegisterCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                                       QString* error);
    bool enforcedAddCheckpoint(const AuditCheckpoint& checkpoint, QString* error);
    /// A team-mode-1 store (before bulk jobs were enforced) refuses bulk jobs until admin init runs.
    bool enforcedBulkMissing(const QString& what, QString* error) const;
    // Bulk jobs in an enforced store (SqlStoreTeamBulk.cpp).
    std::optional<qint64> enforcedCreateBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                                const BulkJob& job, const QList<BulkRow>& rows,
                                                QString* error);
    bool enforcedSetBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner,
                                    const AuditEntry& entry, bool* changed, QString* error);
    bool enforcedClaimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                              const QString& runner, const AuditEntry& entry, bool* claimed, QString* error);
    bool enforcedRenewBulkJobRunner(qint64 id, const QString& runner, QString* error);
    std::optional<int> enforcedCancelPendingBulkRows(qint64 jobId, const AuditEntry& entry, QString* error);
    /// createBulkRowActionLocked(): -1 in *id when the server refused the row (changed since submitted).
    bool enforcedClaimBulkRow(const RowIntent& row, qint64* id, const QString& what, QString* error);
    bool enforcedReleaseBulkRow(qint64 actionId, const QString& what, QString* error);
    /// recordBulkBatch() in a store of team mode 3: the whole turn is one call of
    /// identitydesk_record_bulk_batch (one round trip, one commit, the same checks and entries).
    std::optional<BulkBatchResult> enforcedRecordBulkBatch(const QList<Transition>& outcomes,
                                                           const QList<RowIntent>& intents,
                                                           const QString& what, QString* error);
    /// The columns of bulk_job_rows a job's rows are written with, and one row's values in that order
    /// (shared by the INSERT of a shared-credential store and the rows an enforced store's function takes).
    static QStringList bulkRowColumns();
    static QVariantList bulkRowValues(const BulkRow& row);

    StoreUrl m_url;
    SqlDialect m_dialect;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_open = false;
    bool m_upgradeSchema = true;
    bool m_connectionSuspect = false; ///< PostgreSQL: a statement failed, check the link before the next one
    int m_schemaVersion = 0;
    bool m_enforced = false; ///< admin init made this an enforced team store
    int m_teamMode = 0;      ///< its team mode (TeamSchema::kVersion when admin init is up to date)
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements; ///< see execCached()
    struct ChainHead
    {
        qint64 seq = 0;
        QString hash;
    };
    /// The newest audit entry appended by the transaction under way (none outside one).
    std::optional<ChainHead> m_chainHead;
    QByteArray m_fileIdentity; ///< SQLite: the file we opened, to notice it being deleted or replaced

    // Bulk jobs
    /// Inside a writing transaction: inserts one action record; returns its id.
    std::optional<qint64> insertActionLocked(const ActionRecord& action, QString* error);
    std::optional<QList<BulkJob>> readBulkJobs(qint64 id, QString* error);
};
