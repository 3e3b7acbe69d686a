// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

/// One end user as a provider knows them. Provider-specific extras live in attributes.
struct UserRecord
{
    QString provider;    ///< provider key (ProviderRegistry)
    QString id;          ///< the provider's id, always as a string
    QString referenceId; ///< the customer's own reference, if the provider keeps one
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    QString status;
    QVariantMap attributes; ///< e.g. current_workflow_id

    QString displayName() const
    {
        const QString name = (firstName + QLatin1Char(' ') + lastName).trimmed();
        return name.isEmpty() ? email : name;
    }
};

/// One page of a paged user listing.
struct UserPage
{
    QList<UserRecord> users;
    int page = 1;     ///< 1-based
    int lastPage = 1; ///< 1-based, at least 1
    int perPage = 0;
    qint64 total = 0;
};

Q_DECLARE_METATYPE(UserRecord)
Q_DECLARE_METATYPE(UserPage)
