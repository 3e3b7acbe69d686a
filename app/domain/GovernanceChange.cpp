// SPDX-License-Identifier: GPL-3.0-or-later
#include "GovernanceChange.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("GovernanceChange", text);
}

QJsonObject valuesJson(const QMap<QString, GovernanceChange::Value>& values, bool after, bool asBool)
{
    QJsonObject o;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const int v = after ? it->after : it->before;
        o.insert(it.key(), asBool ? QJsonValue(v != 0) : QJsonValue(v));
    }
    return o;
}

QJsonObject pairsJson(const QMap<QString, GovernanceChange::Value>& values)
{
    QJsonObject o;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        o.insert(it.key(),
                 QJsonObject{{QStringLiteral("before"), it->before}, {QStringLiteral("after"), it->after}});
    return o;
}

bool readPairs(const QJsonValue& value, QMap<QString, GovernanceChange::Value>* out)
{
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return false;
    const QJsonObject o = value.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QJsonObject pair = it.value().toObject();
        if (!pair.value(QStringLiteral("before")).isDouble() ||
            !pair.value(QStringLiteral("after")).isDouble())
            return false;
        out->insert(it.key(), GovernanceChange::Value{pair.value(QStringLiteral("before")).toInt(),
                                                      pair.value(QStringLiteral("after")).toInt()});
    }
    return true;
}

QString ruleWords(int needsApproval)
{
    return needsApproval ? tr("needs approval") : tr("sent at once");
}
} // namespace

GovernanceChange GovernanceChange::policyChange(const Policy& before, const Policy& after)
{
    GovernanceChange c;
    c.kind = Kind::Policy;
    for (const QString& key : Policy::knownKeys()) {
        const int b = before.requiresApproval(key) ? 1 : 0;
        const int a = after.requiresApproval(key) ? 1 : 0;
        if (a != b)
            c.rules.insert(key, Value{b, a});
    }
    for (const QString& name : Policy::knownSettings()) {
        const int b = before.setting(name);
        const int a = after.setting(name);
        if (a != b)
            c.settings.insert(name, Value{b, a});
    }
    return c;
}

GovernanceChange GovernanceChange::roleChange(const QString& operatorName, Role from, Role to)
{
    GovernanceChange c;
    c.kind = Kind::Role;
    c.operatorName = operatorName;
    c.fromRole = from;
    c.toRole = to;
    return c;
}

bool GovernanceChange::isEmpty() const
{
    return kind == Kind::Policy ? rules.isEmpty() && settings.isEmpty() : fromRole == toRole;
}

ActionRequest GovernanceChange::toRequest(const QString& reason) const
{
    ActionRequest r;
    r.provider = provider();
    r.reason = reason;
    if (kind == Kind::Policy) {
        r.action = policyAction();
        r.userId = QStringLiteral("policy");
        r.params = QJsonObject{{QStringLiteral("rules"), pairsJson(rules)},
                               {QStringLiteral("settings"), pairsJson(settings)}};
    } else {
        r.action = roleAction();
        r.userId = operatorName;
        r.params = QJsonObject{{QStringLiteral("from"), Roles::toString(fromRole)},
                               {QStringLiteral("to"), Roles::toString(toRole)}};
    }
    return r;
}

