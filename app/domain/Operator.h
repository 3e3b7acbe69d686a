// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Role.h"

#include <QDateTime>
#include <QString>

/// A person signed in to the console (stored in the store; password only as a slow hash).
struct Operator
{
    qint64 id = 0;
    QString name;
    Role role = Role::Officer;
    QDateTime createdAt;
    bool active = true;
};
