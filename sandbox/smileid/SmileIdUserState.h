// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// One enrollee's flags as the Smile ID emulator keeps them (defaults: a freshly enrolled user).
struct SmileIdUserState
{
    bool active = true;
    bool fraudulent = false;
    bool allowNewEnroll = false;
    bool deleted = false;

    friend bool operator==(const SmileIdUserState& a, const SmileIdUserState& b)
    {
        return a.active == b.active && a.fraudulent == b.fraudulent && a.allowNewEnroll == b.allowNewEnroll &&
               a.deleted == b.deleted;
    }
    friend bool operator!=(const SmileIdUserState& a, const SmileIdUserState& b) { return !(a == b); }
};
