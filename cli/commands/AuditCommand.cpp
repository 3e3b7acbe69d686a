// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/PrintableText.h"
#include "store/AuditCsvExporter.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

void AuditCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    int code = ExitCode::Usage;
    QString error;
    const bool known = (verb == QLatin1String("list") && words.size() == 1) ||
                       (verb == QLatin1String("verify") && words.size() == 1) ||
                       (verb == QLatin1String("export") && words.size() == 2);
    if (!known) {
        m_context.error(tr("usage: audit list [--limit N] | audit verify | audit export FILE.csv"));
    } else if (!m_context.signIn(&error)) {
        m_context.error(error);
        code = m_context.failureCode();
    } else if (verb == QLatin1String("list")) {
        code = list();
    } else if (verb == QLatin1String("verify")) {
        code = verify();
    } else {
        code = exportCsv(words.at(1));
    }
    emit finished(code);
}

int AuditCommand::list()
{
    AuditFilter filter;
    if (m_context.isSet("limit")) {
        bool ok = false;
        filter.limit = m_context.value("limit").toInt(&ok);
        if (!ok || filter.limit < 1) {
            m_context.error(tr("--limit takes a positive whole number"));
            return ExitCode::Usage;
        }
    }
    QString error;
    const std::optional<QList<AuditEntry>> entries = m_context.store(&error)->auditEntries(filter, &error);
    if (!entries) {
        m_context.error(error);
        return ExitCode::Network;
    }
    if (m_context.json()) {
        QJsonArray array;
        for (const AuditEntry& e : *entries) {
            QJsonObject o = QJsonDocument::fromJson(e.canonicalJson()).object();
            o.insert(QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash));
            o.insert(QStringLiteral("hash"), QString::fromLatin1(e.hash));
            array.append(o);
        }
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("entries"), array}}).toJson();
        return ExitCode::Done;
    }
    for (const AuditEntry& e : *entries)
        m_context.out() << e.seq << '\t' << AuditEntry::formatTime(e.time) << '\t'
                        << PrintableText::escaped(e.operatorName) << '\t' << e.event << '\t' << e.action
                        << '\t' << PrintableText::escaped(e.subjectIds.join(QLatin1Char(','))) << '\t'
                        << PrintableText::escaped(e.outcome) << '\t' << PrintableText::escaped(e.reason)
                        << '\n';
    return ExitCode::Done;
}

int AuditCommand::verify()
{
    QString error;
    const AuditVerification v = m_context.store(&error)->verifyAudit();
    if (m_context.json()) {
        m_context.out() << QJsonDocument(
                               QJsonObject{{QStringLiteral("ok"), v.ok},
                                           {QStringLiteral("entries"), double(v.entries)},
                                           {QStringLiteral("first_broken_seq"), double(v.firstBrokenSeq)},
                                           {QStringLiteral("problem"), v.problem}})
                               .toJson();
    }
    if (v.ok) {
        if (!m_context.json())
            m_context.out() << tr("Audit chain verified: %n entries, no break.", "", int(v.entries)) << '\n';
        return ExitCode::Done;
    }
    m_context.error(tr("The audit chain is broken at entry %1: %2").arg(v.firstBrokenSeq).arg(v.problem));
    return ExitCode::Rejected;
}

int AuditCommand::exportCsv(const QString& path)
{
    QString error;
    const std::optional<QList<AuditEntry>> entries =
        m_context.store(&error)->auditEntries(AuditFilter{}, &error);
    if (!entries) {
        m_context.error(error);
        return ExitCode::Network;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !AuditCsvExporter::write(*entries, &file, &error) ||
        !file.commit()) {
        m_context.error(tr("Cannot write %1: %2").arg(path, error.isEmpty() ? file.errorString() : error));
        return ExitCode::Usage;
    }
    m_context.done(
        tr("%n audit entries written to %1.", "", int(entries->size())).arg(path),
        QJsonObject{{QStringLiteral("file"), path}, {QStringLiteral("entries"), double(entries->size())}});
    return ExitCode::Done;
}

CliCommandSpec AuditCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("audit");
    s.summary = QStringLiteral("the append-only, hash-chained audit log");
    s.verbs = {QStringLiteral("list"), QStringLiteral("verify"), QStringLiteral("export")};
    s.fileVerbs = {QStringLiteral("export")};
    s.forms = {
        {QStringLiteral("audit list [--limit N]"), QStringLiteral("Prints the newest audit entries.")},
        {QStringLiteral("audit verify"),
         QStringLiteral("Checks the hash chain end to end and names the first broken entry.")},
        {QStringLiteral("audit export FILE.csv"),
         QStringLiteral("Writes the audit log as a spreadsheet-safe CSV file.")},
    };
    s.options = {CliCommonOptions::limit(QStringLiteral("At most N results, or rows a page."))};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new AuditCommand(context, parent);
    };
    return s;
}
