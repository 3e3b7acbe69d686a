// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "domain/Operator.h"

#include <QCoreApplication>
#include <QString>

class Store;

/// A production profile works with one store (docs/architecture.md section 2): the first store it is
/// used with. The binding is kept on both sides: this user's settings remember the store id for the
/// profile's fingerprint (name, environment, every base URL), and the store records the fingerprint
/// (store_info, audited "profile-bound"). A store made on the side — e.g. to approve one's own actions
/// as its bootstrap supervisor — is then refused for that profile. Test and sandbox profiles are free.
class ProfileStoreBinding final
{
    Q_DECLARE_TR_FUNCTIONS(ProfileStoreBinding)

public:
    ProfileStoreBinding() = delete;

    /// The fingerprint's key: the SHA-256 (hex) of its compact JSON.
    static QString keyOf(const ConnectionProfile& profile);
    /// Binds a production profile on its first use, or checks that this is its store; false, with a
    /// message naming both stores, when it is bound to another one. Nothing is written for other
    /// profiles.
    static bool check(Store* store, const ConnectionProfile& profile, const Operator& op, QString* error);
};
