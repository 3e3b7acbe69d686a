// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

/// The arguments of a call of an enforced team store's functions (TeamSchema), as SqlStore binds them.
class TeamFunctionCall
{
public:
    /// Text as PostgreSQL takes it: valid UTF-8, no NUL, never NULL.
    static QString clean(const QString& text);
    static QString compact(const QJsonObject& object);
    static QString compact(const QStringList& list);
    /// The entry's fields the functions take (TeamSchema's kEntryArgs), in their order.
    static QVariantList entryArgs(const AuditEntry& entry);
    /// The same fields as a JSON object of strings, named as those arguments without their "a_"
    /// (action, provider, subjects, reason, summary, before, after, outcome).
    static QJsonObject entryObject(const AuditEntry& entry);
    /// "?, ?, …" for n arguments.
    static QString placeholders(int n);
};
