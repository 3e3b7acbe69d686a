// SPDX-License-Identifier: GPL-3.0-or-later
#include "WaitNotice.h"

#include <QCoreApplication>

namespace WaitNotice {
QString text(int delayMs, const ApiError& reason)
{
    const int seconds = (delayMs + 999) / 1000;
    if (reason.kind == ApiError::Kind::RateLimited)
        return QCoreApplication::translate("WaitNotice", "waiting for rate limit (%1 s)…").arg(seconds);
    return QCoreApplication::translate("WaitNotice", "%1; trying again in %2 s…")
        .arg(reason.message())
        .arg(seconds);
}
} // namespace WaitNotice
