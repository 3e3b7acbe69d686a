// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectService.h"

#include "ActionService.h"
#include "SubjectCsv.h"
#include "domain/PrintableText.h"
#include "providers/ProviderIdGrammar.h"
#include "providers/ProviderRegistry.h"
#include "store/Store.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

namespace {
constexpr int kMaxIdLength = 200;
/// RFC 5321's limit on a forward path, less its angle brackets.
constexpr int kMaxEmailLength = 254;
constexpr int kMaxAuditedReferences = 100;

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

bool isEmail(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+$"));
    return pattern.match(text).hasMatch() && !PrintableText::hasControl(text);
}

/// Provider columns of the CSV, after subject and email: column index → provider key.
QList<QPair<int, QString>> providerColumns()
{
    const QStringList header = SubjectCsv::header();
    QList<QPair<int, QString>> columns;
    for (const QString& provider : ProviderRegistry::instance().keys())
        columns.append({int(header.indexOf(provider)), provider});
    return columns;
}
} // namespace

SubjectService::SubjectService(Store& store, Operator op)
    : m_store(store)
    , m_operator(std::move(op))
{}

std::optional<Subject> SubjectService::subject(const QString& reference, QString* error) const
{
    return m_store.subject(reference.trimmed(), error);
}

std::optional<Subject> SubjectService::subjectByLink(const QString& provider, const QString& providerId,
                                                     QString* error) const
{
    return m_store.subjectByLink(provider, providerId.trimmed(), error);
}

std::optional<QList<Subject>> SubjectService::find(const QString& text, int offset, int limit,
                                                   QString* error) const
{
    return m_store.findSubjects(text, offset, limit, error);
}

QString SubjectService::idProblem(const QString& id)
{
    if (id.trimmed().isEmpty())
        return tr("the id is empty");
    if (id != id.trimmed())
        return tr("the id “%1” starts or ends with spaces").arg(PrintableText::excerpt(id));
    if (id.size() > kMaxIdLength)
        return tr("the id is longer than %1 characters").arg(kMaxIdLength);
    for (const QChar c : id) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return tr("the id “%1” holds control characters").arg(PrintableText::excerpt(id));
    }
    return QString();
}

bool SubjectService::parseProviderId(const QString& text, QString* provider, QString* providerId,
                                     QString* error)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0)
        return fail(error, tr("“%1” is not PROVIDER:ID (e.g. trustswiftly:42)").arg(text));
    const QString p = text.left(colon).trimmed().toLower();
    const QString id = text.mid(colon + 1);
    if (!Subject::providers().contains(p))
        return fail(
            error,
            tr("unknown provider “%1” (known: %2)").arg(p, Subject::providers().join(QStringLiteral(", "))));
    if (const QString problem = idProblem(id); !problem.isEmpty())
        return fail(error, tr("%1: %2").arg(p, problem));
    // The index holds only ids the provider's actions would accept (its own grammar).
    if (const QString problem = ProviderIdGrammar::problem(p, id); !problem.isEmpty())
        return fail(error, problem);
    *provider = p;
    *providerId = id;
    return true;
}

SubjectImportReport SubjectService::planImport(const QString& filePath) const
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        SubjectImportReport report;
        report.fileName = filePath;
        report.fileProblem = tr("Cannot read %1: %2").arg(filePath, file.errorString());
        return report;
    }
    return planImport(file.readAll(), filePath);
}

