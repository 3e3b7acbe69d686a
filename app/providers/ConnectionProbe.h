// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/HttpReply.h"

#include <QString>
#include <functional>

/// What "Test connection" sends for one provider and how it reads the answer
/// (docs/adding-a-provider.md).
struct ConnectionProbe
{
    HttpReply* reply = nullptr; ///< null: the profile has no section for this provider
    /// True when the answer proves the connection works; *detail says what was proven (or why not).
    std::function<bool(const HttpResult&, QString*)> accepted;
    /// False when the provider offers no call that proves the credential (only reachability).
    bool keyVerifiable = true;
};
