// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditCheckpointService.h"

#include "services/AuditCheckpointSigner.h"
#include "store/CheckpointKey.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>

namespace {
constexpr qint64 kLargestCheckpointFile = 64 * 1024;
}

AuditCheckpointService::AuditCheckpointService(Store* store)
    : m_store(store)
{}

std::optional<AuditCheckpoint> AuditCheckpointService::checkpoint(const Operator& op,
                                                                  const CheckpointKey& key, QString* error,
                                                                  bool* chainBroken)
{
    if (chainBroken)
        *chainBroken = false;
    const std::optional<QString> storeId = m_store->storeId(error);
    if (!storeId)
        return std::nullopt;
    CheckpointKeyRecord record;
    record.keyId = key.keyId();
    record.publicKey = key.publicKey();
    record.operatorName = op.name;
    AuditEntry e;
    e.operatorName = op.name;
    e.role = Roles::toString(op.role);
    e.event = QStringLiteral("checkpoint-key-added");
    e.action = QStringLiteral("audit.checkpoint-key");
    e.subjectIds = QStringList{record.keyId};
    e.after = QJsonObject{{QStringLiteral("key_id"), record.keyId},
                          {QStringLiteral("algorithm"), QStringLiteral("ed25519")},
                          {QStringLiteral("public_key"), QString::fromLatin1(record.publicKey.toBase64())}};
    const auto verified = [&]() -> std::optional<AuditVerification> {
        const AuditVerification chain = m_store->verifyAudit();
        if (chain.ok)
            return chain;
        if (chainBroken)
            *chainBroken = chain.firstBrokenSeq > 0;
        if (error)
            *error = chain.firstBrokenSeq > 0
                         ? tr("The audit chain is broken at entry %1: %2. No checkpoint was signed.")
                               .arg(chain.firstBrokenSeq)
                               .arg(chain.problem)
                         : chain.problem;
        return std::nullopt;
    };
    // A broken chain gets neither a key nor a checkpoint.
    std::optional<AuditVerification> chain = verified();
    if (!chain)
        return std::nullopt;
    bool added = false;
    if (!m_store->registerCheckpointKey(record, e, &added, error))
        return std::nullopt;
    if (added && !(chain = verified())) // the head is now the key's entry
        return std::nullopt;
    AuditCheckpoint c;
    c.storeId = *storeId;
    c.seq = chain->headSeq;
    c.headHash = chain->headHash;
    c.time = QDateTime::currentDateTimeUtc();
    c.operatorName = op.name;
    if (!c.sign(key, error) || !m_store->addCheckpoint(c, error))
        return std::nullopt;
    return c;
}

bool AuditCheckpointService::isDue(QString* error) const
{
    const std::optional<Policy> policy = m_store->policy(error);
    const std::optional<QList<AuditCheckpoint>> kept = m_store->checkpoints(error);
    AuditFilter newest;
    newest.limit = 1;
    const std::optional<QList<AuditEntry>> head = m_store->auditEntries(newest, error);
    if (!policy || !kept || !head || head->isEmpty())
        return false;
    const qint64 last = kept->isEmpty() ? 0 : kept->constLast().seq;
    return head->constLast().seq - last >= policy->setting(Policy::checkpointEvery());
}

AuditCheckpointSigner AuditCheckpointService::signer() const
{
    return AuditCheckpointSigner(m_store->opener());
}

