// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdFlagsSection.h"

#include <QCoreApplication>

QJsonObject SmileIdFlagsSection::toJson() const
{
    QJsonObject values;
    for (auto it = flags.cbegin(); it != flags.cend(); ++it)
        values.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("source"), QStringLiteral("audit-log")},
        {QStringLiteral("label"),
         QCoreApplication::translate("SubjectProfileService", "last known, from the audit log")},
        {QStringLiteral("flags"), values},
        {QStringLiteral("as_of"), asOf}};
}