SubjectImportReport SubjectService::planImport(const QByteArray& csv, const QString& fileName) const
{
    using Kind = SubjectImportReport::Row::Kind;
    SubjectImportReport report;
    report.fileName = fileName;
    QString text = QString::fromUtf8(csv);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1); // a byte-order mark from spreadsheet exports
    QString parseError;
    const QList<SubjectCsv::Record> records = SubjectCsv::parse(text, &parseError);
    if (!parseError.isEmpty()) {
        report.fileProblem = tr("%1: %2").arg(fileName, parseError);
        return report;
    }
    if (records.isEmpty()) {
        report.fileProblem = tr("%1 is empty: the first line must be the header %2")
                                 .arg(fileName, SubjectCsv::header().join(u','));
        return report;
    }
    QStringList header;
    for (const QString& h : records.constFirst().fields)
        header << h.trimmed().toLower();
    if (header != SubjectCsv::header()) {
        report.fileProblem = tr("%1, line %2: the header must be exactly %3 (found %4)")
                                 .arg(fileName)
                                 .arg(records.constFirst().line)
                                 .arg(SubjectCsv::header().join(u','),
                                      PrintableText::excerpt(records.constFirst().fields.join(u','), 120));
        return report;
    }

    // One read up front tells a store failure apart from "not in the index" below.
    QString probeError;
    if (!m_store.findSubjects(QString(), 0, 1, &probeError)) {
        report.fileProblem = tr("Cannot read the subject index: %1").arg(probeError);
        return report;
    }
    const qsizetype jobColumn = SubjectCsv::header().indexOf(QStringLiteral("smileid_job"));
    const QList<QPair<int, QString>> idColumns = providerColumns();
    QHash<QString, int> referenceLines;          // subject → line of the file
    QHash<QString, QPair<int, QString>> idLines; // "provider:id" → (line, subject)
    for (qsizetype i = 1; i < records.size(); ++i) {
        const SubjectCsv::Record& rec = records.at(i);
        SubjectImportReport::Row row;
        row.line = rec.line;
        const auto bad = [&row](const QString& problem) {
            row.problems << problem;
        };
        if (rec.fields.size() != SubjectCsv::header().size()) {
            bad(tr("expected %1 columns, found %2").arg(SubjectCsv::header().size()).arg(rec.fields.size()));
            row.kind = Kind::Bad;
            report.rows << row;
            continue;
        }
        const QString reference = rec.fields.at(0).trimmed();
        const QString email = rec.fields.at(1).trimmed().toLower();
        const QString job = rec.fields.at(jobColumn).trimmed();
        if (reference.isEmpty())
            bad(tr("subject: empty (every row needs the team's reference for the person)"));
        else if (const QString p = idProblem(reference); !p.isEmpty())
            bad(tr("subject: %1").arg(p));
        else if (referenceLines.contains(reference))
            bad(tr("subject: “%1” is already on line %2")
                    .arg(reference)
                    .arg(referenceLines.value(reference)));
        if (email.size() > kMaxEmailLength)
            bad(tr("email: %1 characters; an e-mail address has at most %2")
                    .arg(email.size())
                    .arg(kMaxEmailLength));
        else if (!email.isEmpty() && !isEmail(email))
            bad(tr("email: “%1” is not an e-mail address").arg(PrintableText::excerpt(email)));
        if (!job.isEmpty()) {
            if (const QString p = idProblem(job); !p.isEmpty())
                bad(tr("smileid_job: %1").arg(p));
        }

        Subject wanted;
        wanted.reference = reference;
        wanted.email = email;
        wanted.smileIdJob = job;
        for (const auto& [column, provider] : idColumns) {
            const QString id = rec.fields.at(column).trimmed();
            if (id.isEmpty())
                continue;
            if (const QString p = idProblem(id); !p.isEmpty()) {
                bad(tr("%1: %2").arg(provider, p));
                continue;
            }
            if (const QString p = ProviderIdGrammar::problem(provider, id); !p.isEmpty()) {
                bad(p);
                continue;
            }
            wanted.ids.insert(provider, id);
        }

        // The index as it is now.
        QString storeError;
        std::optional<Subject> existing;
        if (!reference.isEmpty()) {
            existing = m_store.subject(reference, &storeError); // nullopt: not in the index
        }
        Subject merged = existing.value_or(Subject());
        merged.reference = reference;
        if (!wanted.email.isEmpty())
            merged.email = wanted.email;
        if (!wanted.smileIdJob.isEmpty())
            merged.smileIdJob = wanted.smileIdJob;
        for (auto it = wanted.ids.cbegin(); it != wanted.ids.cend(); ++it)
            merged.ids.insert(it.key(), it.value());
        if (!merged.smileIdJob.isEmpty() && !merged.isLinkedAt(QStringLiteral("smileid")))
            bad(tr("smileid_job: a Smile ID job needs the person's Smile ID user id (column smileid)"));

        QStringList conflicts;
        for (auto it = wanted.ids.cbegin(); it != wanted.ids.cend(); ++it) {
            const QString key = it.key() + u':' + it.value();
            if (idLines.contains(key)) {
                conflicts << tr("%1 id “%2” is also given on line %3 for subject “%4”")
                                 .arg(it.key(), it.value())
                                 .arg(idLines.value(key).first)
                                 .arg(idLines.value(key).second);
                continue;
            }
            idLines.insert(key, {rec.line, reference});
            QString linkError;
            const std::optional<Subject> owner = m_store.subjectByLink(it.key(), it.value(), &linkError);
            if (!linkError.isEmpty())
                bad(tr("cannot check the index: %1").arg(linkError));
            else if (owner && owner->reference != reference)
                conflicts << tr("%1 id “%2” is already linked to subject “%3”")
                                 .arg(it.key(), it.value(), owner->reference);
        }
        if (!reference.isEmpty() && !referenceLines.contains(reference))
            referenceLines.insert(reference, rec.line);

        row.subject = merged;
        if (existing)
            row.previous = *existing;
        if (!row.problems.isEmpty()) {
            row.kind = Kind::Bad;
            row.problems << conflicts;
        } else if (!conflicts.isEmpty()) {
            row.kind = Kind::Conflicting;
            row.problems = conflicts;
        } else if (!existing) {
            row.kind = Kind::New;
        } else {
            row.kind = merged == *existing ? Kind::Unchanged : Kind::Changed;
        }
        report.rows << row;
    }
    return report;
}

