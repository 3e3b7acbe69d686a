// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"
#include "domain/Operator.h"

#include <QCoreApplication>
#include <QString>
#include <functional>
#include <optional>

class ActionExecutor;

/// Who may do what with an action, from this console (docs/architecture.md section 2): the signed-in
/// operator's role, four-eyes, the action's state and the profile it was requested on. Each rule
/// answers why not, in words for the operator, or empty when it allows. ActionService asks it before
/// every step of the pipeline; screens and commands ask it (ActionService::authorisation()) to say why
/// a button is disabled. In an enforced team store the server checks the same rules again itself.
class ActionAuthorisation final
{
    // The rules' words are translated where they were first written: ActionService's.
    Q_DECLARE_TR_FUNCTIONS(ActionService)

public:
    /// executorOf: the executor registered for a provider key, or null.
    explicit ActionAuthorisation(std::function<ActionExecutor*(const QString&)> executorOf);

    void setOperator(const Operator& op) { m_operator = op; }
    const std::optional<Operator>& currentOperator() const { return m_operator; }
    void setProfile(const std::optional<ProfileFingerprint>& profile) { m_profile = profile; }
    const std::optional<ProfileFingerprint>& currentProfile() const { return m_profile; }

    /// Why this action cannot be approved, sent or re-checked from here: it was requested on another
    /// profile (or there is none); empty when it can, and always for an action stored before actions
    /// were bound to their profile (no fingerprint).
    QString profileRestriction(const ActionRecord& action) const;
    /// Why the signed-in operator cannot request this action now; empty when they can.
    QString requestRestriction(const ActionRequest& request) const;
    /// Why the signed-in operator cannot approve or reject this action; empty when they can.
    QString decisionRestriction(const ActionRecord& action) const;
    /// Why the signed-in operator cannot resolve this action by hand; empty when they can.
    QString resolveRestriction(const ActionRecord& action) const;
    /// Why the signed-in operator cannot withdraw this action: only its requester or a supervisor may,
    /// and only while it waits for approval; empty when they can.
    QString withdrawRestriction(const ActionRecord& action) const;
    /// Whether the provider can be asked if this Unresolved action took effect (re-check); the
    /// reason it cannot otherwise.
    QString recheckRestriction(const ActionRecord& action) const;

    /// Why a reason cannot be used (empty, or longer than ActionRequest::kMaxReasonLength); empty when it
    /// can.
    static QString reasonProblem(const QString& reason);
    /// Why a typed text (a reason, a note) cannot be stored: it holds a control character; empty when
    /// it can.
    static QString textProblem(const QString& text);

private:
    std::function<ActionExecutor*(const QString&)> m_executorOf;
    std::optional<Operator> m_operator;
    std::optional<ProfileFingerprint> m_profile;
};
