// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectService.h"

#include "ActionService.h"
#include "SubjectCsv.h"
#include "SubjectCsvReader.h"
#include "SubjectImportKeys.h"
#include "SubjectImportRows.h"
#include "SubjectImportSpool.h"
#include "domain/PrintableText.h"
#include "domain/SubjectSearchTerms.h"
#include "providers/ProviderIdGrammar.h"
#include "providers/ProviderModule.h"
#include "providers/ProviderRegistry.h"
#include "store/SubjectRepository.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace {
constexpr int kMaxIdLength = 200;
/// RFC 5321's limit on a forward path, less its angle brackets.
constexpr int kMaxEmailLength = 254;
constexpr int kMaxAuditedReferences = 100;
constexpr int kMaxNameLength = 200;

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

} // namespace

SubjectService::SubjectService(SubjectRepository& store, Operator op)
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

QString SubjectService::nameProblem(const QString& name)
{
    if (name.size() > kMaxNameLength)
        return tr("%1 characters; a name has at most %2").arg(name.size()).arg(kMaxNameLength);
    if (PrintableText::hasControl(name))
        return tr("“%1” holds control characters").arg(PrintableText::excerpt(name));
    return QString();
}

QString SubjectService::phoneProblem(const QString& phone)
{
    if (phone.isEmpty())
        return QString();
    static const QRegularExpression pattern(QStringLiteral("^\\+?[0-9 ().\\-/]{1,40}$"));
    if (!pattern.match(phone).hasMatch() || SubjectSearchTerms::phoneDigits(phone).isEmpty())
        return tr("“%1” is not a phone number (digits, spaces and + ( ) . - / only)")
            .arg(PrintableText::excerpt(phone));
    return QString();
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
        return fail(error, tr("“%1” is not PROVIDER:ID (e.g. %2:42)")
                               .arg(text, ProviderRegistry::instance().keys().value(0)));
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

SubjectImportReport SubjectService::planImport(const QString& filePath, const Progress& progress) const
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        SubjectImportReport report;
        report.fileName = filePath;
        report.fileProblem = tr("Cannot read %1: %2").arg(filePath, file.errorString());
        return report;
    }
    return planImport(&file, filePath, progress);
}

SubjectImportReport SubjectService::planImport(const QByteArray& csv, const QString& fileName,
                                               const Progress& progress) const
{
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    return planImport(&buffer, fileName, progress);
}

namespace {
/// Rows checked against the index together (one look-up of their references and ids).
constexpr qsizetype kCheckBatch = 1000;
/// Progress is told every this many rows (and every chunk the line count reads).
constexpr qint64 kProgressRows = 500;

/// The lines of `device` (its newlines, and a last line without one), read a chunk at a time: what
/// the check's progress counts toward (a quoted line break makes it a little more than the records).
/// Returns -1 when `cancelled` says so.
qint64 countLines(QIODevice* device, const std::function<bool()>& cancelled)
{
    if (device->isSequential())
        return 0; // a pipe is read once: progress then counts toward the rows read so far
    qint64 lines = 0;
    char last = '\n';
    for (;;) {
        const QByteArray chunk = device->read(1 << 20);
        if (chunk.isEmpty())
            break;
        lines += std::count(chunk.cbegin(), chunk.cend(), '\n');
        last = chunk.back();
        if (cancelled())
            return -1;
    }
    device->seek(0);
    return lines + (last == '\n' ? 0 : 1);
}
} // namespace

