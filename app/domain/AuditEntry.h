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
    /// The newest hash format, used for every entry appended.
    static constexpr int kLatestHashFormat = 2;

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
    QByteArray hash;     ///< hex: SHA-256(prev_hash || hashedBytes())

    /// How computeHash() hashes (docs/architecture.md section 2, "What the hash covers"): 2, over
    /// storedBytes(), for every entry appended since schema version 6; 1, over canonicalJson(), for
    /// the entries written before, which keep their hashes (the chain is never rewritten).
    /// Verification accepts either format (matchedHashFormat()).
    int hashFormat = kLatestHashFormat;
    /// The time and the JSON columns exactly as the store keeps them (set by the store when it writes
    /// or reads a row). storedBytes() and canonicalJson() use this text as it is, never re-parsed and
    /// re-serialised; a null one stands for the field above, formatted as the store writes it (an
    /// entry that was never stored).
    struct StoredText
    {
        QString time;
        QString subjectIds;
        QString requestSummary;
        QString before;
        QString after;
    };
    StoredText stored;

    /// The entry without prev_hash and hash, as compact JSON with sorted keys (what hash format 1
    /// hashed). The JSON columns are spliced in as stored.
    QByteArray canonicalJson() const;
    /// canonicalJson() as Qt writes it after parsing the stored JSON: how format 1 hashes were made
    /// (the same bytes unless Qt changes how it writes JSON). Verification accepts either.
    QByteArray reserialisedJson() const;
    /// Hash format 2's input: each column, in a fixed order, as "name:length:bytes\n" over the
    /// exact UTF-8 text stored (docs/architecture.md section 2).
    QByteArray storedBytes() const;
    /// The hash of this entry in its hashFormat.
    QByteArray computeHash() const;
    /// The format in which hash matches the entry's contents (format 1: either form of
    /// canonicalJson()), or 0 when it matches in none.
    int matchedHashFormat() const;
    bool hashMatches() const { return matchedHashFormat() != 0; }
    static QString formatTime(const QDateTime& time);
    /// An action that took effect: by the provider's answer, or by a person who resolved an unknown
    /// outcome as succeeded.
    bool tookEffect() const
    {
        return (event == QLatin1String("outcome") || event == QLatin1String("resolved")) &&
               (outcome == QLatin1String("succeeded") || outcome == QLatin1String("already-in-state"));
    }
};
