// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Store.h"
#include "StoreUrl.h"

#include <QCoreApplication>
#include <QString>
#include <memory>

/// Opens the store a URL names (docs/architecture.md section 6).
class StoreFactory final
{
    Q_DECLARE_TR_FUNCTIONS(StoreFactory)

public:
    StoreFactory() = delete;

    /// What opening does with a schema older than this console's (or none: an empty database).
    enum class Schema
    {
        Upgrade, ///< creates or upgrades it (the default: any console or command)
        AsItIs   ///< writes nothing: the store opens at its own version (Store::schemaVersion()), so
                 ///< that a check can say what is missing; a SQLite file that does not exist is refused
    };

    /// "sqlite:PATH" (the folder is created if needed), "postgresql://user[:password]@host[:port]/dbname"
    /// or "postgres://…"; empty means the default SQLite file in the per-user data folder. Connects and
    /// brings the schema up to date; on failure returns nullptr and a message saying what to do.
    static std::unique_ptr<Store> open(const QString& url, QString* error);
    /// The same with a URL already parsed (e.g. StoreUrl::withPassword()).
    static std::unique_ptr<Store> open(const StoreUrl& url, QString* error, Schema schema = Schema::Upgrade);
    /// The URL used when none is given: "sqlite:" + StoreUrl::defaultSqlitePath().
    static QString defaultUrl();
};
