// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SecretStore.h"

#include <QHash>

/// Secrets kept in memory only, for tests and for the user's explicit "keep secrets only for this
/// session" choice when no keychain is available. Answers asynchronously like the keychain.
class InMemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InMemorySecretStore)

public:
    explicit InMemorySecretStore(QObject* parent = nullptr);
    ~InMemorySecretStore() override;

    void read(const QString& key, QObject* context, Callback done) override;
    void write(const QString& key, const QString& value, QObject* context, Callback done) override;
    void remove(const QString& key, QObject* context, Callback done) override;
    QString description() const override;
    bool isPersistent() const override { return false; }
    int count() const { return int(m_secrets.size()); }

private:
    void answer(QObject* context, Callback done, Result result);

    QHash<QString, QString> m_secrets;
};