SubjectImportReport SubjectService::planImport(QIODevice* device, const QString& fileName,
                                               const Progress& progress) const
{
    using Kind = SubjectImportReport::Row::Kind;
    using Row = SubjectImportReport::Row;
    SubjectImportReport report;
    report.fileName = fileName;
    const auto fileProblem = [&report](const QString& problem) {
        SubjectImportReport failed;
        failed.fileName = report.fileName;
        failed.fileProblem = problem;
        return failed;
    };
    const auto wasCancelled = [&] {
        return fileProblem(tr("Checking %1 was cancelled.").arg(fileName));
    };
    // The file is read twice, a chunk at a time: its lines counted (for progress), then its rows
    // checked. Neither holds more than a chunk of it; the rows that can be imported go to a spool.
    const qint64 lines = countLines(device, [&progress] { return progress && !progress(0, 0); });
    if (lines < 0)
        return wasCancelled();
    SubjectCsvReader reader(device);
    // A read error or an unterminated quote ends the file early; either is the file's problem.
    const auto csvProblem = [&]() -> std::optional<SubjectImportReport> {
        if (reader.error().isEmpty())
            return std::nullopt;
        return fileProblem(tr("%1: %2").arg(fileName, reader.error()));
    };
    const auto drain = [&reader] {
        SubjectCsv::Record ignored;
        while (reader.next(&ignored)) {
        }
    };
    const QStringList known = SubjectCsv::header();
    SubjectCsv::Record header;
    if (!reader.next(&header)) {
        if (auto problem = csvProblem())
            return *problem;
        return fileProblem(tr("%1 is empty: the first line must be a header naming its columns (of %2)")
                               .arg(fileName, known.join(u',')));
    }
    // Columns are matched by their header (issue 34): any order, any subset that has subject.
    QHash<QString, int> column;
    QStringList headerProblems;
    const QStringList& headerFields = header.fields;
    for (qsizetype i = 0; i < headerFields.size(); ++i) {
        const QString h = headerFields.at(i).trimmed().toLower();
        if (!known.contains(h))
            headerProblems << tr("“%1” is not a column").arg(PrintableText::excerpt(headerFields.at(i), 40));
        else if (column.contains(h))
            headerProblems << tr("“%1” is given twice").arg(PrintableText::excerpt(h, 40));
        else
            column.insert(h, int(i));
    }
    if (!column.contains(QStringLiteral("subject")))
        headerProblems << tr("there is no subject column");
    // A hostile or binary header may hold thousands of fields: name a few, count the rest.
    constexpr int kNamedProblems = 5;
    if (headerProblems.size() > kNamedProblems) {
        const qsizetype more = headerProblems.size() - kNamedProblems;
        headerProblems = headerProblems.mid(0, kNamedProblems);
        headerProblems << tr("and %n more", nullptr, int(more));
    }
    if (!headerProblems.isEmpty()) {
        drain(); // an unterminated quote anywhere is said first, as for a file read whole
        if (auto problem = csvProblem())
            return *problem;
        return fileProblem(tr("%1, line %2: the header must name its columns, of %3, subject included (%4)")
                               .arg(fileName)
                               .arg(header.line)
                               .arg(known.join(u','), headerProblems.join(QStringLiteral("; "))));
    }
    const int columns = int(headerFields.size());
    const auto field = [&column](const SubjectCsv::Record& rec, const QString& name) {
        const int at = column.value(name, -1);
        return at < 0 ? QString() : rec.fields.at(at).trimmed();
    };

    // One read up front tells a store failure apart from "not in the index" below.
    QString probeError;
    if (!m_store.findSubjects(QString(), 0, 1, &probeError))
        return fileProblem(tr("Cannot read the subject index: %1").arg(probeError));
    const QStringList providers = ProviderRegistry::instance().keys();
    // Each provider's own columns (after its key): their values are the subject's attributes.
    QList<QPair<const ProviderModule*, QString>> ownColumns;
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        for (const QString& name : module->subjectColumns().mid(1))
            ownColumns.append({module, name});
    }
    // The references and ids given so far and their first line (fingerprints, not the text).
    SubjectImportKeys keys;
    static const QString kSubjectKey = QStringLiteral("subject");
    // Rows whose id was given on an earlier line: the message names that line's subject, found
    // once every row is read (the earlier row may be in the spool by then).
    struct EarlierId
    {
        qsizetype row; ///< in report.rows (a refused row is always kept there)
        qsizetype problem;
        QString provider;
        QString id;
        int line;
    };
    QList<EarlierId> earlierIds;
    QString spoolError;
    const auto add = [&](Row&& row) {
        ++report.counts[size_t(row.kind)];
        if ((row.kind == Kind::New || row.kind == Kind::Changed) && report.changedReferences.size() < 100)
            report.changedReferences << row.subject.reference;
        const bool refused = SubjectImportReport::isRefused(row.kind);
        if (!report.spool) {
            if (report.rows.size() < SubjectImportReport::kListedRows) {
                report.rows << std::move(row);
                return true;
            }
            // A long file: its importable rows go to a temporary file from now on.
            report.spool = std::make_shared<SubjectImportSpool>();
            if (!report.spool->open(&spoolError))
                return false;
            for (const Row& r : std::as_const(report.rows)) {
                if (!SubjectImportReport::isRefused(r.kind) && !report.spool->append(r))
                    return false;
            }
        }
        if (refused)
            report.rows << std::move(row);
        else if (!report.spool->append(row))
            return false;
        return true;
    };

    qint64 done = 0;
    const qint64 total = qMax<qint64>(lines - 1, 0);
    QList<Row> batch;
    batch.reserve(kCheckBatch);
    QStringList references;            // of the batch, first given there
    QHash<QString, QStringList> idsAt; // provider → ids of the batch, to look up in one go
    bool more = true;
    while (more) {
        batch.clear();
        references.clear();
        idsAt.clear();
        // First pass: each row of the batch on its own.
        SubjectCsv::Record rec;
        while (batch.size() < kCheckBatch && (more = reader.next(&rec))) {
            ++done;
            if (progress && done % kProgressRows == 0 && !progress(done, qMax(total, done)))
                return wasCancelled();
            Row row;
            row.line = rec.line;
            const auto bad = [&row](const QString& problem) {
                row.problems << problem;
            };
            if (rec.fields.size() != columns) {
                bad(tr("expected %1 columns, found %2").arg(columns).arg(rec.fields.size()));
                row.kind = Kind::Bad;
                batch << std::move(row);
                continue;
            }
            const QString reference = field(rec, QStringLiteral("subject"));
            const QString email = field(rec, QStringLiteral("email")).toLower();
            const QString name = SubjectSearchTerms::simplified(field(rec, QStringLiteral("name")));
            const QString phone = SubjectSearchTerms::simplified(field(rec, QStringLiteral("phone")));
            const int earlier = reference.isEmpty() ? 0 : keys.firstLine(kSubjectKey, reference, rec.line);
            if (reference.isEmpty())
                bad(tr("subject: empty (every row needs the team's reference for the person)"));
            else if (const QString p = idProblem(reference); !p.isEmpty())
                bad(tr("subject: %1").arg(p));
            else if (earlier != 0)
                bad(tr("subject: “%1” is already on line %2").arg(reference).arg(earlier));
            if (email.size() > kMaxEmailLength)
                bad(tr("email: %1 characters; an e-mail address has at most %2")
                        .arg(email.size())
                        .arg(kMaxEmailLength));
            else if (!email.isEmpty() && !isEmail(email))
                bad(tr("email: “%1” is not an e-mail address").arg(PrintableText::excerpt(email)));
            if (const QString p = nameProblem(name); !p.isEmpty())
                bad(tr("name: %1").arg(p));
            if (const QString p = phoneProblem(phone); !p.isEmpty())
                bad(tr("phone: %1").arg(p));

            Subject& wanted = row.subject;
            wanted.reference = reference;
            wanted.email = email;
            for (const auto& own : ownColumns) {
                const QString value = field(rec, own.second);
                if (value.isEmpty())
                    continue;
                if (const QString p = idProblem(value); !p.isEmpty())
                    bad(tr("%1: %2").arg(own.second, p));
                else
                    wanted.attributes.insert(own.second, value);
            }
            wanted.name = name;
            wanted.phone = phone;
            for (const QString& provider : providers) {
                const QString id = field(rec, provider);
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
                idsAt[provider] << id;
            }
            if (!reference.isEmpty())
                references << reference; // a repeated one too: its row shows the subject as it is
            row.kind = row.problems.isEmpty() ? Kind::New : Kind::Bad;
            batch << std::move(row);
        }
        if (!more) {
            if (auto problem = csvProblem())
                return *problem;
        }
        if (batch.isEmpty())
            break;

        // The index as it is now, for this batch's references and ids.
        QString storeError;
        QHash<QString, Subject> existing;
        if (const auto found = m_store.subjectsByReference(references, &storeError)) {
            for (const Subject& s : *found)
                existing.insert(s.reference, s);
        } else {
            return fileProblem(tr("Cannot read the subject index: %1").arg(storeError));
        }
        QHash<QString, QHash<QString, QString>> owners; // provider → id → reference
        for (auto it = idsAt.cbegin(); it != idsAt.cend(); ++it) {
            const auto found = m_store.linkOwners(it.key(), it.value(), &storeError);
            if (!found)
                return fileProblem(tr("Cannot read the subject index: %1").arg(storeError));
            owners.insert(it.key(), *found);
        }

        // Second pass: against the index and the rows before.
        for (Row& row : batch) {
            const Subject wanted = row.subject;
            const QString& reference = wanted.reference;
            const auto found = existing.constFind(reference);
            const bool isExisting = !reference.isEmpty() && found != existing.cend();
            Subject merged = isExisting ? *found : Subject();
            merged.reference = reference;
            if (!wanted.email.isEmpty())
                merged.email = wanted.email;
            if (!wanted.name.isEmpty())
                merged.name = wanted.name;
            if (!wanted.phone.isEmpty())
                merged.phone = wanted.phone;
            for (auto it = wanted.ids.cbegin(); it != wanted.ids.cend(); ++it)
                merged.ids.insert(it.key(), it.value());
            for (auto it = wanted.attributes.cbegin(); it != wanted.attributes.cend(); ++it)
                merged.attributes.insert(it.key(), it.value());
            for (const auto& own : ownColumns) {
                if (!merged.attributes.value(own.second).isEmpty()) {
                    if (const QString p = own.first->subjectColumnProblem(own.second, merged); !p.isEmpty())
                        row.problems << p;
                }
            }

            QStringList conflicts;
            QList<EarlierId> earlierHere;
            for (auto it = wanted.ids.cbegin(); it != wanted.ids.cend(); ++it) {
                if (const int earlier = keys.firstLine(it.key(), it.value(), row.line); earlier != 0) {
                    earlierHere.append({0, conflicts.size(), it.key(), it.value(), earlier});
                    conflicts << QString(); // written once the earlier line's subject is known
                    continue;
                }
                const QString owner = owners.value(it.key()).value(it.value());
                if (!owner.isEmpty() && owner != reference)
                    conflicts << tr("%1 id “%2” is already linked to subject “%3”")
                                     .arg(it.key(), it.value(), owner);
            }

            row.subject = merged;
            if (isExisting)
                row.previous = *found;
            const qsizetype before = row.problems.size();
            if (!row.problems.isEmpty()) {
                row.kind = Kind::Bad;
                row.problems << conflicts;
            } else if (!conflicts.isEmpty()) {
                row.kind = Kind::Conflicting;
                row.problems = conflicts;
            } else if (!isExisting) {
                row.kind = Kind::New;
            } else {
                row.kind = merged == *found ? Kind::Unchanged : Kind::Changed;
            }
            for (EarlierId& e : earlierHere) {
                e.row = report.rows.size(); // a refused row: add() keeps it in report.rows
                e.problem += before;
                earlierIds << e;
            }
            if (!add(std::move(row)))
                return fileProblem(spoolError.isEmpty() ? tr("Cannot write a temporary file") : spoolError);
        }
    }
    if (report.spool && !report.spool->finish(&spoolError))
        return fileProblem(spoolError);

    // Name the subject of each earlier line an id was given on.
    if (!earlierIds.isEmpty()) {
        QHash<int, QString> subjectOf;
        for (const EarlierId& e : std::as_const(earlierIds))
            subjectOf.insert(e.line, QString());
        SubjectImportRows all(report);
        qsizetype left = subjectOf.size();
        while (left > 0) {
            const Row* r = all.next();
            if (!r)
                break;
            if (const auto it = subjectOf.find(r->line); it != subjectOf.end()) {
                *it = r->subject.reference;
                --left;
            }
        }
        for (const EarlierId& e : std::as_const(earlierIds))
            report.rows[e.row].problems[e.problem] =
                tr("%1 id “%2” is also given on line %3 for subject “%4”")
                    .arg(e.provider, e.id)
                    .arg(e.line)
                    .arg(subjectOf.value(e.line));
    }
    if (progress)
        progress(done, done);
    return report;
}

