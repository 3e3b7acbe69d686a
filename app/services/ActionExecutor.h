// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionOutcome.h"
#include "domain/ActionRequest.h"
#include "domain/Role.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

class HttpReply;
struct HttpResult;

/// One provider's state-changing calls, as the action pipeline drives them. Only ActionService
/// calls send(): there is no other way to change state at a provider.
class ActionExecutor
{
public:
    virtual ~ActionExecutor() = default;
    /// The provider's key (ProviderRegistry).
    virtual QString provider() const = 0;
    /// The action words this executor handles ("flag", "reverify", …).
    virtual QStringList actions() const = 0;
    /// Checks the request before anything is written or sent; an empty string means valid.
    virtual QString validate(const ActionRequest& request) const = 0;
    /// Why an operator with this role may not request this action at all (a provider-specific role
    /// rule, or the provider account lacks a permission); empty when they may. Checked by
    /// ActionService before anything is written, and shown by the UI as the disabled reason.
    virtual QString restriction(const ActionRequest& request, Role role) const
    {
        Q_UNUSED(request)
        Q_UNUSED(role)
        return QString();
    }
    /// Reads what restriction() depends on when it is not known yet (e.g. the permissions of the
    /// provider login, known only after logging in), so that a check before sending (the bulk dry run)
    /// sees the restriction; a read, never a state change. nullptr when there is nothing to read.
    virtual HttpReply* prepareRestriction() { return nullptr; }
    /// Whether a bulk dry run checks this request against the provider's current state (stateProblem()).
    virtual bool checksState(const ActionRequest& request) const
    {
        Q_UNUSED(request)
        return false;
    }
    /// Reads, before a bulk job is stored, the provider state that stateProblem() checks requests
    /// against (e.g. the pending reset requests that approve and decline rows name); a read, never a
    /// state change. The reply's value is what stateProblem() takes. nullptr when nothing is to be read.
    virtual HttpReply* prepareStateCheck() { return nullptr; }
    /// Why the provider would refuse this request in the state prepareStateCheck() read (state: its
    /// reply's value); empty when it would not, or when that cannot be told from what was read.
    virtual QString stateProblem(const ActionRequest& request, const QVariant& state) const
    {
        Q_UNUSED(request)
        Q_UNUSED(state)
        return QString();
    }
    /// Why a row cannot be checked when prepareStateCheck()'s read failed (error: its message).
    virtual QString stateReadProblem(const QString& error) const
    {
        return QCoreApplication::translate("BulkDryRun",
                                           "What this row acts on could not be read to check it: %1")
            .arg(error);
    }
    /// A sentence for people: "Mark user 42 as fraudulent at Smile ID".
    virtual QString describe(const ActionRequest& request) const = 0;
    /// What will go on the wire (method, URL, body), secrets and signatures redacted.
    virtual QJsonObject preview(const ActionRequest& request) const = 0;
    /// The state the action wants to reach, for the audit log's "after" (where known in advance).
    virtual QJsonObject intendedState(const ActionRequest& request) const = 0;
    /// Sends the request; the pipeline has already written the intent.
    virtual HttpReply* send(const ActionRequest& request) = 0;
    /// Reads the provider's answer into an outcome.
    virtual ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const = 0;
    /// True when readBack() can tell whether this action took effect.
    virtual bool canReadBack(const ActionRequest& request) const
    {
        Q_UNUSED(request)
        return false;
    }
    /// Asks the provider whether an action whose outcome is unknown took effect (docs/architecture.md section
    /// 2: "read the state back where the provider allows"); nullptr when it cannot be read back.
    virtual HttpReply* readBack(const ActionRequest& request)
    {
        Q_UNUSED(request)
        return nullptr;
    }
    /// What the read-back says: Succeeded (the user is in the wanted state, after = what was read),
    /// Rejected (they are not: message says what they are in), NotSent (the provider could not be asked).
    virtual ActionOutcome interpretReadBack(const ActionRequest& request, const HttpResult& result) const
    {
        Q_UNUSED(request)
        Q_UNUSED(result)
        return ActionOutcome();
    }
};
