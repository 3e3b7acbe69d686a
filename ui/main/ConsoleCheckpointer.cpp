// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsoleCheckpointer.h"

#include "services/AuditCheckpointSigner.h"
#include "services/CheckpointKeySecret.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSettings>
#include <QtConcurrent>

namespace {
struct Outcome
{
    bool ok = false;
    QString message;
};

/// On a worker thread: the chain is read end to end, which takes a while on a large log.
Outcome sign(const AuditCheckpointSigner& signer, const Operator& op, const CheckpointKey& key,
             const QString& witness)
{
    Outcome out;
    const std::optional<AuditCheckpoint> checkpoint = signer.sign(op, key, witness, &out.message);
    if (!checkpoint)
        return out;
    out.ok = true;
    out.message = ConsoleCheckpointer::tr("Audit checkpoint signed at entry %1.").arg(checkpoint->seq);
    return out;
}
} // namespace

ConsoleCheckpointer::ConsoleCheckpointer(AuditCheckpointService checkpoints, const Operator& op,
                                         SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_checkpoints(checkpoints)
    , m_operator(op)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("consoleCheckpointer"));
}

QString ConsoleCheckpointer::witnessFolder()
{
    const QString configured = QSettings().value(witnessSettingsKey()).toString();
    return configured.isEmpty()
               ? QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_WITNESS_DIR"))
               : configured;
}

void ConsoleCheckpointer::checkpointIfDue()
{
    if (m_busy || !m_secrets || m_automaticFailed)
        return;
    QString error; // a store that cannot be read: tried again at the next change
    if (m_checkpoints.isDue(&error))
        checkpointNow([this](bool ok, const QString&) {
            // Said once: no keychain (or a broken chain) is not asked about again every half minute;
            // sign-out still tries.
            m_automaticFailed = !ok;
        });
}

void ConsoleCheckpointer::checkpointNow(Done done)
{
    if (!m_secrets || m_busy) {
        if (done)
            done(false, m_secrets ? tr("A checkpoint is being signed already.")
                                  : tr("No keychain for the checkpoint key: no checkpoint was signed."));
        return;
    }
    m_busy = true;
    const AuditCheckpointSigner signer = m_checkpoints.signer();
    const Operator op = m_operator;
    const QString witness = witnessFolder();
    QPointer<ConsoleCheckpointer> guard(this);
    auto finish = [guard, done](bool ok, const QString& message) {
        if (!guard)
            return;
        guard->m_busy = false;
        emit guard->checkpointed(ok, message);
        if (done)
            done(ok, message);
    };
    CheckpointKeySecret::load(
        m_secrets, op.name, this,
        [this, signer, op, witness, finish](const std::optional<CheckpointKey>& key, const QString& error) {
            if (!key) {
                finish(false, tr("The checkpoint key could not be read from the keychain: %1").arg(error));
                return;
            }
            auto* watcher = new QFutureWatcher<Outcome>(this);
            connect(watcher, &QFutureWatcher<Outcome>::finished, this, [watcher, finish] {
                const Outcome out = watcher->result();
                watcher->deleteLater();
                finish(out.ok, out.message);
            });
            watcher->setFuture(QtConcurrent::run(sign, signer, op, *key, witness));
        });
}
