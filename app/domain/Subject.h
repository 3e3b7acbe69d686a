// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// One real person in the local subject index: the team's own reference for them and the id each
/// provider knows them by, keyed by the provider's key (ProviderRegistry).
struct Subject
{
    qint64 id = 0;              ///< the store's row id (0 before it is stored)
    QString reference;          ///< the team's reference (customer or case number), unique
    QString email;              ///< lower-case; empty when unknown
    QString name;               ///< the person's name as given (spaces collapsed); empty when unknown
    QString phone;              ///< as given (spaces collapsed); searched by its digits
    QMap<QString, QString> ids; ///< provider key → that provider's id for this person
    /// A provider's own columns of the subject CSV (ProviderModule::subjectColumns() after its key,
    /// e.g. the id of an enrollment job) → their value; a column with no value is absent.
    QMap<QString, QString> attributes;
    QDateTime updatedAt; ///< UTC

    /// The provider keys a subject may be linked at, in display order.
    static QStringList providers();
    QString idAt(const QString& provider) const { return ids.value(provider); }
    bool isLinkedAt(const QString& provider) const { return !ids.value(provider).isEmpty(); }

    bool operator==(const Subject& o) const
    {
        return reference == o.reference && email == o.email && name == o.name && phone == o.phone &&
               ids == o.ids && attributes == o.attributes;
    }
    bool operator!=(const Subject& o) const { return !(*this == o); }
};

Q_DECLARE_METATYPE(Subject)