std::optional<GovernanceChange> GovernanceChange::fromRequest(const ActionRequest& request, QString* error)
{
    GovernanceChange c;
    if (request.provider != provider()) {
        *error = tr("Action is not a change of the rules.");
        return std::nullopt;
    }
    if (request.action == policyAction()) {
        c.kind = Kind::Policy;
        if (!readPairs(request.params.value(QStringLiteral("rules")), &c.rules) ||
            !readPairs(request.params.value(QStringLiteral("settings")), &c.settings)) {
            *error = tr("The stored policy change is not readable.");
            return std::nullopt;
        }
        for (auto it = c.rules.cbegin(); it != c.rules.cend(); ++it) {
            if (!Policy::knownKeys().contains(it.key()) || Policy::isFixed(it.key())) {
                *error = tr("The policy change names the rule “%1”, which cannot be changed.").arg(it.key());
                return std::nullopt;
            }
        }
        for (auto it = c.settings.cbegin(); it != c.settings.cend(); ++it) {
            if (!Policy::knownSettings().contains(it.key()) || it->after < Policy::settingMinimum(it.key()) ||
                it->after > Policy::settingMaximum(it.key())) {
                *error = tr("The policy change sets “%1” to %2, which is not allowed.")
                             .arg(it.key())
                             .arg(it->after);
                return std::nullopt;
            }
        }
        return c;
    }
    if (request.action == roleAction()) {
        c.kind = Kind::Role;
        c.operatorName = request.userId;
        const std::optional<Role> from =
            Roles::fromString(request.params.value(QStringLiteral("from")).toString());
        const std::optional<Role> to =
            Roles::fromString(request.params.value(QStringLiteral("to")).toString());
        if (!from || !to || c.operatorName.isEmpty()) {
            *error = tr("The stored role change is not readable.");
            return std::nullopt;
        }
        c.fromRole = *from;
        c.toRole = *to;
        return c;
    }
    *error = tr("Unknown change of the rules “%1”.").arg(request.action);
    return std::nullopt;
}

QJsonObject GovernanceChange::beforeJson() const
{
    if (kind == Kind::Role)
        return QJsonObject{{QStringLiteral("role"), Roles::toString(fromRole)}};
    return QJsonObject{{QStringLiteral("rules"), valuesJson(rules, false, true)},
                       {QStringLiteral("settings"), valuesJson(settings, false, false)}};
}

QJsonObject GovernanceChange::afterJson() const
{
    if (kind == Kind::Role)
        return QJsonObject{{QStringLiteral("role"), Roles::toString(toRole)}};
    return QJsonObject{{QStringLiteral("rules"), valuesJson(rules, true, true)},
                       {QStringLiteral("settings"), valuesJson(settings, true, false)}};
}

Policy GovernanceChange::appliedTo(const Policy& current) const
{
    Policy p = current;
    for (auto it = rules.cbegin(); it != rules.cend(); ++it)
        p.set(it.key(), it->after != 0);
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        p.setSetting(it.key(), it->after);
    return p;
}

QString GovernanceChange::staleness(const Policy& current) const
{
    for (auto it = rules.cbegin(); it != rules.cend(); ++it) {
        if ((current.requiresApproval(it.key()) ? 1 : 0) != it->before)
            return tr("“%1” has changed since this was requested: request the change again.")
                .arg(Policy::describe(it.key()));
    }
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) {
        if (current.setting(it.key()) != it->before)
            return tr("“%1” has changed since this was requested: request the change again.")
                .arg(Policy::describeSetting(it.key()));
    }
    return QString();
}

QString GovernanceChange::describe() const
{
    if (kind == Kind::Role)
        return tr("Make %1 a %2 (now %3)")
            .arg(operatorName, Roles::toString(toRole), Roles::toString(fromRole));
    QStringList parts;
    for (auto it = rules.cbegin(); it != rules.cend(); ++it)
        parts
            << tr("%1: %2 → %3").arg(Policy::describe(it.key()), ruleWords(it->before), ruleWords(it->after));
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        parts << tr("%1: %2 → %3 %4")
                     .arg(Policy::describeSetting(it.key()))
                     .arg(it->before)
                     .arg(it->after)
                     .arg(Policy::settingUnit(it.key()));
    return tr("Change the approval policy: %1").arg(parts.join(QStringLiteral("; ")));
}

QString GovernanceChange::describeRequest(const ActionRequest& request)
{
    QString error;
    const std::optional<GovernanceChange> change = fromRequest(request, &error);
    return change ? change->describe() : error;
}
