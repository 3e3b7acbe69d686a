// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AuditCheckpointService.h"
#include "AuditLogReader.h"
#include "GovernanceService.h"
#include "OperatorService.h"
#include "domain/ActionRecord.h"

#include <memory>

class ActionService;
class ActionsModel;
class QObject;
class Session;
class Store;
class SubjectImportJob;
class SubjectProfileService;
class SubjectService;
struct ConnectionProfile;

/// The services a console's window works through, all on the console's one store connection. The
/// launcher (the composition root) makes it from the store it opened; widgets get services and
/// models from it and never hold the store itself.
class ConsoleServices final
{
public:
    /// store is not owned and must outlive everything made here.
    explicit ConsoleServices(Store* store);

    OperatorService operators() const { return OperatorService(m_store); }
    /// An enforced team store: operators are its database roles (Store::enforcesRules()).
    bool signsInByDatabaseRole() const;
    GovernanceService governance() const { return GovernanceService(m_store); }
    AuditCheckpointService checkpoints() const { return AuditCheckpointService(m_store); }
    AuditLogReader auditLog() const;

    /// The pipeline for the operator, no profile yet (ActionService::useSession() adds one).
    ActionService* newActionService(const Operator& op, QObject* parent) const;
    /// The actions in `state`, for a queue (Approvals, Unresolved).
    ActionsModel* newActionsModel(ActionRecord::State state) const;
    std::unique_ptr<SubjectService> newSubjectService(const Operator& op) const;
    /// An import of subjects by op, on a connection and thread of its own.
    SubjectImportJob* newImportJob(const Operator& op) const;
    /// The person view's service; session may be null (no profile open: the index only).
    SubjectProfileService* newProfileService(Session* session) const;
    /// ProfileStoreBinding::check(): whether this production profile may work with this store.
    bool checkProfileBinding(const ConnectionProfile& profile, const Operator& op, QString* error) const;

private:
    Store* m_store;
};
