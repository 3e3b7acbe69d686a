// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ApiKeySettings.h"

#include <QString>
#include <QUrl>

/// Trust Swiftly's section of a connection profile: a base URL, the API key and a pin.
struct TrustSwiftlySettings : ApiKeySettings
{
    /// The provider key: the profile's section, ConnectionProfile::section<TrustSwiftlySettings>().
    static QString key() { return QStringLiteral("trustswiftly"); }
};