bool SubjectService::applyImport(const SubjectImportReport& report, const QString& reason, QString* error)
{
    if (!Roles::canRequestActions(m_operator.role))
        return fail(error, tr("%1 is an auditor and cannot change the subject index.").arg(m_operator.name));
    if (const QString problem = ActionService::textProblem(reason); !problem.isEmpty())
        return fail(error, problem);
    if (!report.isImportable()) {
        QStringList lines;
        if (!report.fileProblem.isEmpty())
            lines << report.fileProblem;
        for (const SubjectImportReport::Row& r : report.rows) {
            if (!r.problems.isEmpty())
                lines << tr("line %1: %2").arg(r.line).arg(r.problems.join(QStringLiteral("; ")));
        }
        return fail(error, tr("Nothing was imported from %1: %n row(s) cannot be imported.\n", "",
                              report.count(SubjectImportReport::Row::Kind::Bad) +
                                  report.count(SubjectImportReport::Row::Kind::Conflicting))
                                   .arg(report.fileName) +
                               lines.join(u'\n'));
    }
    QList<Subject> changes;
    QStringList references;
    for (const SubjectImportReport::Row& r : report.rows) {
        if (r.kind == SubjectImportReport::Row::Kind::New ||
            r.kind == SubjectImportReport::Row::Kind::Changed) {
            changes << r.subject;
            if (references.size() < kMaxAuditedReferences)
                references << r.subject.reference;
        }
    }
    AuditEntry entry;
    entry.operatorName = m_operator.name;
    entry.role = Roles::toString(m_operator.role);
    entry.event = QStringLiteral("subjects-imported");
    entry.action = QStringLiteral("subjects.import");
    entry.subjectIds = references;
    entry.reason = reason;
    entry.requestSummary =
        QJsonObject{{QStringLiteral("file"), QFileInfo(report.fileName).fileName()},
                    {QStringLiteral("new"), report.count(SubjectImportReport::Row::Kind::New)},
                    {QStringLiteral("changed"), report.count(SubjectImportReport::Row::Kind::Changed)},
                    {QStringLiteral("unchanged"), report.count(SubjectImportReport::Row::Kind::Unchanged)},
                    {QStringLiteral("subjects_listed"), int(references.size())}};
    entry.outcome = QStringLiteral("succeeded");
    return m_store.saveSubjects(changes, entry, error);
}

bool SubjectService::link(const QString& referenceIn, const QString& provider, const QString& providerId,
                          const QString& reason, QString* error)
{
    if (!Roles::canRequestActions(m_operator.role))
        return fail(error, tr("%1 is an auditor and cannot change the subject index.").arg(m_operator.name));
    if (const QString problem = ActionService::textProblem(reason); !problem.isEmpty())
        return fail(error, problem);
    const QString reference = referenceIn.trimmed();
    if (const QString p = idProblem(reference); !p.isEmpty())
        return fail(error, tr("subject: %1").arg(p));
    if (!Subject::providers().contains(provider))
        return fail(error, tr("unknown provider “%1” (known: %2)")
                               .arg(provider, Subject::providers().join(QStringLiteral(", "))));
    if (const QString p = idProblem(providerId); !p.isEmpty())
        return fail(error, tr("%1: %2").arg(provider, p));
    if (const QString p = ProviderIdGrammar::problem(provider, providerId); !p.isEmpty())
        return fail(error, p);

    QString storeError;
    const std::optional<Subject> owner = m_store.subjectByLink(provider, providerId, &storeError);
    if (!storeError.isEmpty())
        return fail(error, storeError);
    if (owner && owner->reference != reference)
        return fail(error, tr("%1 id “%2” is already linked to subject “%3”; unlink it there first.")
                               .arg(provider, providerId, owner->reference));
    if (owner && owner->reference == reference)
        return true; // already linked: nothing to change, nothing to audit

    std::optional<Subject> current = m_store.subject(reference, &storeError);
    Subject subject = current.value_or(Subject());
    subject.reference = reference;
    const QString previous = subject.idAt(provider);
    subject.ids.insert(provider, providerId);

    AuditEntry entry;
    entry.operatorName = m_operator.name;
    entry.role = Roles::toString(m_operator.role);
    entry.event = QStringLiteral("subject-linked");
    entry.action = QStringLiteral("subjects.link");
    entry.provider = provider;
    entry.subjectIds = QStringList{reference, providerId};
    entry.reason = reason;
    entry.requestSummary = QJsonObject{{QStringLiteral("subject"), reference},
                                       {QStringLiteral("provider"), provider},
                                       {QStringLiteral("id"), providerId},
                                       {QStringLiteral("new_subject"), !current.has_value()}};
    if (!previous.isEmpty())
        entry.before = QJsonObject{{provider, previous}};
    entry.after = QJsonObject{{provider, providerId}};
    entry.outcome = QStringLiteral("succeeded");
    return m_store.saveSubjects({subject}, entry, error);
}

bool SubjectService::confirm(const LinkSuggestion& suggestion, const QString& reference,
                             const QString& reason, QString* error)
{
    const QString target =
        suggestion.subjectReference.isEmpty() ? reference.trimmed() : suggestion.subjectReference;
    if (target.isEmpty())
        return fail(error, tr("Neither record is linked yet: give the subject reference to link both to."));
    // A suggestion against the index entry itself has only the other record to link.
    if (!suggestion.provider.isEmpty() &&
        !link(target, suggestion.provider, suggestion.providerId, reason, error))
        return false;
    return link(target, suggestion.otherProvider, suggestion.otherProviderId, reason, error);
}
