// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AuditCheckpoint.h"
#include "AuditFilter.h"
#include "AuditVerification.h"
#include "StoreOpener.h"
#include "domain/ActionOutcome.h"
#include "domain/ActionRecord.h"
#include "domain/AuditEntry.h"
#include "domain/BulkJob.h"
#include "domain/BulkRow.h"
#include "domain/GovernanceChange.h"
#include "domain/Operator.h"
#include "domain/Policy.h"
#include "domain/Subject.h"

#include <QHash>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

/// Persistent state shared by consoles: operators, policy, actions and the audit log.
/// Every method reports failure through its return value and *error; nothing throws. A method that
/// returns nullopt or false always sets *error (when given) to a message the operator can act on,
/// including "not found" for the single-item look-ups. A store is used from the thread that opened it.
class Store
{
public:
    virtual ~Store() = default;

    /// "sqlite" or "postgresql".
    virtual QString backend() const = 0;
    /// A description for messages, without credentials.
    virtual QString location() const = 0;
    /// Opens another connection to this same store; call what it returns on the thread that will use
    /// the new connection (a connection belongs to the thread that opened it).
    using Opener = StoreOpener;
    virtual Opener opener() const = 0;

    // Operators
    virtual std::optional<qint64> operatorCount(QString* error) = 0;
    /// passwordHash is a PasswordHasher string; a store refuses anything else (never a plain password).
    virtual bool addOperator(const Operator& op, const QString& passwordHash, QString* error) = 0;
    /// As above, and appends `entry` (e.g. "operator-added") in the same transaction where the store can.
    virtual bool addOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                    QString* error)
    {
        return addOperator(op, passwordHash, error) && appendAudit(entry, error);
    }
    /// Writes an existing operator's role and active flag (found by name), and its password hash unless
    /// passwordHash is empty, and appends `entry`, in one transaction.
    virtual bool updateOperatorAudited(const Operator& op, const QString& passwordHash,
                                       const AuditEntry& entry, QString* error) = 0;
    /// Includes deactivated operators: signing in must check Operator::active. Nothing, with error
    /// left empty, when there is no operator of that name.
    virtual std::optional<Operator> findOperator(const QString& name, QString* passwordHash,
                                                 QString* error) = 0;
    virtual std::optional<QList<Operator>> operators(QString* error) = 0;

    // Policy
    virtual std::optional<Policy> policy(QString* error) = 0;
    virtual bool setPolicyRule(const QString& key, bool requiresApproval, QString* error) = 0;
    /// As above, recording entry.operatorName as the rule's author and appending `entry`
    /// ("policy-changed") in the same transaction where the store can.
    virtual bool setPolicyRuleAudited(const QString& key, bool requiresApproval, const AuditEntry& entry,
                                      QString* error)
    {
        return setPolicyRule(key, requiresApproval, error) && appendAudit(entry, error);
    }

    /// Sets one of the policy's numbers (Policy::knownSettings()), for tests and upgrades; a console
    /// changes the policy only through applyGovernanceChange().
    virtual bool setPolicySetting(const QString& name, int value, QString* error) = 0;
    /// Approves a governance change (GovernanceChange, an action of provider "governance"): moves
    /// action `id` from PendingApproval to updated's state, applies the change (the policy's rules and
    /// numbers, with the approver as their author, or the operator's new role) and appends `entry`,
    /// all in one transaction, so that a change nobody approved, or whose approval is not in the audit
    /// log, never takes effect.
    virtual bool applyGovernanceChange(qint64 id, const ActionRecord& updated, const GovernanceChange& change,
                                       const AuditEntry& entry, QString* error) = 0;

    // Actions
    /// Inserts the action and appends its intent audit entry in one transaction; returns the id.
    virtual std::optional<qint64> createAction(const ActionRecord& action, const AuditEntry& intent,
                                               QString* error) = 0;
    /// Moves an action to a new state and appends the audit entry in one transaction. Fails if the
    /// action is not in expectedState (so two consoles cannot both approve or send it).
    virtual bool transitionAction(qint64 id, ActionRecord::State expectedState, const ActionRecord& updated,
                                  const AuditEntry& entry, QString* error) = 0;
    /// A change of state of one action, with its audit entry (see recordBulkBatch()).
    struct Transition
    {
        qint64 id = 0;
        ActionRecord::State expectedState = ActionRecord::State::Sending;
        ActionRecord updated;
        AuditEntry entry;
        /// For a row of a bulk job whose request provably changed nothing (not sent, 429, refused
        /// connection): once the transition applies, its row is Pending again and unlinked, so that a
        /// resume sends it (recordBulkBatch() only).
        bool releaseBulkRow = false;
    };
    /// Nothing, with error left empty, when there is no action of that id.
    virtual std::optional<ActionRecord> action(qint64 id, QString* error) = 0;
    virtual std::optional<QList<ActionRecord>> actionsInState(ActionRecord::State state, QString* error) = 0;
    /// The actions in `state` of any of these users (at any provider), in id order: what a batch of
    /// rows needs to know, read without going through every action in that state.
    virtual std::optional<QList<ActionRecord>>
    actionsInStateOf(ActionRecord::State state, const QStringList& userIds, QString* error) = 0;

    // Audit
    /// Appends an entry on its own (policy changes, sign-ins …); fills seq, prevHash and hash.
    virtual bool appendAudit(AuditEntry entry, QString* error) = 0;
    /// Oldest first. AuditFilter::from and ::to are inclusive.
    virtual std::optional<QList<AuditEntry>> auditEntries(const AuditFilter& filter, QString* error) = 0;
    virtual AuditVerification verifyAudit() = 0;

    // Checkpoints (schema version 6, docs/architecture.md section 2). The defaults refuse, for
    // stores that keep none.
    /// The store's own id (a UUID), which every checkpoint of it names.
    virtual std::optional<QString> storeId(QString* error) { return checkpointsUnsupported<QString>(error); }
    /// The stored hash of entry seq; nullopt with an *empty* *error when there is no such entry.
    virtual std::optional<QByteArray> auditHash(qint64 seq, QString* error)
    {
        Q_UNUSED(seq);
        return checkpointsUnsupported<QByteArray>(error);
    }
    /// Records that the production profile with this fingerprint key (ProfileStoreBinding) works
    /// with this store, and appends `entry` ("profile-bound"), in one transaction; a profile already
    /// recorded is left alone and nothing is appended (*added says which happened).
    virtual bool bindProfile(const QString& key, const QString& fingerprint, const AuditEntry& entry,
                             bool* added, QString* error)
    {
        Q_UNUSED(key);
        Q_UNUSED(fingerprint);
        Q_UNUSED(entry);
        Q_UNUSED(added);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// The keys allowed to sign this store's checkpoints.
    virtual std::optional<QList<CheckpointKeyRecord>> checkpointKeys(QString* error)
    {
        return checkpointsUnsupported<QList<CheckpointKeyRecord>>(error);
    }
    /// Registers key (its keyId, publicKey and operatorName) and appends `entry` (its audit record) in
    /// one transaction; key.auditSeq becomes the entry's seq. A key already registered is left alone
    /// and nothing is appended: *added (if given) says which happened.
    virtual bool registerCheckpointKey(const CheckpointKeyRecord& key, const AuditEntry& entry, bool* added,
                                       QString* error)
    {
        Q_UNUSED(key);
        Q_UNUSED(entry);
        Q_UNUSED(added);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// Keeps a signed checkpoint (its key must be registered).
    virtual bool addCheckpoint(const AuditCheckpoint& checkpoint, QString* error)
    {
        Q_UNUSED(checkpoint);
        return checkpointsUnsupported<bool>(error).has_value();
    }
    /// The checkpoints kept, oldest first.
    virtual std::optional<QList<AuditCheckpoint>> checkpoints(QString* error)
    {
        return checkpointsUnsupported<QList<AuditCheckpoint>>(error);
    }

    // Bulk jobs
    /// Inserts the job's action record (provider "bulk", PendingApproval), its intent entry, the job and
    /// every row in one transaction; returns the job id (= the action id).
    virtual std::optional<qint64> createBulkJob(const ActionRecord& jobAction, const AuditEntry& intent,
                                                const BulkJob& job, const QList<BulkRow>& rows,
                                                QString* error) = 0;
    virtual std::optional<BulkJob> bulkJob(qint64 id, QString* error) = 0;
    /// Newest first, with their counts.
    virtual std::optional<QList<BulkJob>> bulkJobs(QString* error) = 0;
    /// Sets the run state and the runner ("host:pid", empty when none). A job that has ended
    /// (Finished, Cancelled, Rejected) is left as it is, and that is not an error.
    virtual bool setBulkJobRunState(qint64 id, BulkJob::RunState state, const QString& runner,
                                    QString* error) = 0;
    /// The same, and appends entry (a pause or a resume: who and why) in the same transaction, only
    /// when the state changed; *changed (if given) says whether it did.
    virtual bool setBulkJobRunStateAudited(qint64 id, BulkJob::RunState state, const QString& runner,
                                           const AuditEntry& entry, bool* changed, QString* error) = 0;
    /// Claims job id for runner: sets it Running only if its run state and runner are still
    /// expectedState and expectedRunner (as read just before), so that two consoles starting it at
    /// once cannot both run it. Appends entry (if its event is set) in the same transaction when the
    /// claim succeeds; *claimed says whether it did. Losing the claim is not an error.
    virtual bool claimBulkJob(qint64 id, BulkJob::RunState expectedState, const QString& expectedRunner,
                              const QString& runner, const AuditEntry& entry, bool* claimed,
                              QString* error) = 0;
    /// Renews the runner's lease (the job's updated_at) while that runner still runs the job or holds
    /// it paused; otherwise nothing changes, and that is not an error.
    virtual bool renewBulkJobRunner(qint64 id, const QString& runner, QString* error) = 0;
    /// Rows with line > afterLine in line order, at most limit (0: all); only Pending ones if asked.
    virtual std::optional<QList<BulkRow>> bulkJobRows(qint64 jobId, int afterLine, int limit,
                                                      bool pendingOnly, QString* error) = 0;
    /// One row of a bulk job about to be sent: its action record (request.jobId set), intent entry and line.
    struct RowIntent
    {
        ActionRecord action;
        AuditEntry intent;
        int line = 0;
    };
    /// What recordBulkBatch() did, in the order given.
    struct BulkBatchResult
    {
        QList<bool> applied; ///< per outcome: false when its action was no longer in its expected state
        QList<qint64> ids; ///< per intent: the new action's id; 0 when the row was no longer Pending; -1 when
                           ///< an enforced team store refused it (changed since submitted: never send it)
    };
    /// One durable write for the rows of bulk jobs, in one transaction:
    /// - the outcomes: transitionAction() for each, except that an action no longer in its expected
    ///   state is left alone (nothing written for it) and does not stop the others;
    /// - the intents: the pipeline's createAction for each row that is still Pending (its action, its
    ///   intent entry, the row linked to it). A row that is no longer Pending (another console submitted
    ///   or cancelled it) gets id 0 and must not be sent: so a row is never submitted twice.
    /// nullopt with *error when the transaction failed: nothing changed.
    virtual std::optional<BulkBatchResult>
    recordBulkBatch(const QList<Transition>& outcomes, const QList<RowIntent>& intents, QString* error) = 0;
    /// Pending rows become Cancelled and the job too (unless it had finished), in one transaction with
    /// `entry` (BulkJob::auditEntry: who cancelled) appended to the audit log, its request summary
    /// holding the lines cancelled; returns how many rows.
    virtual std::optional<int> cancelPendingBulkRows(qint64 jobId, const AuditEntry& entry,
                                                     QString* error) = 0;
    virtual std::optional<BulkCounts> bulkJobCounts(qint64 jobId, QString* error) = 0;

    // Subjects: the local index of one person's ids at each provider (schema version 3). The
    // defaults refuse, for stores that do not keep an index.
    /// The subject with this reference; nullopt with *error ("not found" included).
    virtual std::optional<Subject> subject(const QString& reference, QString* error)
    {
        Q_UNUSED(reference);
        return subjectsUnsupported<Subject>(error);
    }
    /// The subject linked to provider:providerId; nullopt with an *empty* *error when nobody is.
    virtual std::optional<Subject> subjectByLink(const QString& provider, const QString& providerId,
                                                 QString* error)
    {
        Q_UNUSED(provider);
        Q_UNUSED(providerId);
        return subjectsUnsupported<Subject>(error);
    }
    /// The subjects with these references (those in the index; any order). For an import's checks.
    virtual std::optional<QList<Subject>> subjectsByReference(const QStringList& references, QString* error)
    {
        Q_UNUSED(references);
        return subjectsUnsupported<QList<Subject>>(error);
    }
    /// Which subject (its reference) each of these ids at `provider` is linked to; ids linked to nobody
    /// are absent.
    virtual std::optional<QHash<QString, QString>> linkOwners(const QString& provider, const QStringList& ids,
                                                              QString* error)
    {
        Q_UNUSED(provider);
        Q_UNUSED(ids);
        return subjectsUnsupported<QHash<QString, QString>>(error);
    }
    /// Subjects found by the index (docs/architecture.md section 8): those linked to a provider id equal
    /// to text, then those with a word of their reference, e-mail, name (case and accents ignored) or
    /// the digits of their phone starting with text, ranked in that order; empty text: every subject
    /// by reference.
    virtual std::optional<QList<Subject>> findSubjects(const QString& text, int offset, int limit,
                                                       QString* error)
    {
        Q_UNUSED(text);
        Q_UNUSED(offset);
        Q_UNUSED(limit);
        return subjectsUnsupported<QList<Subject>>(error);
    }
    /// Told how many of `total` subjects are written so far; returning false cancels (nothing is written).
    using SubjectProgress = std::function<bool(qint64 done, qint64 total)>;
    /// Inserts or replaces every subject (by reference; its links become exactly subject.ids) and
    /// appends `entry`, all in one transaction: on any failure, or when progress cancels, nothing is
    /// written.
    virtual bool saveSubjects(const QList<Subject>& subjects, const AuditEntry& entry, QString* error,
                              const SubjectProgress& progress = {})
    {
        Q_UNUSED(subjects);
        Q_UNUSED(entry);
        Q_UNUSED(progress);
        return subjectsUnsupported<bool>(error).has_value();
    }
    /// Gives the next subjects to save into *next (an empty list: there are no more); false with
    /// *error stops the save (nothing is written).
    using SubjectSource = std::function<bool(QList<Subject>* next, QString* error)>;
    /// As saveSubjects(), for subjects read a block at a time from `source` (an import of millions holds
    /// one block): `total` is what progress counts toward.
    virtual bool saveSubjectStream(const SubjectSource& source, qint64 total, const AuditEntry& entry,
                                   QString* error, const SubjectProgress& progress = {})
    {
        Q_UNUSED(source);
        Q_UNUSED(total);
        Q_UNUSED(entry);
        Q_UNUSED(progress);
        return subjectsUnsupported<bool>(error).has_value();
    }

    // Enforced team mode (PostgreSQL, `admin init`; docs/architecture.md "Team mode where PostgreSQL
    // enforces the rules"). The defaults: a store whose rules only the console enforces.
    /// True when the database enforces roles, four-eyes, the policy and the audit chain itself.
    virtual bool enforcesRules() const { return false; }
    /// An enforced store: the operator this connection signed in as (the database's session_user and
    /// its group role). nullopt with *error when that role is not an active operator of the store.
    virtual std::optional<Operator> sessionOperator(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not sign operators in by their database role.");
        return std::nullopt;
    }
    /// What `admin init` did or, with --check, found.
    struct TeamModeReport
    {
        QStringList problems; ///< --check: what is missing or wrongly granted (empty: all is well)
        QStringList done;     ///< what was created or changed
        struct Login
        {
            QString name;
            QString role;
            QString oneTimePassword; ///< empty: the role existed and keeps its own authentication
        };
        QList<Login> newLogins; ///< operators of an upgraded store that became login roles
        QStringList groupRoles;
    };
    /// Creates or upgrades the enforced team layer (checkOnly: only reports). Run by the schema's owner.
    virtual bool initTeamMode(bool checkOnly, TeamModeReport* report, QString* error)
    {
        Q_UNUSED(checkOnly);
        Q_UNUSED(report);
        if (error)
            *error = QStringLiteral("Only a PostgreSQL store has a team mode.");
        return false;
    }

private:
    template <typename T> static std::optional<T> checkpointsUnsupported(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not keep audit checkpoints.");
        return std::nullopt;
    }
    template <typename T> static std::optional<T> subjectsUnsupported(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not keep a subject index.");
        return std::nullopt;
    }
};
