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

struct PolicySetting
{
    const char* name;
    int defaultValue;
    int minimum;
    int maximum;
    const char* description;
    const char* unit;
};

const PolicySetting kSettings[] = {
    {"session.idle_lock_minutes", 15, 1, 480,
     QT_TRANSLATE_NOOP("Policy", "Lock a console after it has been idle for"),
     QT_TRANSLATE_NOOP("Policy", "minutes")},
    {"approvals.expiry_hours", 72, 1, 2160,
     QT_TRANSLATE_NOOP("Policy", "A request waiting for approval expires after"),
     QT_TRANSLATE_NOOP("Policy", "hours")},
    {"audit.checkpoint_every", 100, 10, 100000,
     QT_TRANSLATE_NOOP("Policy", "The console signs an audit checkpoint every"),
     QT_TRANSLATE_NOOP("Policy", "entries")},
    {"signin.max_failures", 5, 3, 20,
     QT_TRANSLATE_NOOP("Policy", "Failed sign-ins of one name before it must wait"),
     QT_TRANSLATE_NOOP("Policy", "failures")},
    {"signin.throttle_minutes", 15, 1, 1440,
     QT_TRANSLATE_NOOP("Policy", "Window and wait after too many failed sign-ins"),
     QT_TRANSLATE_NOOP("Policy", "minutes")},
};

const PolicySetting* settingNamed(const QString& name)
{
    for (const PolicySetting& s : kSettings) {
        if (name == QLatin1String(s.name))
            return &s;
    }
    return nullptr;
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

QList<Policy::KeyParameter> Policy::keyParameters()
{
    QList<KeyParameter> list;
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const QHash<QString, QString> parameters = module->policyParameters();
        for (auto it = parameters.cbegin(); it != parameters.cend(); ++it)
            list << KeyParameter{module->key(), it.key(), it.value()};
    }
    return list;
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

QStringList Policy::knownSettings()
{
    QStringList names;
    for (const PolicySetting& s : kSettings)
        names << QString::fromLatin1(s.name);
    return names;
}

QString Policy::describeSetting(const QString& name)
{
    const PolicySetting* s = settingNamed(name);
    return s ? QCoreApplication::translate("Policy", s->description) : name;
}

QString Policy::settingUnit(const QString& name)
{
    const PolicySetting* s = settingNamed(name);
    return s ? QCoreApplication::translate("Policy", s->unit) : QString();
}

int Policy::settingDefault(const QString& name)
{
    const PolicySetting* s = settingNamed(name);
    return s ? s->defaultValue : 0;
}

int Policy::settingMinimum(const QString& name)
{
    const PolicySetting* s = settingNamed(name);
    return s ? s->minimum : 0;
}

int Policy::settingMaximum(const QString& name)
{
    const PolicySetting* s = settingNamed(name);
    return s ? s->maximum : 0;
}

int Policy::setting(const QString& name) const
{
    const PolicySetting* s = settingNamed(name);
    if (!s)
        return m_settings.value(name);
    return qBound(s->minimum, m_settings.value(name, s->defaultValue), s->maximum);
}
