// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCheckpoint.h"

#include "CheckpointKey.h"
#include "domain/AuditEntry.h"
#include "domain/LengthPrefixedField.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
const char kFormat[] = "identitydesk-audit-checkpoint-1";

} // namespace

QByteArray AuditCheckpoint::signedBytes() const
{
    QByteArray out(kFormat);
    out += '\n';
    LengthPrefixedField::append(out, "store_id", storeId);
    LengthPrefixedField::append(out, "seq", QString::number(seq));
    LengthPrefixedField::append(out, "head_hash", QString::fromLatin1(headHash));
    LengthPrefixedField::append(out, "time", AuditEntry::formatTime(time));
    LengthPrefixedField::append(out, "operator", operatorName);
    LengthPrefixedField::append(out, "key_id", keyId);
    return out;
}

bool AuditCheckpoint::sign(const CheckpointKey& key, QString* error)
{
    keyId = key.keyId();
    signature = key.sign(signedBytes(), error);
    return !signature.isEmpty();
}

bool AuditCheckpoint::signatureValid(const QByteArray& publicKey) const
{
    return CheckpointKey::keyIdOf(publicKey) == keyId &&
           CheckpointKey::verify(publicKey, signedBytes(), signature);
}

QByteArray AuditCheckpoint::toJson() const
{
    const QJsonObject o{
        {QStringLiteral("format"), QString::fromLatin1(kFormat)},
        {QStringLiteral("store_id"), storeId},
        {QStringLiteral("seq"), QString::number(seq)},
        {QStringLiteral("head_hash"), QString::fromLatin1(headHash)},
        {QStringLiteral("time"), AuditEntry::formatTime(time)},
        {QStringLiteral("operator"), operatorName},
        {QStringLiteral("key_id"), keyId},
        {QStringLiteral("signature"), QString::fromLatin1(signature.toBase64())},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

std::optional<AuditCheckpoint> AuditCheckpoint::fromJson(const QByteArray& json, QString* error)
{
    const auto fail = [error](const QString& message) -> std::optional<AuditCheckpoint> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(tr("not a checkpoint file (not a JSON object)"));
    const QJsonObject o = doc.object();
    for (const char* field :
         {"format", "store_id", "seq", "head_hash", "time", "operator", "key_id", "signature"})
        if (!o.value(QLatin1String(field)).isString())
            return fail(
                tr("not a checkpoint file (field '%1' missing or not a string)").arg(QLatin1String(field)));
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return fail(tr("unknown checkpoint format '%1'").arg(o.value(QStringLiteral("format")).toString()));
    AuditCheckpoint c;
    c.storeId = o.value(QStringLiteral("store_id")).toString();
    bool seqOk = false;
    const QString seqText = o.value(QStringLiteral("seq")).toString();
    c.seq = seqText.toLongLong(&seqOk);
    static const QRegularExpression digits(QStringLiteral("^[1-9][0-9]{0,18}$"));
    if (!seqOk || !digits.match(seqText).hasMatch())
        return fail(tr("the checkpoint's seq is not a positive whole number"));
    c.headHash = o.value(QStringLiteral("head_hash")).toString().toLatin1();
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex64.match(QString::fromLatin1(c.headHash)).hasMatch())
        return fail(tr("the checkpoint's head_hash is not 64 lower-case hex digits"));
    const QString timeText = o.value(QStringLiteral("time")).toString();
    c.time = QDateTime::fromString(timeText, Qt::ISODateWithMs).toUTC();
    if (!c.time.isValid() || AuditEntry::formatTime(c.time) != timeText)
        return fail(tr("the checkpoint's time is not an ISO-8601 UTC time with milliseconds"));
    c.operatorName = o.value(QStringLiteral("operator")).toString();
    c.keyId = o.value(QStringLiteral("key_id")).toString();
    c.signature = QByteArray::fromBase64(o.value(QStringLiteral("signature")).toString().toLatin1(),
                                         QByteArray::AbortOnBase64DecodingErrors);
    if (c.signature.isEmpty())
        return fail(tr("the checkpoint's signature is not base64"));
    return c;
}

QString AuditCheckpoint::fileName() const
{
    QString stamp = AuditEntry::formatTime(time);
    stamp.remove(QLatin1Char('-')).remove(QLatin1Char(':')).remove(QLatin1Char('.'));
    return QStringLiteral("%1-%2-%3.json")
        .arg(storeId, QStringLiteral("%1").arg(seq, 12, 10, QLatin1Char('0')), stamp);
}
