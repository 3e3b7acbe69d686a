// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
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
    /// The record as the 360 document shows it: id, reference_id, name, email, phone, status and every
    /// attribute.
    QJsonObject toJson() const
    {
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("reference_id"), referenceId},
                      {QStringLiteral("name"), displayName()},
                      {QStringLiteral("email"), email},
                      {QStringLiteral("phone"), phone},
                      {QStringLiteral("status"), status}};
        for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
            o.insert(it.key(), QJsonValue::fromVariant(it.value()));
        return o;
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
