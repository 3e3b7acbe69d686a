// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <functional>

/// Where the GUI keeps secrets (API keys, passwords): never in settings files. Every call is
/// asynchronous; the callback runs later on the caller's thread, and not at all once `context`
/// is gone.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    struct Result
    {
        enum class Status
        {
            Found,
            NotFound,
            Failed
        };
        Status status = Status::Failed;
        QString value; ///< the secret when Found
        QString error; ///< why, when Failed
        bool ok() const { return status != Status::Failed; }
    };
    using Callback = std::function<void(const Result& result)>;

    explicit SecretStore(QObject* parent = nullptr)
        : QObject(parent)
    {}
    ~SecretStore() override = default;

    virtual void read(const QString& key, QObject* context, Callback done) = 0;
    /// Writing an empty value removes the secret.
    virtual void write(const QString& key, const QString& value, QObject* context, Callback done) = 0;
    virtual void remove(const QString& key, QObject* context, Callback done) = 0;
    /// Where the secrets are kept, for the user ("the system keychain", "this session only").
    virtual QString description() const = 0;
    /// False when the secrets are lost when the application ends.
    virtual bool isPersistent() const = 0;
};
