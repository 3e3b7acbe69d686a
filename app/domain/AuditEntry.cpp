// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditEntry.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

QString AuditEntry::formatTime(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray AuditEntry::canonicalJson() const
{
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    const QJsonObject o{
        {QStringLiteral("seq"), QString::number(seq)},
        {QStringLiteral("time"), formatTime(time)},
        {QStringLiteral("operator"), operatorName},
        {QStringLiteral("role"), role},
        {QStringLiteral("event"), event},
        {QStringLiteral("action"), action},
        {QStringLiteral("provider"), provider},
        {QStringLiteral("subject_ids"), QJsonArray::fromStringList(subjectIds)},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("request_summary"), requestSummary},
        {QStringLiteral("before"), before},
        {QStringLiteral("after"), after},
        {QStringLiteral("outcome"), outcome},
        {QStringLiteral("action_id"), QString::number(actionId)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray AuditEntry::computeHash() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash);
    h.addData(canonicalJson());
    return h.result().toHex();
}
