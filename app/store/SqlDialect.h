// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The few places where SQLite and PostgreSQL differ; everything else is shared SQL.
struct SqlDialect
{
    enum class Kind
    {
        Sqlite,
        Postgresql
    };

    Kind kind = Kind::Sqlite;
    QString backend;      ///< Store::backend(): "sqlite" or "postgresql"
    QString driver;       ///< the Qt SQL driver
    QString autoIdColumn; ///< an auto-numbered 64-bit primary key column definition
    QString beginWrite;   ///< starts a transaction that will write
    QString
        serialiseWriters; ///< run first in every writing transaction; empty when beginWrite already does it
    QString containsFunction; ///< (haystack, needle) → position, 0 when absent

    static SqlDialect sqlite();
    static SqlDialect postgresql();
};
