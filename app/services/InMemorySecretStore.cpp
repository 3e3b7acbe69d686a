// SPDX-License-Identifier: GPL-3.0-or-later
#include "InMemorySecretStore.h"

#include <QPointer>
#include <QTimer>

InMemorySecretStore::InMemorySecretStore(QObject* parent)
    : SecretStore(parent)
{}

InMemorySecretStore::~InMemorySecretStore()
{
    // Overwrite before the memory is released.
    for (QString& value : m_secrets)
        value.fill(QLatin1Char('\0'));
}

void InMemorySecretStore::answer(QObject* context, Callback done, Result result)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, done = std::move(done), result = std::move(result)] {
        if (guard && done)
            done(result);
    });
}

void InMemorySecretStore::read(const QString& key, QObject* context, Callback done)
{
    Result result;
    const auto it = m_secrets.constFind(key);
    result.status = it == m_secrets.cend() ? Result::Status::NotFound : Result::Status::Found;
    if (it != m_secrets.cend())
        result.value = *it;
    answer(context, std::move(done), result);
}

void InMemorySecretStore::write(const QString& key, const QString& value, QObject* context, Callback done)
{
    if (value.isEmpty())
        m_secrets.remove(key);
    else
        m_secrets.insert(key, value);
    Result result;
    result.status = Result::Status::Found;
    answer(context, std::move(done), result);
}

void InMemorySecretStore::remove(const QString& key, QObject* context, Callback done)
{
    Result result;
    result.status = m_secrets.remove(key) ? Result::Status::Found : Result::Status::NotFound;
    answer(context, std::move(done), result);
}

QString InMemorySecretStore::description() const
{
    return tr("this session only (forgotten when IdentityDesk closes)");
}