bool SubjectService::applyImport(const SubjectImportReport& report, const QString& reason, QString* error,
                                 const Progress& progress)
{
    using Kind = SubjectImportReport::Row::Kind;
    if (!Roles::canRequestActions(m_operator.role))
        return fail(error, tr("%1 is an auditor and cannot change the subject index.").arg(m_operator.name));
    if (const QString problem = ActionAuthorisation::textProblem(reason); !problem.isEmpty())
        return fail(error, problem);
    if (!report.isImportable()) {
        QStringList lines;
        if (!report.fileProblem.isEmpty())
            lines << report.fileProblem;
        for (const SubjectImportReport::Row& r : report.rows) { // every refused row is in rows
            if (!r.problems.isEmpty())
                lines << tr("line %1: %2").arg(r.line).arg(r.problems.join(QStringLiteral("; ")));
        }
        return fail(error, tr("Nothing was imported from %1: %n row(s) cannot be imported.\n", "",
                              report.count(Kind::Bad) + report.count(Kind::Conflicting))
                                   .arg(report.fileName) +
                               lines.join(u'\n'));
    }
    AuditEntry entry;
    entry.operatorName = m_operator.name;
    entry.role = Roles::toString(m_operator.role);
    entry.event = QStringLiteral("subjects-imported");
    entry.action = QStringLiteral("subjects.import");
    entry.subjectIds = report.changedReferences.mid(0, kMaxAuditedReferences);
    entry.reason = reason;
    entry.requestSummary = QJsonObject{{QStringLiteral("file"), QFileInfo(report.fileName).fileName()},
                                       {QStringLiteral("new"), report.count(Kind::New)},
                                       {QStringLiteral("changed"), report.count(Kind::Changed)},
                                       {QStringLiteral("unchanged"), report.count(Kind::Unchanged)},
                                       {QStringLiteral("subjects_listed"), int(entry.subjectIds.size())}};
    entry.outcome = QStringLiteral("succeeded");
    // The new and changed rows, read a block at a time (from the spool for a long file).
    SubjectImportRows rows(report);
    const auto source = [&rows](QList<Subject>* next, QString* err) {
        constexpr qsizetype kBlock = 20000;
        while (next->size() < kBlock) {
            const SubjectImportReport::Row* r = rows.next();
            if (!r)
                break;
            if (r->kind == Kind::New || r->kind == Kind::Changed)
                next->append(r->subject);
        }
        return rows.error().isEmpty() || fail(err, rows.error());
    };
    return m_store.saveSubjectStream(source, report.count(Kind::New) + report.count(Kind::Changed), entry,
                                     error, progress);
}

bool SubjectService::link(const QString& referenceIn, const QString& provider, const QString& providerId,
                          const QString& reason, QString* error)
{
    if (!Roles::canRequestActions(m_operator.role))
        return fail(error, tr("%1 is an auditor and cannot change the subject index.").arg(m_operator.name));
    if (const QString problem = ActionAuthorisation::textProblem(reason); !problem.isEmpty())
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
