// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

/// How far a bulk job got, row by row.
struct BulkCounts
{
    int total = 0;          ///< every row of the file, valid or not
    int invalid = 0;        ///< failed the dry run, never sent
    int succeeded = 0;      ///< done
    int alreadyInState = 0; ///< nothing to change
    int rejected = 0;       ///< the provider refused it (failed)
    int unknown = 0;        ///< outcome unknown: in Unresolved
    int sending = 0;        ///< in flight
    int pending = 0;        ///< not yet submitted
    int cancelled = 0;      ///< never submitted because the job was cancelled

    /// Rows with a final outcome.
    int finished() const { return succeeded + alreadyInState + rejected + unknown; }
    /// Valid rows still to do (pending + in flight).
    int remaining() const { return pending + sending; }
    int valid() const { return total - invalid; }
    QJsonObject toJson() const;
};
