// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// What a successful SDK.Finance login gives (the shape is an assumption of docs/architecture.md:
/// SdkFinanceWire).
struct SdkFinanceLogin
{
    QByteArray token;    ///< the Bearer token; never logged
    QDateTime expiresAt; ///< UTC; invalid when the provider did not say
    QString role;
    QStringList permissions;
    QString userId;
    QString userName;

    bool hasPermission(const QString& permission) const { return permissions.contains(permission); }
};

Q_DECLARE_METATYPE(SdkFinanceLogin)
