// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApprovalsSection.h"

#include <QJsonArray>

QJsonObject ApprovalsSection::toJson() const
{
    QJsonArray list;
    for (const ActionRecord& a : pending)
        list.append(QJsonObject{{QStringLiteral("id"), double(a.id)},
                                {QStringLiteral("provider"), a.request.provider},
                                {QStringLiteral("action"), a.request.action},
                                {QStringLiteral("user_id"), a.request.userId},
                                {QStringLiteral("params"), a.request.params},
                                {QStringLiteral("initiator"), a.initiator},
                                {QStringLiteral("reason"), a.request.reason}});
    return QJsonObject{{QStringLiteral("pending"), list}};
}
