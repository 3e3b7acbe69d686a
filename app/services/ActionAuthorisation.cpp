// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionAuthorisation.h"

#include "ActionExecutor.h"
#include "domain/PrintableText.h"

ActionAuthorisation::ActionAuthorisation(std::function<ActionExecutor*(const QString&)> executorOf)
    : m_executorOf(std::move(executorOf))
{}

QString ActionAuthorisation::profileRestriction(const ActionRecord& action) const
{
    // Actions stored before actions were bound to their profile carry no fingerprint: they are
    // approved, sent and re-checked as they were then, from any profile.
    if (!action.request.profile || (m_profile && *m_profile == *action.request.profile))
        return QString();
    if (!m_profile)
        return tr("Action #%1 belongs to %2, and this console is connected to no profile: nothing was "
                  "sent. Use that profile to approve, send or re-check it.")
            .arg(action.id)
            .arg(action.request.profile->text());
    return tr("Action #%1 belongs to %2, but this console is connected to %3: nothing was sent. Use that "
              "profile to approve, send or re-check it.")
        .arg(action.id)
        .arg(action.request.profile->text(), m_profile->text());
}

QString ActionAuthorisation::reasonProblem(const QString& reason)
{
    const QString trimmed = reason.trimmed();
    if (trimmed.isEmpty())
        return tr("A reason is required for every action.");
    if (trimmed.size() > ActionRequest::kMaxReasonLength)
        return tr("The reason is %1 characters long; keep it to %2 (it is written into the audit log with "
                  "every entry of the action).")
            .arg(trimmed.size())
            .arg(ActionRequest::kMaxReasonLength);
    return textProblem(reason);
}

QString ActionAuthorisation::textProblem(const QString& text)
{
    // One rule for every reason and note an operator types (actions, approvals, rejections,
    // resolutions, bulk rows, subject links): a control character would act on the terminal or
    // the table that later shows it (a CR and ESC [2K wipe a line, a LF forges one).
    if (PrintableText::hasControl(text))
        return tr("The text holds a control character (%1): write it on one line, without tabs or escape "
                  "sequences.")
            .arg(PrintableText::escaped(PrintableText::firstControl(text)));
    return QString();
}

QString ActionAuthorisation::requestRestriction(const ActionRequest& request) const
{
    if (!m_operator)
        return tr("Sign in first.");
    if (!Roles::canRequestActions(m_operator->role))
        return tr("Auditors can read everything but cannot request actions.");
    ActionExecutor* ex = m_executorOf(request.provider);
    if (!ex)
        return tr("The connection profile has no '%1' section, so its actions are not available.")
            .arg(request.provider);
    return ex->restriction(request, m_operator->role);
}

QString ActionAuthorisation::decisionRestriction(const ActionRecord& action) const
{
    if (!m_operator)
        return tr("Sign in first.");
    // One's own request first: that reason holds whatever one's role (four-eyes).
    if (action.initiator == m_operator->name)
        return tr("You requested this action yourself: another supervisor must decide it (four-eyes rule).");
    if (!Roles::canApprove(m_operator->role))
        return tr("Only a supervisor can approve or reject actions.");
    if (action.state == ActionRecord::State::Cancelled && !action.decisionReason.isEmpty())
        return tr("This action is no longer waiting for approval: %1").arg(action.decisionReason);
    if (action.state != ActionRecord::State::PendingApproval)
        return tr("This action is no longer waiting for approval (it is %1).")
            .arg(ActionRecord::stateName(action.state));
    return QString();
}

QString ActionAuthorisation::withdrawRestriction(const ActionRecord& action) const
{
    if (!m_operator)
        return tr("Sign in first.");
    if (action.initiator != m_operator->name && !Roles::canApprove(m_operator->role))
        return tr("Only the requester or a supervisor can withdraw a request.");
    if (action.state != ActionRecord::State::PendingApproval)
        return tr("Action #%1 is no longer waiting for approval (it is %2), so it cannot be withdrawn.")
            .arg(action.id)
            .arg(ActionRecord::stateName(action.state));
    return QString();
}

QString ActionAuthorisation::resolveRestriction(const ActionRecord& action) const
{
    if (!m_operator)
        return tr("Sign in first.");
    if (!Roles::canRequestActions(m_operator->role))
        return tr("Auditors cannot resolve actions.");
    if (action.state != ActionRecord::State::Unresolved)
        return tr("Action #%1 is not unresolved (it is %2).")
            .arg(action.id)
            .arg(ActionRecord::stateName(action.state));
    return QString();
}

QString ActionAuthorisation::recheckRestriction(const ActionRecord& action) const
{
    const QString why = resolveRestriction(action);
    if (!why.isEmpty())
        return why;
    if (const QString other = profileRestriction(action); !other.isEmpty())
        return other;
    ActionExecutor* ex = m_executorOf(action.request.provider);
    if (!ex)
        return tr("This console's connection profile has no '%1' section, so it cannot ask the provider.")
            .arg(action.request.provider);
    if (!ex->canReadBack(action.request))
        return tr("%1 offers no way to read this back: check at the provider and resolve it by hand.")
            .arg(ex->describe(action.request));
    return QString();
}
