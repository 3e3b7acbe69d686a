// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

/// The settings of a provider reached at one base URL with an API key and an optional certificate
/// pin (ApiKeySection reads and checks them); a module's settings struct derives from it.
struct ApiKeySettings
{
    QUrl baseUrl;
    QString apiKey;
    QString pinSha256; ///< optional certificate pin (PublicKeyPin); empty = none
};
