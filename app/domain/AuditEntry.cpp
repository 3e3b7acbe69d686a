// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditEntry.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

QString AuditEntry::formatTime(const QDateTime& time)
{
    // What Qt::ISODateWithMs gives for UTC ("2026-01-02T03:04:05.678Z"), written directly: this runs
    // twice for every audit entry and every action row, and QDateTime::toString() is slow.
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    if (!date.isValid() || date.year() < 1000 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs);
    const QTime clock = utc.time();
    char text[24];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, date.year(), 4);
    text[4] = '-';
    put(5, date.month(), 2);
    text[7] = '-';
    put(8, date.day(), 2);
    text[10] = 'T';
    put(11, clock.hour(), 2);
    text[13] = ':';
    put(14, clock.minute(), 2);
    text[16] = ':';
    put(17, clock.second(), 2);
    text[19] = '.';
    put(20, clock.msec(), 3);
    text[23] = 'Z';
    return QString::fromLatin1(text, sizeof text);
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
