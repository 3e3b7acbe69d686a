// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditEntry.h"

#include "LengthPrefixedField.h"

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

namespace {
QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString compact(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString storedOr(const QString& stored, const QString& serialised)
{
    return stored.isNull() ? serialised : stored;
}

/// A JSON string exactly as Qt's writer escapes it (QJsonDocument::Compact): ", \ and the C0
/// controls (\b \f \n \r \t, others \u00xx), everything else as UTF-8.
void appendJsonString(QByteArray& out, const QString& text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (u) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

QByteArray AuditEntry::canonicalJson() const
{
    // Keys in sorted order, as QJsonObject keeps them; the JSON columns as stored.
    QByteArray out;
    const auto key = [&out](const char* name) {
        out += out.isEmpty() ? "{\"" : ",\"";
        out += name;
        out += "\":";
    };
    key("action");
    appendJsonString(out, action);
    key("action_id");
    appendJsonString(out, QString::number(actionId));
    key("after");
    out += storedOr(stored.after, compact(after)).toUtf8();
    key("before");
    out += storedOr(stored.before, compact(before)).toUtf8();
    key("event");
    appendJsonString(out, event);
    key("operator");
    appendJsonString(out, operatorName);
    key("outcome");
    appendJsonString(out, outcome);
    key("provider");
    appendJsonString(out, provider);
    key("reason");
    appendJsonString(out, reason);
    key("request_summary");
    out += storedOr(stored.requestSummary, compact(requestSummary)).toUtf8();
    key("role");
    appendJsonString(out, role);
    key("seq");
    appendJsonString(out, QString::number(seq));
    key("subject_ids");
    out += storedOr(stored.subjectIds, compact(subjectIds)).toUtf8();
    key("time");
    appendJsonString(out, storedOr(stored.time, formatTime(time)));
    out += '}';
    return out;
}

QByteArray AuditEntry::reserialisedJson() const
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

QByteArray AuditEntry::storedBytes() const
{
    QByteArray out("identitydesk-audit-entry-2\n");
    LengthPrefixedField::append(out, "seq", QString::number(seq));
    LengthPrefixedField::append(out, "time", storedOr(stored.time, formatTime(time)));
    LengthPrefixedField::append(out, "operator", operatorName);
    LengthPrefixedField::append(out, "role", role);
    LengthPrefixedField::append(out, "event", event);
    LengthPrefixedField::append(out, "action", action);
    LengthPrefixedField::append(out, "provider", provider);
    LengthPrefixedField::append(out, "subject_ids", storedOr(stored.subjectIds, compact(subjectIds)));
    LengthPrefixedField::append(out, "reason", reason);
    LengthPrefixedField::append(out, "request_summary",
                                storedOr(stored.requestSummary, compact(requestSummary)));
    LengthPrefixedField::append(out, "before_state", storedOr(stored.before, compact(before)));
    LengthPrefixedField::append(out, "after_state", storedOr(stored.after, compact(after)));
    LengthPrefixedField::append(out, "outcome", outcome);
    LengthPrefixedField::append(out, "action_id", actionId > 0 ? QString::number(actionId) : QString());
    return out;
}

namespace {
QByteArray sha256Hex(const QByteArray& prevHash, const QByteArray& bytes)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash);
    h.addData(bytes);
    return h.result().toHex();
}
} // namespace

QByteArray AuditEntry::computeHash() const
{
    return sha256Hex(prevHash, hashFormat >= 2 ? storedBytes() : canonicalJson());
}

int AuditEntry::matchedHashFormat() const
{
    // Distinct inputs (format 2 starts with its own line, format 1 with '{'), so accepting either
    // never lets one content pass for another.
    if (sha256Hex(prevHash, storedBytes()) == hash)
        return 2;
    if (sha256Hex(prevHash, canonicalJson()) == hash || sha256Hex(prevHash, reserialisedJson()) == hash)
        return 1;
    return 0;
}
