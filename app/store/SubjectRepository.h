// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"
#include "domain/Subject.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

/// The subject index: one person's ids at each provider (docs/architecture.md section 8). Part of
/// Store; an import is written with its audit entry in one transaction. Errors as Store's. The
/// defaults refuse, for stores that do not keep an index.
class SubjectRepository
{
public:
    virtual ~SubjectRepository() = default;

    /// The subject with this reference; nullopt with *error ("not found" included).
    virtual std::optional<Subject> subject(const QString& reference, QString* error)
    {
        Q_UNUSED(reference);
        return subjectsUnsupported<Subject>(error);
    }
    /// The subject linked to provider:providerId; nullopt with an *empty* *error when nobody is.
    virtual std::optional<Subject> subjectByLink(const QString& provider, const QString& providerId,
                                                 QString* error)
    {
        Q_UNUSED(provider);
        Q_UNUSED(providerId);
        return subjectsUnsupported<Subject>(error);
    }
    /// The subjects with these references (those in the index; any order). For an import's checks.
    virtual std::optional<QList<Subject>> subjectsByReference(const QStringList& references, QString* error)
    {
        Q_UNUSED(references);
        return subjectsUnsupported<QList<Subject>>(error);
    }
    /// Which subject (its reference) each of these ids at `provider` is linked to; ids linked to nobody
    /// are absent.
    virtual std::optional<QHash<QString, QString>> linkOwners(const QString& provider, const QStringList& ids,
                                                              QString* error)
    {
        Q_UNUSED(provider);
        Q_UNUSED(ids);
        return subjectsUnsupported<QHash<QString, QString>>(error);
    }
    /// Subjects found by the index (docs/architecture.md section 8): those linked to a provider id equal
    /// to text, then those with a word of their reference, e-mail, name (case and accents ignored) or
    /// the digits of their phone starting with text, ranked in that order; empty text: every subject
    /// by reference.
    virtual std::optional<QList<Subject>> findSubjects(const QString& text, int offset, int limit,
                                                       QString* error)
    {
        Q_UNUSED(text);
        Q_UNUSED(offset);
        Q_UNUSED(limit);
        return subjectsUnsupported<QList<Subject>>(error);
    }
    /// Told how many of `total` subjects are written so far; returning false cancels (nothing is written).
    using SubjectProgress = std::function<bool(qint64 done, qint64 total)>;
    /// Inserts or replaces every subject (by reference; its links become exactly subject.ids) and
    /// appends `entry`, all in one transaction: on any failure, or when progress cancels, nothing is
    /// written.
    virtual bool saveSubjects(const QList<Subject>& subjects, const AuditEntry& entry, QString* error,
                              const SubjectProgress& progress = {})
    {
        Q_UNUSED(subjects);
        Q_UNUSED(entry);
        Q_UNUSED(progress);
        return subjectsUnsupported<bool>(error).has_value();
    }
    /// Gives the next subjects to save into *next (an empty list: there are no more); false with
    /// *error stops the save (nothing is written).
    using SubjectSource = std::function<bool(QList<Subject>* next, QString* error)>;
    /// As saveSubjects(), for subjects read a block at a time from `source` (an import of millions holds
    /// one block): `total` is what progress counts toward.
    virtual bool saveSubjectStream(const SubjectSource& source, qint64 total, const AuditEntry& entry,
                                   QString* error, const SubjectProgress& progress = {})
    {
        Q_UNUSED(source);
        Q_UNUSED(total);
        Q_UNUSED(entry);
        Q_UNUSED(progress);
        return subjectsUnsupported<bool>(error).has_value();
    }

private:
    template <typename T> static std::optional<T> subjectsUnsupported(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not keep a subject index.");
        return std::nullopt;
    }
};
