// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectsCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "ImportProgressLine.h"
#include "services/SubjectCsv.h"
#include "services/SubjectImportRows.h"
#include "services/SubjectService.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

void SubjectsCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    const bool known = (verb == QLatin1String("import") && words.size() == 2) ||
                       (verb == QLatin1String("link") && words.size() == 3);
    if (!known) {
        m_context.error(
            tr("usage: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    if (!m_context.signIn(&error)) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    emit finished(verb == QLatin1String("import") ? import(words.at(1)) : link(words.at(1), words.at(2)));
}

int SubjectsCommand::import(const QString& file)
{
    QString error;
    const std::optional<Operator> op = m_context.signIn(&error);
    Store* store = m_context.store(&error);
    SubjectService subjects(*store, *op);
    const bool dryRun = m_context.isSet("dry-run");
    ImportProgressLine line(!m_context.json()); // --json: one document on stdout, nothing on stderr
    const SubjectImportReport report = subjects.planImport(file, [&line](qint64 done, qint64 total) {
        return total > 0 ? line.update(tr("checking rows"), done, total)
                         : line.update(tr("reading the file"), 0, 0);
    });
    if (!dryRun && report.isImportable() && !Roles::canRequestActions(op->role)) {
        m_context.error(tr("%1 is an auditor and cannot change the subject index.").arg(op->name));
        return ExitCode::NotPermitted;
    }
    bool imported = false;
    QString importError;
    if (!dryRun && report.isImportable())
        imported = subjects.applyImport(
            report, m_context.value("reason"), &importError,
            [&line](qint64 done, qint64 total) { return line.update(tr("writing subjects"), done, total); });
    line.finish();
    print(report, dryRun, imported, importError);
    if (!report.fileProblem.isEmpty() && report.rows.isEmpty() &&
        report.fileProblem.startsWith(tr("Cannot read the subject index")))
        return ExitCode::Network;
    if (!report.isImportable())
        return ExitCode::Usage;
    if (!dryRun && !imported)
        return ExitCode::Network; // the store refused or failed: nothing was written (one transaction)
    return ExitCode::Done;
}

void SubjectsCommand::print(const SubjectImportReport& report, bool dryRun, bool imported,
                            const QString& error)
{
    using Kind = SubjectImportReport::Row::Kind;
    // Every row, read one at a time (a long file's importable rows from the report's spool), so that
    // listing a million rows holds one of them.
    QString rowsError;
    const auto forEachRow = [&report,
                             &rowsError](const std::function<void(const SubjectImportReport::Row&)>& f) {
        SubjectImportRows rows(report);
        while (const SubjectImportReport::Row* r = rows.next())
            f(*r);
        if (!rows.error().isEmpty())
            rowsError = rows.error();
    };
    if (m_context.json()) {
        QJsonObject counts;
        for (const Kind k : {Kind::New, Kind::Changed, Kind::Unchanged, Kind::Conflicting, Kind::Bad})
            counts.insert(SubjectImportReport::kindName(k), report.count(k));
        QJsonObject doc{{QStringLiteral("file"), report.fileName},
                        {QStringLiteral("dry_run"), dryRun},
                        {QStringLiteral("importable"), report.isImportable()},
                        {QStringLiteral("imported"), imported},
                        {QStringLiteral("counts"), counts},
                        {QStringLiteral("rows"), QJsonArray()}};
        if (!report.fileProblem.isEmpty())
            doc.insert(QStringLiteral("error"), report.fileProblem);
        else if (!error.isEmpty())
            doc.insert(QStringLiteral("error"), error);
        // The document is written as QJsonDocument would indent it, its rows (its last member, as
        // members are sorted) one at a time into the empty array.
        const QByteArray whole = QJsonDocument(doc).toJson(QJsonDocument::Indented);
        const QByteArray emptyRows = "\"rows\": [\n    ]";
        const qsizetype at = whole.lastIndexOf(emptyRows);
        QTextStream& out = m_context.out();
        out << whole.left(at) << "\"rows\": [";
        bool first = true;
        forEachRow([&](const SubjectImportReport::Row& r) {
            QJsonObject ids;
            for (auto it = r.subject.ids.cbegin(); it != r.subject.ids.cend(); ++it)
                ids.insert(it.key(), it.value());
            const QJsonObject row{{QStringLiteral("line"), r.line},
                                  {QStringLiteral("kind"), SubjectImportReport::kindName(r.kind)},
                                  {QStringLiteral("subject"), r.subject.reference},
                                  {QStringLiteral("ids"), ids},
                                  {QStringLiteral("problems"), QJsonArray::fromStringList(r.problems)}};
            QByteArray text = QJsonDocument(row).toJson(QJsonDocument::Indented);
            text.chop(1); // its last newline
            text.replace("\n", "\n        ");
            out << (first ? "\n        " : ",\n        ") << text;
            first = false;
        });
        out << "\n    ]" << whole.mid(at + emptyRows.size());
    } else if (report.fileProblem.isEmpty()) {
        QTextStream& out = m_context.out();
        out << tr("%1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad")
                   .arg(report.fileName)
                   .arg(report.count(Kind::New))
                   .arg(report.count(Kind::Changed))
                   .arg(report.count(Kind::Unchanged))
                   .arg(report.count(Kind::Conflicting))
                   .arg(report.count(Kind::Bad))
            << '\n';
        forEachRow([&](const SubjectImportReport::Row& r) {
            if (r.kind == Kind::Unchanged || r.kind == Kind::Conflicting || r.kind == Kind::Bad)
                return;
            out << tr("line %1: %2 %3")
                       .arg(r.line)
                       .arg(SubjectImportReport::kindName(r.kind), r.subject.reference)
                << '\n';
        });
        if (imported)
            out << tr("Imported: %n subject(s) written to the index.", "",
                      report.count(Kind::New) + report.count(Kind::Changed))
                << '\n';
        else if (dryRun && report.isImportable())
            out << tr("Dry run: nothing was written.") << '\n';
    }
    // Errors on stderr, one line per bad row, naming its line number (every refused row is in rows).
    if (!report.fileProblem.isEmpty())
        m_context.error(report.fileProblem);
    for (const SubjectImportReport::Row& r : report.rows) {
        if (SubjectImportReport::isRefused(r.kind))
            m_context.error(
                tr("%1, line %2: %3: %4")
                    .arg(report.fileName)
                    .arg(r.line)
                    .arg(SubjectImportReport::kindName(r.kind), r.problems.join(QStringLiteral("; "))));
    }
    if (!report.isImportable())
        m_context.error(tr("Nothing was imported from %1.").arg(report.fileName));
    else if (!error.isEmpty())
        m_context.error(error);
    if (!rowsError.isEmpty())
        m_context.error(rowsError);
    m_context.out().flush();
}

int SubjectsCommand::link(const QString& subject, const QString& providerId)
{
    QString error;
    QString provider;
    QString id;
    if (!SubjectService::parseProviderId(providerId, &provider, &id, &error)) {
        m_context.error(error);
        return ExitCode::Usage;
    }
    const std::optional<Operator> op = m_context.signIn(&error);
    if (!Roles::canRequestActions(op->role)) {
        m_context.error(tr("%1 is an auditor and cannot change the subject index.").arg(op->name));
        return ExitCode::NotPermitted;
    }
    Store* store = m_context.store(&error);
    SubjectService subjects(*store, *op);
    if (!subjects.link(subject, provider, id, m_context.value("reason"), &error)) {
        m_context.error(error);
        // A refused link (the id belongs to someone else, a bad id) is the caller's to fix.
        return error.contains(QLatin1String("store")) ? ExitCode::Network : ExitCode::Usage;
    }
    if (m_context.json())
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("subject"), subject.trimmed()},
                                                     {QStringLiteral("provider"), provider},
                                                     {QStringLiteral("id"), id},
                                                     {QStringLiteral("linked"), true}})
                               .toJson(QJsonDocument::Indented);
    else
        m_context.out() << tr("Linked %1:%2 to subject %3.").arg(provider, id, subject.trimmed()) << '\n';
    m_context.out().flush();
    return ExitCode::Done;
}

CliCommandSpec SubjectsCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("subjects");
    s.summary = QStringLiteral("the subject index: one real person and their id at each provider");
    s.verbs = {QStringLiteral("import"), QStringLiteral("link")};
    s.fileVerbs = {QStringLiteral("import")};
    s.forms = {
        {QStringLiteral("subjects import FILE.csv [--dry-run] [--reason TEXT]"),
         QStringLiteral(
             "Imports the index from a CSV file whose header names its columns, in any order, of "
             "%1 (subject is "
             "required; any other column may be left out or empty, and then keeps what the index has). "
             "A file with any bad row imports nothing and names every bad line. On a terminal, a "
             "progress line is drawn on stderr.")
             .arg(SubjectCsv::header().join(u','))},
        {QStringLiteral("subjects link SUBJECT PROVIDER:ID [--reason TEXT]"),
         QStringLiteral("Links a provider's id to a subject (audited).")},
    };
    s.options = {CliCommonOptions::dryRun(QStringLiteral("Check every row and change nothing.")),
                 CliCommonOptions::reason()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new SubjectsCommand(context, parent);
    };
    return s;
}
