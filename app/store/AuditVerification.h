// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/// Result of recomputing the audit chain.
struct AuditVerification
{
    bool ok = true;
    qint64 entries = 0;
    qint64 firstBrokenSeq = 0; ///< the first entry whose hash, link or order is wrong
    QString problem;
    qint64 headSeq = 0;  ///< the last entry verified (0: none)
    QByteArray headHash; ///< its hash (hex)
};
