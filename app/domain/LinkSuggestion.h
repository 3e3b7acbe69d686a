// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

/// Two provider records that look like the same person (same e-mail or phone) but are not linked
/// in the subject index. Only a suggestion: an officer confirms it (SubjectService::link).
struct LinkSuggestion
{
    QString subjectReference; ///< the subject the first record already belongs to; empty if none
    QString provider;         ///< first record (only when subjectReference is empty): provider key
    QString providerId;
    QString otherProvider; ///< second record: provider key
    QString otherProviderId;
    QString matchedOn; ///< "email" or "phone"
    QString value;     ///< the shared e-mail address or phone number

    /// The same pair of records, whatever matched.
    bool operator==(const LinkSuggestion& o) const
    {
        return subjectReference == o.subjectReference && provider == o.provider &&
               providerId == o.providerId && otherProvider == o.otherProvider &&
               otherProviderId == o.otherProviderId;
    }
};

Q_DECLARE_METATYPE(LinkSuggestion)
