// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxRequest.h"

namespace {

QString decodeComponent(QByteArray part)
{
    part.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
}

} // namespace

QByteArray SandboxRequest::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

bool SandboxRequest::hasHeader(const QByteArray& name) const
{
    return !header(name).isNull();
}

bool SandboxRequest::declaresJson() const
{
    const QByteArray type = header("content-type").split(';').constFirst().trimmed().toLower();
    return type == "application/json" || (type.contains('/') && type.endsWith("+json"));
}

QString SandboxRequest::queryValue(const QString& key) const
{
    for (const auto& [itemKey, value] : queryItems) {
        if (itemKey == key)
            return value.isNull() ? QString(QLatin1String("")) : value;
    }
    return {};
}

QList<QPair<QString, QString>> SandboxRequest::parseQuery(const QByteArray& rawQuery)
{
    QList<QPair<QString, QString>> items;
    for (const QByteArray& pair : rawQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArray key = equals < 0 ? pair : pair.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        items.append({decodeComponent(key), decodeComponent(value)});
    }
    return items;
}
