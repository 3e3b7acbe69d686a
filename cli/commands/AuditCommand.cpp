// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCommand.h"

#include "CheckpointKeyFile.h"
#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/PrintableText.h"
#include "services/AuditCheckpointService.h"
#include "store/AuditCsvExporter.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QSaveFile>

namespace {
QString witnessFolder(const CliContext& context)
{
    const QString option = context.value("witness");
    return option.isEmpty()
               ? QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_WITNESS_DIR"))
               : option;
}
} // namespace

void AuditCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    int code = ExitCode::Usage;
    QString error;
    // `verify --checkpoint A B C`: the files after the first are operands.
    const bool known =
        (verb == QLatin1String("list") && words.size() == 1) ||
        (verb == QLatin1String("verify") && (words.size() == 1 || m_context.isSet("checkpoint"))) ||
        (verb == QLatin1String("checkpoint") && words.size() == 1) ||
        (verb == QLatin1String("export") && words.size() == 2);
    if (!known) {
        m_context.error(
            tr("usage: audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint "
               "[--out FILE] [--witness DIR] [--key FILE] | audit export FILE.csv"));
    } else if (!m_context.signIn(&error)) {
        m_context.error(error);
        code = m_context.failureCode();
    } else if (verb == QLatin1String("list")) {
        code = list();
    } else if (verb == QLatin1String("verify")) {
        code = verify(words.mid(1));
    } else if (verb == QLatin1String("checkpoint")) {
        code = checkpoint();
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

int AuditCommand::verify(const QStringList& moreCheckpoints)
{
    QString error;
    QStringList files = m_context.parser().values(QStringLiteral("checkpoint")) + moreCheckpoints;
    QList<AuditCheckpoint> checkpoints;
    for (const QString& file : files) {
        const std::optional<AuditCheckpoint> c = AuditCheckpointService::readFile(file, &error);
        if (!c) {
            m_context.error(error);
            return ExitCode::Usage;
        }
        checkpoints << *c;
    }
    Store* store = m_context.store(&error);
    const std::optional<AuditCheckpointService::Report> report =
        AuditCheckpointService(store).verify(checkpoints, &error);
    if (!report) {
        m_context.error(error);
        return ExitCode::Network;
    }
    const AuditVerification& v = report->chain;
    if (m_context.json()) {
        QJsonObject o{{QStringLiteral("ok"), report->ok()},
                      {QStringLiteral("entries"), double(v.entries)},
                      {QStringLiteral("first_broken_seq"), double(v.firstBrokenSeq)},
                      {QStringLiteral("problem"), v.problem},
                      {QStringLiteral("head_seq"), double(v.headSeq)},
                      {QStringLiteral("head_hash"), QString::fromLatin1(v.headHash)}};
        if (!checkpoints.isEmpty()) {
            QJsonArray array;
            for (qsizetype i = 0; i < checkpoints.size(); ++i) {
                const CheckpointVerdict& verdict = report->verdicts.at(i);
                array.append(QJsonObject{
                    {QStringLiteral("file"), files.at(i)},
                    {QStringLiteral("seq"), double(checkpoints.at(i).seq)},
                    {QStringLiteral("head_hash"), QString::fromLatin1(checkpoints.at(i).headHash)},
                    {QStringLiteral("key_id"), checkpoints.at(i).keyId},
                    {QStringLiteral("ok"), verdict.ok},
                    {QStringLiteral("first_affected_seq"), double(verdict.firstAffectedSeq)},
                    {QStringLiteral("problem"), verdict.problem}});
            }
            o.insert(QStringLiteral("checkpoints"), array);
            o.insert(QStringLiteral("first_affected_seq"), double(report->firstAffectedSeq()));
        }
        m_context.out() << QJsonDocument(o).toJson();
    }
    if (v.ok) {
        if (!m_context.json())
            m_context.out()
                << tr("Audit chain verified: %n entries, no break.", "", int(v.entries)) << '\n'
                << tr("Head: entry %1, hash %2.").arg(v.headSeq).arg(QString::fromLatin1(v.headHash)) << '\n';
    } else {
        m_context.error(tr("The audit chain is broken at entry %1: %2").arg(v.firstBrokenSeq).arg(v.problem));
    }
    for (qsizetype i = 0; i < checkpoints.size(); ++i) {
        const CheckpointVerdict& verdict = report->verdicts.at(i);
        if (verdict.ok) {
            if (!m_context.json())
                m_context.out() << tr("Checkpoint %1 (entry %2): signature valid, entry unchanged.")
                                       .arg(PrintableText::escaped(files.at(i)))
                                       .arg(checkpoints.at(i).seq)
                                << '\n';
        } else {
            m_context.error(tr("Checkpoint %1 (entry %2) does not hold: %3")
                                .arg(PrintableText::escaped(files.at(i)))
                                .arg(checkpoints.at(i).seq)
                                .arg(PrintableText::escaped(verdict.problem)));
        }
    }
    if (!report->ok() && report->firstAffectedSeq() > 0 && !checkpoints.isEmpty())
        m_context.error(tr("First entry affected: %1.").arg(report->firstAffectedSeq()));
    return report->ok() ? ExitCode::Done : ExitCode::Rejected;
}

int AuditCommand::checkpoint()
{
    QString error;
    const std::optional<Operator> op = m_context.signIn(&error);
    const QString keyPath = CheckpointKeyFile::path(m_context.value("key"));
    bool created = false;
    const std::optional<CheckpointKey> key = CheckpointKeyFile::loadOrCreate(keyPath, &created, &error);
    if (!key) {
        m_context.error(error);
        return ExitCode::Usage;
    }
    if (created)
        m_context.err()
            << tr("A new checkpoint signing key was made in %1 (key %2).").arg(keyPath, key->keyId()) << '\n';
    bool chainBroken = false;
    const std::optional<AuditCheckpoint> c =
        AuditCheckpointService(m_context.store(&error)).checkpoint(*op, *key, &error, &chainBroken);
    if (!c) {
        m_context.error(error);
        return chainBroken ? ExitCode::Rejected : ExitCode::Network;
    }
    QStringList written;
    const QString witness = witnessFolder(m_context);
    if (!witness.isEmpty()) {
        const std::optional<QString> path = AuditCheckpointService::writeToWitness(*c, witness, &error);
        if (!path) {
            m_context.error(tr("The checkpoint of entry %1 is in the store, but: %2").arg(c->seq).arg(error));
            return ExitCode::Usage;
        }
        written << *path;
    }
    if (m_context.isSet("out")) {
        if (!AuditCheckpointService::writeFile(*c, m_context.value("out"), &error)) {
            m_context.error(tr("The checkpoint of entry %1 is in the store, but: %2").arg(c->seq).arg(error));
            return ExitCode::Usage;
        }
        written << m_context.value("out");
    }
    QString text = tr("Checkpoint signed: entry %1, hash %2, key %3; kept in the store.")
                       .arg(c->seq)
                       .arg(QString::fromLatin1(c->headHash), c->keyId);
    for (const QString& path : written)
        text += QLatin1Char('\n') + tr("Written to %1.").arg(PrintableText::escaped(path));
    if (written.isEmpty())
        text += QLatin1Char('\n') + tr("No copy outside the store: give --out FILE or --witness DIR (or set "
                                       "IDENTITYDESK_WITNESS_DIR).");
    m_context.done(text, QJsonObject{{QStringLiteral("store_id"), c->storeId},
                                     {QStringLiteral("seq"), double(c->seq)},
                                     {QStringLiteral("head_hash"), QString::fromLatin1(c->headHash)},
                                     {QStringLiteral("time"), AuditEntry::formatTime(c->time)},
                                     {QStringLiteral("operator"), c->operatorName},
                                     {QStringLiteral("key_id"), c->keyId},
                                     {QStringLiteral("files"), QJsonArray::fromStringList(written)}});
    return ExitCode::Done;
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
    s.verbs = {QStringLiteral("list"), QStringLiteral("verify"), QStringLiteral("checkpoint"),
               QStringLiteral("export")};
    s.fileVerbs = {QStringLiteral("export"), QStringLiteral("verify")};
    s.forms = {
        {QStringLiteral("audit list [--limit N]"), QStringLiteral("Prints the newest audit entries.")},
        {QStringLiteral("audit verify [--checkpoint FILE...]"),
         QStringLiteral(
             "Checks the hash chain end to end, names the first broken entry and prints the head "
             "(its seq and hash). With --checkpoint, also checks each signed checkpoint file: its "
             "signature against the keys registered in the store, and that the entry it covers is "
             "still there unchanged (a log cut short, or rewritten and re-hashed, is reported with "
             "the first entry affected).")},
        {QStringLiteral("audit checkpoint [--out FILE] [--witness DIR] [--key FILE]"),
         QStringLiteral("Signs the head of the verified chain with the operator's Ed25519 key (made and "
                        "registered in the store, as an audit entry, on first use), keeps the checkpoint in "
                        "the store and writes it to the witness folder and to FILE.")},
        {QStringLiteral("audit export FILE.csv"),
         QStringLiteral("Writes the audit log as a spreadsheet-safe CSV file.")},
    };
    s.options = {
        CliCommonOptions::limit(QStringLiteral("At most N results, or rows a page.")),
        {QStringLiteral("checkpoint"),
         QStringLiteral("FILE"),
         QStringLiteral("A checkpoint file to check (repeat it, or list more files after it)."),
         CliOption::Value::File,
         {},
         QStringLiteral("*.json")},
        {QStringLiteral("out"),
         QStringLiteral("FILE"),
         QStringLiteral("Also write the checkpoint to FILE."),
         CliOption::Value::File,
         {},
         QStringLiteral("*.json")},
        {QStringLiteral("witness"), QStringLiteral("DIR"),
         QStringLiteral("The witness folder, outside the store, that keeps a file per checkpoint (default: "
                        "$IDENTITYDESK_WITNESS_DIR)."),
         CliOption::Value::File},
        {QStringLiteral("key"), QStringLiteral("FILE"),
         QStringLiteral("The checkpoint signing key (mode 0600; made when missing). Default: "
                        "$IDENTITYDESK_CHECKPOINT_KEY, else checkpoint-key in the per-user configuration "
                        "folder."),
         CliOption::Value::File},
    };
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new AuditCommand(context, parent);
    };
    return s;
}
