// SPDX-License-Identifier: GPL-3.0-or-later
#include "Policy.h"

#include "providers/ProviderRegistry.h"

#include <QCoreApplication>
#include <optional>

namespace {
/// Every rule: each provider module's, in the registry's order, then the bulk rule. Read from the
/// registry each time (a handful of rules), so a module registered later is never missed.
QList<PolicyRule> allRules()
{
    QList<PolicyRule> list;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        list << module->policyRules();
    list << PolicyRule{QStringLiteral("bulk"), true, QT_TRANSLATE_NOOP("Policy", "Any bulk job")};
    return list;
}

std::optional<PolicyRule> rule(const QString& key)
{
    for (const PolicyRule& r : allRules()) {
        if (r.key == key)
            return r;
    }
    return std::nullopt;
}
} // namespace

Policy Policy::defaults()
{
    Policy p;
    for (const PolicyRule& r : allRules())
        p.m_rules.insert(r.key, r.requiresApproval);
    return p;
}

QStringList Policy::knownKeys()
{
    QStringList keys;
    for (const PolicyRule& r : allRules())
        keys << r.key;
    return keys;
}

QString Policy::keyFor(const ActionRequest& request)
{
    if (!request.jobId.isEmpty() || request.provider == QLatin1String("bulk"))
        return QStringLiteral("bulk");
    if (const ProviderModule* module = ProviderRegistry::instance().find(request.provider))
        return module->policyKey(request);
    return request.provider + QLatin1Char('.') + request.action;
}

QString Policy::describe(const QString& key)
{
    const std::optional<PolicyRule> r = rule(key);
    return r ? QCoreApplication::translate("Policy", r->description) : key;
}

bool Policy::isFixed(const QString& key)
{
    const std::optional<PolicyRule> r = rule(key);
    return r && r->fixed;
}

bool Policy::requiresApproval(const QString& key) const
{
    if (const std::optional<PolicyRule> r = rule(key); r && r->fixed)
        return r->requiresApproval; // whatever an older console stored

    // An action the policy does not know is treated as risky.
    return m_rules.value(key, true);
}
