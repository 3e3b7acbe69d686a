// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ApiError.h"

#include <QString>

/// One way a request keeps a person waiting, as HttpClient tells the HttpWaitObserver.
struct HttpWait
{
    enum class Kind
    {
        NoAnswerYet, ///< sent, no answer for elapsedMs (told about once a second, from the 2nd second)
        RateLimit,   ///< held for delayMs by a rate limit (the provider's 429 or the console's own)
        Retry,       ///< a transient failure (reason), tried again in delayMs
        Over,        ///< the request ended (answered, failed or cancelled): nothing more to show for it
    };

    Kind kind = Kind::Over;
    quint64 request = 0; ///< the same for every wait of one request, its retries included
    QString provider;
    QString operation;
    int attempt = 0;
    int elapsedMs = 0; ///< NoAnswerYet
    int delayMs = 0;   ///< RateLimit, Retry
    ApiError reason;   ///< RateLimit, Retry
};
