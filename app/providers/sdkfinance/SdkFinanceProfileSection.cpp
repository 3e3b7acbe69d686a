// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceProfileSection.h"

#include <QJsonArray>

QJsonObject SdkFinanceProfileSection::toJson() const
{
    QJsonObject o{{QStringLiteral("user_id"), userId}};
    if (pendingRequests) {
        QJsonArray list;
        for (const ResetRequest& q : *pendingRequests)
            list.append(QJsonObject{{QStringLiteral("id"), q.id},
                                    {QStringLiteral("status"), q.status},
                                    {QStringLiteral("createdAt"), q.createdAtText},
                                    {QStringLiteral("comment"), q.comment}});
        o.insert(QStringLiteral("pending_reset_requests"), list);
    }
    if (!requestsNote.isEmpty())
        o.insert(QStringLiteral("requests_note"), requestsNote);
    if (profileStatus)
        o.insert(QStringLiteral("profile_status"), *profileStatus);
    if (!profileNote.isEmpty())
        o.insert(QStringLiteral("profile_note"), profileNote);
    if (profile)
        o.insert(QStringLiteral("profile"), profile->toJson());
    return o;
}
