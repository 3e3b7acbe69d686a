// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeychainSecretStore.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace {
SecretStore::Result resultOf(const QKeychain::Job* job, const QString& value)
{
    SecretStore::Result result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = SecretStore::Result::Status::Found;
        result.value = value;
        break;
    case QKeychain::EntryNotFound:
        result.status = SecretStore::Result::Status::NotFound;
        break;
    default:
        result.status = SecretStore::Result::Status::Failed;
        result.error = job->errorString();
        break;
    }
    return result;
}

/// Jobs have no parent: the libsecret backend calls back into its job even after the job's owner
/// is gone, so a job lives until it has finished (and then deletes itself). The callbacks are
/// bound to the store and to the caller's context, so they never run after either has gone.
void prepare(QKeychain::Job* job, const QString& key)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    job->setKey(key);
}
} // namespace

KeychainSecretStore::KeychainSecretStore(const QString& service, QObject* parent)
    : SecretStore(parent)
    , m_service(service)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::read(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    prepare(job, key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job* j) {
        if (guard && done)
            done(resultOf(j, static_cast<QKeychain::ReadPasswordJob*>(j)->textData()));
    });
    job->start();
}

void KeychainSecretStore::write(const QString& key, const QString& value, QObject* context, Callback done)
{
    if (value.isEmpty()) {
        remove(key, context, [done = std::move(done)](const Result& r) {
            Result result = r;
            if (result.status == Result::Status::NotFound)
                result.status = Result::Status::Found; // nothing to remove is fine
            if (done)
                done(result);
        });
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(m_service);
    prepare(job, key);
    job->setTextData(value);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job* j) {
        if (guard && done)
            done(resultOf(j, QString()));
    });
    job->start();
}

void KeychainSecretStore::remove(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    prepare(job, key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job* j) {
        if (guard && done)
            done(resultOf(j, QString()));
    });
    job->start();
}

void KeychainSecretStore::probe(QObject* context, Callback done)
{
    read(QStringLiteral("identitydesk-keychain-probe"), context, std::move(done));
}

QString KeychainSecretStore::description() const
{
    return tr("the system keychain");
}
