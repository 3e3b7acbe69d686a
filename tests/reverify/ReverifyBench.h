// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SandboxServer.h"
#include "domain/Operator.h"

#include <QTemporaryDir>
#include <memory>

class ActionService;
class ActionTicket;
class Session;
class Store;

/// What the re-verification tests share: a real SQLite store with operators, the sandbox over real
/// TLS in this process, its connection profile on disk, and the Session built from that profile.
/// Operators: olivia, oscar (officers), sam, sara (supervisors), audrey (auditor); all use kPassword.
class ReverifyBench final
{
public:
    static const QString kPassword;

    ReverifyBench();
    ~ReverifyBench();

    /// Opens a fresh store, adds the operators, starts a sandbox and loads its profile.
    bool start(const SandboxOptions& options, QString* error);
    /// A new sandbox (and Session) with other options; the store stays.
    bool restartSandbox(const SandboxOptions& options, QString* error);

    SandboxServer& sandbox() { return *m_sandbox; }
    Session& session() { return *m_session; }
    Store& store() { return *m_store; }
    QString storeUrl() const { return m_storeUrl; }
    QString profilePath() const { return m_profilePath; }

    /// A pipeline signed in as `name`, with the session's executors.
    std::unique_ptr<ActionService> serviceFor(const QString& name);
    /// Requests the sandbox received whose path ends with `suffix`.
    int requests(const QString& suffix) const;
    /// Waits for the ticket's finished(); false on timeout.
    static bool waitFor(ActionTicket* ticket, int timeoutMs = 30000);

private:
    QTemporaryDir m_dir;
    QString m_storeUrl;
    QString m_profilePath;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
};
