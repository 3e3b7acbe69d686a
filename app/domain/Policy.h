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
    /// A human description of a key, e.g. "<provider>: <what the action does>".
    static QString describe(const QString& key);
    /// True for a rule nobody may change (e.g. deciding a user's own request is itself an approval).
    static bool isFixed(const QString& key);

    bool requiresApproval(const QString& key) const;
    bool requiresApproval(const ActionRequest& request) const { return requiresApproval(keyFor(request)); }
    void set(const QString& key, bool requiresApproval) { m_rules.insert(key, requiresApproval); }
    const QMap<QString, bool>& rules() const { return m_rules; }

private:
    QMap<QString, bool> m_rules;
};
