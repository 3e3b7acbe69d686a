// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "domain/Operator.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>
#include <memory>
#include <optional>

class ActionService;
class QNetworkAccessManager;
class Session;
class Store;

/// What every CLI command shares: options, output streams, the profile, the store, the operator.
class CliContext final
{
    Q_DISABLE_COPY_MOVE(CliContext)

public:
    CliContext(const QCommandLineParser& parser, QTextStream& out, QTextStream& err);
    ~CliContext();

    const QCommandLineParser& parser() const { return m_parser; }
    QString value(const char* option) const { return m_parser.value(QString::fromLatin1(option)); }
    bool isSet(const char* option) const { return m_parser.isSet(QString::fromLatin1(option)); }
    bool json() const { return isSet("json"); }
    /// Standard output; a command that asks for it has printed (or is printing) its result.
    QTextStream& out()
    {
        m_printed = true;
        return m_out;
    }
    QTextStream& err() { return m_err; }
    /// Writes "identitydesk-cli: message" to stderr (and keeps it for lastError()).
    void error(const QString& message);
    /// Whether the command has written to standard output.
    bool printed() const { return m_printed; }
    /// The last message error() wrote.
    QString lastError() const { return m_lastError; }
    /// What a command did: json (with "message": text added) under --json, text otherwise.
    void done(const QString& text, QJsonObject json);

    /// The connection profile (--profile, $IDENTITYDESK_PROFILE, or the per-user default); must be 0600.
    const ConnectionProfile* profile(QString* error);
    /// The provider clients of the profile, for the signed-in operator: loads the profile, then signs
    /// in (signIn()) before any provider can be asked anything.
    Session* session(QString* error);
    /// The store (--store URL, or the per-user SQLite file). upgradeSchema false: opened as it is,
    /// nothing written (StoreFactory::Schema::AsItIs), for a check.
    Store* store(QString* error, bool upgradeSchema = true);
    /// Signs in --operator with $IDENTITYDESK_PASSWORD or a prompt.
    std::optional<Operator> signIn(QString* error);
    /// Store + signed-in operator + executors of the profile; interrupted actions recovered.
    ActionService* actionService(QString* error, bool needProfile = true);

    /// The exit code for the last failure of profile(), store(), signIn() or actionService().
    int failureCode() const { return m_failureCode; }

    /// Reads a secret from the terminal without echo, or a line from standard input.
    static QString readSecret(const QString& prompt);
    /// --operator, else $IDENTITYDESK_OPERATOR.
    QString operatorName() const;

private:
    /// After an enforced sign-in: a warning on stderr when the password used is a first password.
    void warnOfFirstPassword();

    const QCommandLineParser& m_parser;
    QTextStream& m_out;
    QTextStream& m_err;
    bool m_printed = false;
    QString m_lastError;
    std::optional<ConnectionProfile> m_profile;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ActionService> m_actions;
    std::optional<Operator> m_operator;
    int m_failureCode = 2;
};
