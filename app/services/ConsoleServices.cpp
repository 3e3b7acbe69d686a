// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsoleServices.h"

#include "ActionService.h"
#include "ProfileStoreBinding.h"
#include "SubjectImportJob.h"
#include "SubjectProfileService.h"
#include "SubjectService.h"
#include "models/ActionsModel.h"
#include "store/Store.h"

ConsoleServices::ConsoleServices(Store* store)
    : m_store(store)
{}

bool ConsoleServices::signsInByDatabaseRole() const
{
    return m_store->enforcesRules();
}

AuditLogReader ConsoleServices::auditLog() const
{
    return AuditLogReader(m_store);
}

ActionService* ConsoleServices::newActionService(const Operator& op, QObject* parent) const
{
    auto* actions = new ActionService(m_store, parent);
    actions->setOperator(op);
    return actions;
}

ActionsModel* ConsoleServices::newActionsModel(ActionRecord::State state) const
{
    return new ActionsModel(m_store, state);
}

std::unique_ptr<SubjectService> ConsoleServices::newSubjectService(const Operator& op) const
{
    return std::make_unique<SubjectService>(*m_store, op);
}

SubjectImportJob* ConsoleServices::newImportJob(const Operator& op) const
{
    return new SubjectImportJob(m_store->opener(), op);
}

SubjectProfileService* ConsoleServices::newProfileService(Session* session) const
{
    return new SubjectProfileService(session, *m_store);
}

bool ConsoleServices::checkProfileBinding(const ConnectionProfile& profile, const Operator& op,
                                          QString* error) const
{
    return ProfileStoreBinding::check(m_store, profile, op, error);
}
