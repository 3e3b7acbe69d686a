// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// One append-only, hash-chained audit log entry (docs/architecture.md section 2).
struct AuditEntry
{
    qint64 seq = 0;
    QDateTime time; ///< UTC, millisecond precision
    QString operatorName;
    QString role;
    QString event;  ///< intent, approved, rejected, outcome, resolved, policy-changed, operator-added, …
    QString action; ///< "<provider>.<action>", e.g. a flag of the provider's
    QString provider;
    QStringList subjectIds;
    QString reason;
    QJsonObject requestSummary; ///< what was (or will be) sent, secrets redacted
    QJsonObject before;
    QJsonObject after;
    QString outcome;
    qint64 actionId = 0;
    QByteArray prevHash; ///< hex
    QByteArray hash;     ///< hex: SHA-256(prev_hash || canonical JSON of the entry)

    /// The entry without prev_hash and hash, as compact JSON with sorted keys.
    QByteArray canonicalJson() const;
    QByteArray computeHash() const;
    static QString formatTime(const QDateTime& time);
};
