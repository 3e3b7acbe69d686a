// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditHistorySection.h"

#include <QJsonArray>

QJsonObject AuditHistorySection::toJson() const
{
    QJsonArray list;
    for (const AuditEntry& e : entries)
        list.append(QJsonObject{{QStringLiteral("seq"), double(e.seq)},
                                {QStringLiteral("time"), AuditEntry::formatTime(e.time)},
                                {QStringLiteral("operator"), e.operatorName},
                                {QStringLiteral("event"), e.event},
                                {QStringLiteral("action"), e.action},
                                {QStringLiteral("provider"), e.provider},
                                {QStringLiteral("reason"), e.reason},
                                {QStringLiteral("outcome"), e.outcome},
                                {QStringLiteral("after"), e.after}});
    return QJsonObject{{QStringLiteral("entries"), list}};
}
