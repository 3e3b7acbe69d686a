// SPDX-License-Identifier: GPL-3.0-or-later
#include "TeamFunctionCall.h"

#include <QJsonArray>
#include <QJsonDocument>

QString TeamFunctionCall::clean(const QString& text)
{
    QString s = QString::fromUtf8(text.toUtf8());
    s.remove(QChar(0));
    return s.isNull() ? QStringLiteral("") : s;
}

QString TeamFunctionCall::compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString TeamFunctionCall::compact(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QVariantList TeamFunctionCall::entryArgs(const AuditEntry& e)
{
    return {clean(e.action),           clean(e.provider), compact(e.subjectIds), clean(e.reason),
            compact(e.requestSummary), compact(e.before), compact(e.after),      clean(e.outcome)};
}

QJsonObject TeamFunctionCall::entryObject(const AuditEntry& e)
{
    static const char* const names[] = {"action",  "provider", "subjects", "reason",
                                        "summary", "before",   "after",    "outcome"};
    const QVariantList values = entryArgs(e);
    QJsonObject o;
    for (qsizetype i = 0; i < values.size(); ++i)
        o.insert(QLatin1String(names[i]), values.at(i).toString());
    return o;
}

QString TeamFunctionCall::placeholders(int n)
{
    QStringList list;
    for (int i = 0; i < n; ++i)
        list << QStringLiteral("?");
    return list.join(QStringLiteral(", "));
}
