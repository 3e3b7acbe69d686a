// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SqlDialect.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

/// The store's schema as an ordered list of migrations. A migration is never edited once released:
/// a change is a new migration at the end of the list. SqlStore applies the missing ones at open.
class SchemaMigrations final
{
public:
    struct Migration
    {
        int version = 0;
        QString description;
        QStringList statements; ///< one SQL statement each, run in order inside one transaction
        /// The names of a table's columns as they are now, inside the migration's transaction.
        using ColumnsOf = std::function<QStringList(const QString& table)>;
        /// More statements, run after `statements`, for a migration that depends on what a store
        /// holds (e.g. the columns an older release added); empty: none.
        std::function<QStringList(const ColumnsOf& columnsOf)> then = {};
    };

    SchemaMigrations() = delete;

    static QList<Migration> all(const SqlDialect& dialect);
    /// The newest version this code knows.
    static int latestVersion();
};
