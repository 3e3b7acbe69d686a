// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Role.h"

#include <QString>
#include <QStringList>

/// The enforced team mode of a PostgreSQL store (docs/architecture.md, "Team mode where PostgreSQL
/// enforces the rules"): the group roles, the privileges and the SECURITY DEFINER functions through
/// which every state change goes. `admin init` runs install() as the schema's owner.
class TeamSchema
{
public:
    /// The version written to store_info ('team_mode') by install(): a store with it is enforced.
    /// 2: bulk jobs, their rows hashed; 3: a runner's turn in one call (identitydesk_record_bulk_batch);
    /// 4: the server names an action's policy rule (policy_key_rules), first passwords expire, one's
    /// own password through identitydesk_set_own_password, nobody changes their own operator record.
    static constexpr int kVersion = 4;
    /// How long a first password (set by admin init or by a supervisor adding an operator) works
    /// unless the operator chooses their own.
    static constexpr int kFirstPasswordHours = 72;

    /// The cluster-wide name of a group role for the database `database`: "<db>_officer" etc. Roles are
    /// cluster-wide while a cluster holds many stores, so the database's name keeps them apart. Names
    /// longer than PostgreSQL allows are shortened with a hash of the full name.
    static QString groupRole(const QString& database, Role role);
    /// The statements that create or upgrade the team layer, to run in one transaction by the owner.
    static QStringList install(const QString& database);
    /// The tables no group role may write directly.
    static QStringList protectedTables();
    /// A function the groups call, and which groups may.
    struct Function
    {
        QString signature; ///< "identitydesk_submit_action(text, …)"
        QList<Role> callers;
    };
    static QList<Function> functions();
    /// The audit events identitydesk_log() refuses: those only the functions write.
    static QStringList reservedEvents();

private:
    // TeamSchemaBulk.cpp: the bulk jobs' columns, functions, and the step that hashes the rows of
    // jobs made before (an upgrade from team mode 1 or from a shared-credential store).
    static QStringList bulkColumns();
    static QString bulkFunctions();
    static QString sealExistingBulkJobs();
};
