// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileFingerprint.h"

#include <QJsonObject>
#include <QString>
#include <optional>

/// What an operator asks for: one state-changing call at one provider for one user.
struct ActionRequest
{
    QString provider; ///< the provider's key (ProviderRegistry)
    QString action;   ///< the CLI command word: "flag", "reset", "approve", "decline", "reverify", "unenroll"
    QString userId;   ///< the provider's user id
    QJsonObject params; ///< the action's parameters, e.g. {"flag":"is_fraudulent","value":true}
    QString reason;     ///< required, free text, at most kMaxReasonLength characters
    QString jobId;      ///< set when the action is a row of a bulk job
    /// The profile the action was requested on (a bulk job's row: its job's); nullopt for an action
    /// stored before actions were bound to their profile, which any console may approve and send.
    std::optional<ProfileFingerprint> profile;

    /// The params key the pipeline sets (true) when this request repeats one whose outcome is still
    /// unknown (an Unresolved action for the same provider, action and user): a person re-sends it.
    /// Executors whose provider answers a repeat differently read it (e.g. an "already done" answer).
    static QString afterUnknownKey() { return QStringLiteral("after_unknown"); }
    /// A reason goes into the audit log with each of the action's entries: a few sentences at most.
    static constexpr int kMaxReasonLength = 2000;
    bool isAfterUnknown() const { return params.value(afterUnknownKey()).toBool(); }
};
