// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdProfileSection.h"

#include <QCoreApplication>

QString SmartIdProfileSection::sourceLabel()
{
    return QCoreApplication::translate("SubjectProfileService",
                                       "known only from the index and the audit log");
}

QJsonObject SmartIdProfileSection::toJson() const
{
    return QJsonObject{
        {QStringLiteral("user"), user},
        {QStringLiteral("enrollment"), enrolled ? QStringLiteral("enrolled") : QStringLiteral("unenrolled")},
        {QStringLiteral("source"), QStringLiteral("index-and-audit-log")},
        {QStringLiteral("label"), sourceLabel()},
        {QStringLiteral("as_of"), asOf}};
}
