// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreFactory.h"

#include "SqlStore.h"
#include "StoreUrl.h"

std::unique_ptr<Store> StoreFactory::open(const QString& url, QString* error)
{
    const std::optional<StoreUrl> parsed = StoreUrl::parse(url, error);
    if (!parsed)
        return nullptr;
    return open(*parsed, error);
}

std::unique_ptr<Store> StoreFactory::open(const StoreUrl& url, QString* error, Schema schema)
{
    auto store = std::make_unique<SqlStore>(url);
    store->setSchemaUpgrade(schema == Schema::Upgrade);
    if (!store->open(error))
        return nullptr;
    return store;
}

QString StoreFactory::defaultUrl()
{
    return QLatin1String("sqlite:") + StoreUrl::defaultSqlitePath();
}
