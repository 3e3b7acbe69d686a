// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulkRow.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

/// Reads a bulk job file (docs/architecture.md section 6): header `provider,action,user_id,params,reason`,
/// then one action per row; params are the CLI command's options without dashes, separated by ';'. Rows that
/// cannot be read are returned as Invalid with the reason, under their line number.
class BulkCsvParser final
{
    Q_DECLARE_TR_FUNCTIONS(BulkCsvParser)

public:
    BulkCsvParser() = delete;

    /// Nullopt (with *error) only when the file cannot be read or its header is wrong.
    static std::optional<QList<BulkRow>> parseFile(const QString& path, QString* error);
    static std::optional<QList<BulkRow>> parse(const QByteArray& csv, QString* error);
    /// The params cell as ActionRequest params for this provider and action; empty with *problem set
    /// when they do not fit.
    static QJsonObject params(const QString& provider, const QString& action, const QString& text,
                              QString* problem);
    /// The params cell for a request (the inverse of params()), e.g. for rows from the search table.
    static QString paramsText(const ActionRequest& request);
    static QStringList header();
};
