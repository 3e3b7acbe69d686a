// SPDX-License-Identifier: GPL-3.0-or-later
#include "Policy.h"

#include <QCoreApplication>

namespace {
struct Rule
{
    const char* key;
    bool approval;
    const char* description;
    bool fixed = false; ///< not editable: docs/architecture.md section 2 settles it
};
constexpr Rule kRules[] = {
    {"smileid.allow_new_enroll", false, QT_TRANSLATE_NOOP("Policy", "Smile ID: allow re-enrollment")},
    {"smileid.active", false, QT_TRANSLATE_NOOP("Policy", "Smile ID: deactivate / reactivate")},
    {"smileid.is_fraudulent", true, QT_TRANSLATE_NOOP("Policy", "Smile ID: mark / clear fraud")},
    {"smileid.delete", true, QT_TRANSLATE_NOOP("Policy", "Smile ID: delete (permanent block)")},
    {"sdkfinance.reset", true, QT_TRANSLATE_NOOP("Policy", "SDK.Finance: reset identification")},
    // Deciding a user's request is itself the approval: it never waits for a second one.
    {"sdkfinance.approve", false, QT_TRANSLATE_NOOP("Policy", "SDK.Finance: approve a reset request"), true},
    {"sdkfinance.decline", false, QT_TRANSLATE_NOOP("Policy", "SDK.Finance: decline a reset request"), true},
    {"trustswiftly.reverify", false, QT_TRANSLATE_NOOP("Policy", "Trust Swiftly: assign re-verification")},
    {"smartid.unenroll", true, QT_TRANSLATE_NOOP("Policy", "SmartID: reset biometric enrollment")},
    {"bulk", true, QT_TRANSLATE_NOOP("Policy", "Any bulk job")},
};
} // namespace

Policy Policy::defaults()
{
    Policy p;
    for (const Rule& r : kRules)
        p.m_rules.insert(QString::fromLatin1(r.key), r.approval);
    return p;
}

QStringList Policy::knownKeys()
{
    QStringList keys;
    for (const Rule& r : kRules)
        keys << QString::fromLatin1(r.key);
    return keys;
}

QString Policy::keyFor(const ActionRequest& request)
{
    if (!request.jobId.isEmpty() || request.provider == QLatin1String("bulk"))
        return QStringLiteral("bulk");
    if (request.provider == QLatin1String("smileid") && request.action == QLatin1String("flag"))
        return QStringLiteral("smileid.") + request.params.value(QStringLiteral("flag")).toString();
    return request.provider + QLatin1Char('.') + request.action;
}

QString Policy::describe(const QString& key)
{
    for (const Rule& r : kRules)
        if (key == QLatin1String(r.key))
            return QCoreApplication::translate("Policy", r.description);
    return key;
}

bool Policy::isFixed(const QString& key)
{
    for (const Rule& r : kRules)
        if (key == QLatin1String(r.key))
            return r.fixed;
    return false;
}

bool Policy::requiresApproval(const QString& key) const
{
    for (const Rule& r : kRules)
        if (r.fixed && key == QLatin1String(r.key))
            return r.approval; // whatever an older console stored

    // An action the policy does not know is treated as risky.
    return m_rules.value(key, true);
}
