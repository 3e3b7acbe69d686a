// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchSourceStatus.h"

#include <QCoreApplication>

QString SearchSourceStatus::text() const
{
    switch (state) {
    case State::Idle:
        return QString();
    case State::Loading:
        return results == 0 ? QCoreApplication::translate("SearchSourceStatus", "loading…")
                            : QCoreApplication::translate("SearchSourceStatus", "%n result(s), loading more…",
                                                          "", results);
    case State::Loaded:
        return total > results
                   ? QCoreApplication::translate("SearchSourceStatus", "%n result(s) of %1", "", results)
                         .arg(total)
                   : QCoreApplication::translate("SearchSourceStatus", "%n result(s)", "", results);
    case State::Error:
        return QCoreApplication::translate("SearchSourceStatus", "error: %1").arg(error.message());
    }
    return QString();
}
