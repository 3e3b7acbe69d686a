// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/// The line format of hashed and signed bytes (docs/architecture.md section 2): "name:length:value\n",
/// the length in bytes of the value's UTF-8, so no value can be mistaken for another field.
namespace LengthPrefixedField {
inline void append(QByteArray& out, const char* name, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    out += name;
    out += ':';
    out += QByteArray::number(utf8.size());
    out += ':';
    out += utf8;
    out += '\n';
}
} // namespace LengthPrefixedField
