// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QMetaType>
#include <QString>

/// What "Test connection" found for one provider of a profile.
struct ConnectionTestResult
{
    QString provider; ///< "smileid", "sdkfinance", "trustswiftly", "smartid"
    bool ok = false;
    bool keyVerified = false; ///< false for SmartID even when ok: its key cannot be checked
    QString message;          ///< a sentence for the user; the exact failure when !ok
    ApiError error;           ///< kind None when ok
};

Q_DECLARE_METATYPE(ConnectionTestResult)
