// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The one partner account the Smile ID emulator knows (docs/architecture.md section 3).
struct SmileIdAccount
{
    QString partnerId;   ///< compared verbatim: "0085" is not "85"
    QString apiKey;      ///< the HMAC key of the request signature
    QString email;       ///< written to the connection profile
    QString environment; ///< "test" or "production"; requests must name the same one
    /// Sign job_status answers with a wrong key (--smileid-bad-signature): clients must flag them.
    bool signAnswersWrongly = false;
};
