// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Where the user guide (docs/user-guide.md) is on this machine: installed beside the executable's
/// data (share/doc/identitydesk on Linux), or in the source tree of a build.
class UserGuide final
{
public:
    UserGuide() = delete;

    /// The guide's file; empty when it is not installed.
    static QString path();
};
