// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Role.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class Store;

/// The operators of demo mode: officer, supervisor, supervisor2 and auditor, all with one published
/// password, so that every role and the four-eyes rule can be tried out at once.
class DemoOperators final
{
    Q_DECLARE_TR_FUNCTIONS(DemoOperators)

public:
    struct Account
    {
        QString name;
        Role role;
    };

    DemoOperators() = delete;

    /// The password of every demo operator ("demo-password").
    static QString password();
    /// The demo accounts, in the order they are created.
    static QList<Account> accounts();
    /// Adds the demo accounts to a throwaway store, each with an "operator-added" audit entry.
    /// Hashes with the fewest iterations PasswordHasher allows, yet still slow: not on the GUI thread.
    static bool seed(Store* store, QString* error);
};
