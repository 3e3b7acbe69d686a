// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

/// One reset-identification request at SDK.Finance (seed 003): a user asks to be identified again.
struct ResetRequest
{
    QString id;     ///< the provider's request id, always as a string
    QString userId; ///< the provider's user id
    QString userName;
    QString status;        ///< "PENDING", "APPROVED", "DECLINED", … as the provider spells it
    QDateTime createdAt;   ///< UTC; invalid when the provider sent none or an unreadable one
    QString createdAtText; ///< as the provider sent it
    QString comment;

    bool operator==(const ResetRequest& other) const
    {
        return id == other.id && userId == other.userId && userName == other.userName &&
               status == other.status && createdAt == other.createdAt &&
               createdAtText == other.createdAtText && comment == other.comment;
    }
    bool operator!=(const ResetRequest& other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(ResetRequest)
