// SPDX-License-Identifier: GPL-3.0-or-later
#include "WaitNotice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace WaitNotice {
QString text(int delayMs, const ApiError& reason)
{
    const int seconds = (qMax(0, delayMs) + 999) / 1000;
    if (reason.kind == ApiError::Kind::RateLimited) {
        const QString until = QLocale::c().toString(QDateTime::currentDateTime().addMSecs(delayMs).time(),
                                                    QStringLiteral("HH:mm:ss"));
        return QCoreApplication::translate("WaitNotice", "%1 rate limit: waiting %2 s (until %3)…")
            .arg(reason.provider.isEmpty() ? QCoreApplication::translate("WaitNotice", "provider")
                                           : reason.provider)
            .arg(seconds)
            .arg(until);
    }
    // What happened, without the advice to try again: it is being tried again.
    return QCoreApplication::translate("WaitNotice", "%1 Trying again in %2 s…")
        .arg(reason.summary())
        .arg(seconds);
}

QString stillWaiting(const QString& provider, int elapsedMs)
{
    if (elapsedMs < 0)
        return QCoreApplication::translate("WaitNotice", "still waiting for %1… Ctrl-C to stop")
            .arg(provider);
    return QCoreApplication::translate("WaitNotice", "still waiting for %1 (%2 s)… Ctrl-C to stop")
        .arg(provider)
        .arg(elapsedMs / 1000);
}
} // namespace WaitNotice
