// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRequest.h"

#include <QMap>
#include <QString>
#include <QStringList>

/// Which actions need a supervisor's approval. Keys: each provider module's rules
/// ("<provider>.<action>", ProviderModule::policyRules()) and "bulk".
class Policy
{
public:
    /// docs/architecture.md section 2: each provider module's defaults; bulk jobs need approval.
    static Policy defaults();
    /// Every key the console knows, in display order.
    static QStringList knownKeys();
    static QString keyFor(const ActionRequest& request);
    /// For the server's copy of keyFor() (an enforced team store): each provider's actions whose
    /// rule is named by the value of a parameter (ProviderModule::policyParameters()).
    struct KeyParameter
    {
        QString provider;
        QString action;
        QString parameter;
    };
    static QList<KeyParameter> keyParameters();
    /// A human description of a key, e.g. "<provider>: <what the action does>".
    static QString describe(const QString& key);
    /// True for a rule nobody may change (e.g. deciding a user's own request is itself an approval).
    static bool isFixed(const QString& key);

    bool requiresApproval(const QString& key) const;
    bool requiresApproval(const ActionRequest& request) const { return requiresApproval(keyFor(request)); }
    void set(const QString& key, bool requiresApproval) { m_rules.insert(key, requiresApproval); }
    const QMap<QString, bool>& rules() const { return m_rules; }

    /// The policy's numbers (times and thresholds), by name, in display order.
    static QStringList knownSettings();
    /// "Lock the console after this many idle minutes" … (translated); the name itself when unknown.
    static QString describeSetting(const QString& name);
    /// The unit shown after the number ("minutes", "hours", "entries", "failures"), translated.
    static QString settingUnit(const QString& name);
    static int settingDefault(const QString& name);
    static int settingMinimum(const QString& name);
    static int settingMaximum(const QString& name);
    /// The stored value, or the default; a stored value out of range reads as the nearest bound.
    int setting(const QString& name) const;
    void setSetting(const QString& name, int value) { m_settings.insert(name, value); }
    const QMap<QString, int>& settings() const { return m_settings; }

    /// Names of the settings (docs/architecture.md section 2).
    static QString idleLockMinutes() { return QStringLiteral("session.idle_lock_minutes"); }
    static QString approvalExpiryHours() { return QStringLiteral("approvals.expiry_hours"); }
    static QString checkpointEvery() { return QStringLiteral("audit.checkpoint_every"); }
    static QString signInMaxFailures() { return QStringLiteral("signin.max_failures"); }
    static QString signInThrottleMinutes() { return QStringLiteral("signin.throttle_minutes"); }

private:
    QMap<QString, bool> m_rules;
    QMap<QString, int> m_settings;
};