bool AuditCheckpointService::writeFile(const AuditCheckpoint& checkpoint, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(checkpoint.toJson()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write the checkpoint to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<QString> AuditCheckpointService::writeToWitness(const AuditCheckpoint& checkpoint,
                                                              const QString& folder, QString* error)
{
    if (!QDir().mkpath(folder)) {
        if (error)
            *error = tr("Cannot create the witness folder %1.").arg(folder);
        return std::nullopt;
    }
    const QString path = QDir(folder).filePath(checkpoint.fileName());
    if (!writeFile(checkpoint, path, error))
        return std::nullopt;
    return path;
}

std::optional<AuditCheckpoint> AuditCheckpointService::readFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.read(kLargestCheckpointFile + 1);
    QString problem;
    std::optional<AuditCheckpoint> c;
    if (data.size() > kLargestCheckpointFile)
        problem = tr("too large for a checkpoint file");
    else
        c = AuditCheckpoint::fromJson(data, &problem);
    if (!c && error)
        *error = path + QStringLiteral(": ") + problem;
    return c;
}

bool AuditCheckpointService::Report::ok() const
{
    return chain.ok &&
           std::all_of(verdicts.cbegin(), verdicts.cend(), [](const CheckpointVerdict& v) { return v.ok; });
}

qint64 AuditCheckpointService::Report::firstAffectedSeq() const
{
    qint64 first = chain.ok ? 0 : chain.firstBrokenSeq;
    for (const CheckpointVerdict& v : verdicts)
        if (!v.ok && v.firstAffectedSeq > 0 && (first == 0 || v.firstAffectedSeq < first))
            first = v.firstAffectedSeq;
    return first;
}

std::optional<AuditCheckpointService::Report>
AuditCheckpointService::verify(const QList<AuditCheckpoint>& checkpoints, QString* error)
{
    Report report;
    report.chain = m_store->verifyAudit();
    if (!report.chain.ok && report.chain.firstBrokenSeq == 0) {
        if (error)
            *error = report.chain.problem;
        return std::nullopt; // the store could not be read: no verdict either way
    }
    if (checkpoints.isEmpty())
        return report;
    const std::optional<QString> storeId = m_store->storeId(error);
    if (!storeId)
        return std::nullopt;
    const std::optional<QList<CheckpointKeyRecord>> keys = m_store->checkpointKeys(error);
    if (!keys)
        return std::nullopt;

    // First what each checkpoint says on its own; a rewritten chain is then placed after the newest
    // checkpoint that still matches (a checkpoint holds one hash: what came before it is unknown).
    enum class Match
    {
        Refused,
        Matches,
        Truncated,
        Differs
    };
    QList<Match> matches;
    for (const AuditCheckpoint& c : checkpoints) {
        CheckpointVerdict v;
        Match match = Match::Refused;
        const auto key = std::find_if(keys->cbegin(), keys->cend(),
                                      [&c](const CheckpointKeyRecord& k) { return k.keyId == c.keyId; });
        if (c.storeId != *storeId) {
            v.problem =
                tr("the checkpoint is of another store (%1; this store is %2)").arg(c.storeId, *storeId);
        } else if (key == keys->cend()) {
            v.problem = tr("signed with key %1, which is not registered in this store: forged, or the key "
                           "was removed")
                            .arg(c.keyId);
        } else if (!c.signatureValid(key->publicKey)) {
            v.problem = tr("the signature does not verify with key %1: the checkpoint was forged or edited")
                            .arg(c.keyId);
        } else if (!report.chain.ok && report.chain.firstBrokenSeq <= c.seq) {
            v.firstAffectedSeq = report.chain.firstBrokenSeq;
            v.problem = tr("entry %1, covered by this checkpoint, is broken: %2")
                            .arg(report.chain.firstBrokenSeq)
                            .arg(report.chain.problem);
        } else {
            QString readError;
            const std::optional<QByteArray> hash = m_store->auditHash(c.seq, &readError);
            if (!hash && !readError.isEmpty()) {
                if (error)
                    *error = readError;
                return std::nullopt;
            }
            if (!hash) {
                match = Match::Truncated;
                v.firstAffectedSeq = report.chain.headSeq + 1;
                v.problem = tr("the log ends at entry %1 but the checkpoint covers entry %2: entries from %3 "
                               "were deleted (the log was cut short)")
                                .arg(report.chain.headSeq)
                                .arg(c.seq)
                                .arg(report.chain.headSeq + 1);
            } else if (*hash != c.headHash) {
                match = Match::Differs;
            } else {
                match = Match::Matches;
                v.ok = true;
            }
        }
        matches << match;
        report.verdicts << v;
    }
    for (qsizetype i = 0; i < checkpoints.size(); ++i) {
        if (matches.at(i) != Match::Differs)
            continue;
        const qint64 seq = checkpoints.at(i).seq;
        qint64 lastGood = 0;
        for (qsizetype j = 0; j < checkpoints.size(); ++j)
            if (matches.at(j) == Match::Matches && checkpoints.at(j).seq < seq)
                lastGood = std::max(lastGood, checkpoints.at(j).seq);
        // An entry it covers that was written after it was signed: the entries from there were
        // deleted and their numbers used again (by new entries, or by a forger).
        AuditFilter after;
        after.from = checkpoints.at(i).time.addMSecs(1);
        QString readError;
        const std::optional<QList<AuditEntry>> later = m_store->auditEntries(after, &readError);
        if (!later) {
            if (error)
                *error = readError;
            return std::nullopt;
        }
        qint64 reused = 0;
        for (const AuditEntry& e : *later)
            if (e.seq > lastGood && e.seq <= seq && (reused == 0 || e.seq < reused))
                reused = e.seq;
        CheckpointVerdict& v = report.verdicts[i];
        v.firstAffectedSeq = reused > 0 ? reused : lastGood + 1;
        if (reused > 0)
            v.problem = tr("entry %1 is not the entry checkpointed (its hash differs): entry %2 was written "
                           "after the checkpoint was signed, so the entries from %2 were deleted and their "
                           "numbers used again")
                            .arg(seq)
                            .arg(reused);
        else if (lastGood + 1 == seq)
            v.problem = tr("entry %1 is not the entry checkpointed (its hash differs): it was rewritten "
                           "and the chain re-hashed")
                            .arg(seq);
        else
            v.problem = tr("entry %1 is not the entry checkpointed (its hash differs): the log was "
                           "rewritten and re-hashed from an entry between %2 and %1")
                            .arg(seq)
                            .arg(lastGood + 1);
    }
    return report;
}
