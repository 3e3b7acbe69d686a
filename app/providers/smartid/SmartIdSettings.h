// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ApiKeySettings.h"

#include <QString>
#include <QUrl>

/// SmartID's section of a connection profile: a base URL, the API key and a pin.
struct SmartIdSettings : ApiKeySettings
{
    /// The provider key: the profile's section, ConnectionProfile::section<SmartIdSettings>().
    static QString key() { return QStringLiteral("smartid"); }
};
