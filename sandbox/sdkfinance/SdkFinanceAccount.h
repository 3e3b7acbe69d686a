// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// One SDK.Finance system-operator login the sandbox accepts.
struct SdkFinanceAccount
{
    QString login;
    QString password;
    QString role;
    QStringList permissions;
    QString userId; ///< the operator's own user id, reported by the login answer
    QString name;
};
