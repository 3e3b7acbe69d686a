// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QMetaType>
#include <QString>

/// What "Test connection" found for one provider of a profile.
struct ConnectionTestResult
{
    QString provider; ///< the provider's key (ProviderRegistry)
    bool ok = false;
    bool keyVerified = false; ///< false, even when ok, for a provider whose key cannot be checked
    QString message;          ///< a sentence for the user; the exact failure when !ok
    ApiError error;           ///< kind None when ok
};

Q_DECLARE_METATYPE(ConnectionTestResult)
