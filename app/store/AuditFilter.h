// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/// Filter for audit listings; empty fields match everything.
struct AuditFilter
{
    QString operatorName;
    QString subjectId;
    QString action; ///< substring of the action key
    QDateTime from;
    QDateTime to;
    qint64 actionId = 0;
    int limit = 0; ///< 0: no limit; otherwise the newest `limit` entries
};
