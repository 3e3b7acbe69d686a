// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRepository.h"
#include "AuditRepository.h"
#include "BulkJobRepository.h"
#include "OperatorRepository.h"
#include "PolicyRepository.h"
#include "StoreOpener.h"
#include "SubjectRepository.h"

#include <QList>
#include <QString>
#include <QStringList>

/// Persistent state shared by consoles: operators, policy, actions, bulk jobs, the subject index and the
/// audit log, one repository interface per kind of data (services take the narrowest one they need).
/// One Store is one connection: each repository's writes append their audit entry in the same
/// transaction as the change, through the one hash chain.
/// Every method reports failure through its return value and *error; nothing throws. A method that
/// returns nullopt or false always sets *error (when given) to a message the operator can act on,
/// including "not found" for the single-item look-ups. A store is used from the thread that opened it.
class Store : public OperatorRepository,
              public PolicyRepository,
              public ActionRepository,
              public AuditRepository,
              public BulkJobRepository,
              public SubjectRepository
{
public:
    ~Store() override = default;

    /// "sqlite" or "postgresql".
    virtual QString backend() const = 0;
    /// A description for messages, without credentials.
    virtual QString location() const = 0;
    /// Opens another connection to this same store; call what it returns on the thread that will use
    /// the new connection (a connection belongs to the thread that opened it).
    using Opener = StoreOpener;
    virtual Opener opener() const = 0;
    /// The schema version the store is at: SchemaMigrations::latestVersion() once open, unless it was
    /// opened as it is (StoreFactory::Schema::AsItIs), when it may be older (0: no schema at all).
    virtual int schemaVersion() const = 0;

    // Enforced team mode (PostgreSQL, `admin init`; docs/architecture.md "Team mode where PostgreSQL
    // enforces the rules"). The defaults: a store whose rules only the console enforces.
    /// True when the database enforces roles, four-eyes, the policy and the audit chain itself.
    virtual bool enforcesRules() const { return false; }
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
};
