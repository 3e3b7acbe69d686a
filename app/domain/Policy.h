// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRequest.h"

#include <QMap>
#include <QString>
#include <QStringList>

/// Which actions need a supervisor's approval. Keys: "smileid.<flag>", "<provider>.<action>", "bulk".
class Policy
{
public:
    /// docs/architecture.md section 2: delete, is_fraudulent, SDK.Finance reset, SmartID un-enroll and bulk
    /// jobs need approval; active, allow_new_enroll and Trust Swiftly reverify do not.
    static Policy defaults();
    /// Every key the console knows, in display order.
    static QStringList knownKeys();
    static QString keyFor(const ActionRequest& request);
    /// A human description of a key, e.g. "Smile ID: mark / clear fraud".
    static QString describe(const QString& key);
    /// True for a rule nobody may change (an SDK.Finance decision is itself an approval).
    static bool isFixed(const QString& key);

    bool requiresApproval(const QString& key) const;
    bool requiresApproval(const ActionRequest& request) const { return requiresApproval(keyFor(request)); }
    void set(const QString& key, bool requiresApproval) { m_rules.insert(key, requiresApproval); }
    const QMap<QString, bool>& rules() const { return m_rules; }

private:
    QMap<QString, bool> m_rules;
};
