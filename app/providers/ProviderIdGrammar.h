// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Each provider's user-id grammar behind one call, for code that holds an id for any provider (the
/// subject index, users show): the same check that provider's actions are validated with.
class ProviderIdGrammar final
{
public:
    ProviderIdGrammar() = delete;

    /// Why id cannot be a user id at provider (a key of Subject::providers()), or empty when it can
    /// or when provider is none of ours.
    static QString problem(const QString& provider, const QString& id);
};
