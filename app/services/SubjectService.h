// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/LinkSuggestion.h"
#include "domain/Operator.h"
#include "domain/Subject.h"
#include "domain/SubjectImportReport.h"

#include <QCoreApplication>
#include <QList>
#include <functional>
#include <optional>

class QIODevice;
class SubjectRepository;

/// The local subject index: which ids at each provider belong to one real person. Imports subjects
/// CSV files (docs/architecture.md section 6: all rows or none, in one transaction), links ids by hand and
/// turns confirmed suggestions into links. Every change is audited ("subjects-imported", "subject-linked")
/// with the operator and the reason; nothing here calls a provider. Store calls are short and
/// synchronous, like the rest of the store.
class SubjectService final
{
    Q_DECLARE_TR_FUNCTIONS(SubjectService)

public:
    /// `store` is not owned. `op` is who changes the index (auditors may only read).
    SubjectService(SubjectRepository& store, Operator op);

    /// The subject with this reference; nullopt with *error when none (or on a store failure).
    std::optional<Subject> subject(const QString& reference, QString* error) const;
    /// The subject linked to this provider id; nullopt with an empty *error when nobody is.
    std::optional<Subject> subjectByLink(const QString& provider, const QString& providerId,
                                         QString* error) const;
    /// Subjects found by the index (Store::findSubjects): an exact provider id first, then a prefix of a
    /// word of the reference, e-mail, name (case and accents ignored) or the phone's digits.
    std::optional<QList<Subject>> find(const QString& text, int offset, int limit, QString* error) const;

    /// Told the rows checked (planImport) or subjects written (applyImport) of `total`; false cancels.
    /// planImport first tells (0, 0) while it counts the file's lines.
    using Progress = std::function<bool(qint64 done, qint64 total)>;
    /// Reads and checks a subjects CSV against the index; writes nothing (this is the dry run). A
    /// cancel leaves a report with a fileProblem saying so. The file is read a chunk at a time and
    /// checked in batches: the report holds the first rows and the refused ones, and puts the
    /// importable rows of a long file in a temporary file (SubjectImportReport::spool), so the memory
    /// it takes does not grow with the number of good rows (docs/architecture.md section 8).
    SubjectImportReport planImport(const QString& filePath, const Progress& progress = {}) const;
    /// As above, for CSV text already read (fileName is used in messages).
    SubjectImportReport planImport(const QByteArray& csv, const QString& fileName,
                                   const Progress& progress = {}) const;
    /// Writes every new and changed row of an importable report in one transaction, with one
    /// "subjects-imported" audit entry. Refuses a report with any bad or conflicting row; a cancel
    /// writes nothing.
    bool applyImport(const SubjectImportReport& report, const QString& reason, QString* error,
                     const Progress& progress = {});

    /// Links `providerId` at `provider` to the subject `reference` (created when new). Fails when the
    /// id already belongs to another subject. Audited as "subject-linked".
    bool link(const QString& reference, const QString& provider, const QString& providerId,
              const QString& reason, QString* error);
    /// Confirms a suggestion: links both records to the suggestion's subject, or to `reference` when
    /// the suggestion has none (then `reference` is required).
    bool confirm(const LinkSuggestion& suggestion, const QString& reference, const QString& reason,
                 QString* error);

    /// Parses "PROVIDER:ID" (a provider key, a colon and the id); false with *error for an unknown provider.
    static bool parseProviderId(const QString& text, QString* provider, QString* providerId, QString* error);
    /// A sentence when `id` cannot be a provider id (empty, control characters, too long); else empty.
    static QString idProblem(const QString& id);
    /// A sentence when `name` cannot be a person's name (too long, control characters); else empty.
    static QString nameProblem(const QString& name);
    /// A sentence when `phone` is not empty and not a phone number; else empty.
    static QString phoneProblem(const QString& phone);

    const Operator& operatorAccount() const { return m_operator; }

private:
    SubjectImportReport planImport(QIODevice* device, const QString& fileName,
                                   const Progress& progress) const;

    SubjectRepository& m_store;
    Operator m_operator;
};
