// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdFlagOption.h"

const QList<SmileIdFlagOption>& SmileIdFlagOption::all()
{
    static const QList<SmileIdFlagOption> options{
        {QStringLiteral("active"), QStringLiteral("active"), true},
        {QStringLiteral("fraudulent"), QStringLiteral("is_fraudulent"), true},
        {QStringLiteral("allow-reenroll"), QStringLiteral("allow_new_enroll"), false},
        {QStringLiteral("delete"), QStringLiteral("delete"), false},
    };
    return options;
}

const SmileIdFlagOption* SmileIdFlagOption::byOption(const QString& option)
{
    for (const SmileIdFlagOption& o : all()) {
        if (o.option == option)
            return &o;
    }
    return nullptr;
}

const SmileIdFlagOption* SmileIdFlagOption::byFlag(const QString& flag)
{
    for (const SmileIdFlagOption& o : all()) {
        if (o.flag == flag)
            return &o;
    }
    return nullptr;
}

std::optional<bool> SmileIdFlagOption::parseValue(const QString& text)
{
    if (text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("false"))
        return false;
    return std::nullopt;
}

QJsonObject SmileIdFlagOption::params(bool value) const
{
    return {{QStringLiteral("flag"), flag}, {QStringLiteral("value"), takesValue ? value : true}};
}

QString SmileIdFlagOption::text(bool value) const
{
    if (!takesValue)
        return option;
    return option + u'=' + (value ? QStringLiteral("true") : QStringLiteral("false"));
}
