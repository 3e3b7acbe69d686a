// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Subject.h"
#include "UserRecord.h"

#include <QList>
#include <QMetaType>

/// One record found by one search source, with the subject it is linked to in the index (if any).
struct SearchHit
{
    QString source;    ///< the SearchService source key: "index" or a provider key
    UserRecord record; ///< record.provider is the provider key ("index" for the local index itself)
    /// The linked subject (reference empty when the record is linked to nobody).
    Subject subject;

    bool isLinked() const { return !subject.reference.isEmpty(); }
};

Q_DECLARE_METATYPE(SearchHit)
Q_DECLARE_METATYPE(QList<SearchHit>)
