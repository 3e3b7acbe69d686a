// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

class ActionService;
class ActionTicket;
struct ActionRequest;
class CliContext;

/// One command group of identitydesk-cli ("users", "audit", a provider's …).
class CliCommand : public QObject
{
    Q_OBJECT

public:
    CliCommand(CliContext& context, QObject* parent = nullptr)
        : QObject(parent)
        , m_context(context)
    {}

    /// words: the positional arguments after the group word. Emits finished() exactly once.
    virtual void run(const QStringList& words) = 0;

signals:
    void finished(int exitCode);

protected:
    /// Follows an action being sent (submit or approve): rate-limit waits are told on stderr, and
    /// finished() carries the exit code of its outcome, printed by ActionPrinter.
    void finishWith(ActionTicket* ticket);
    /// Signs in, submits request through the action pipeline and follows it (finishWith); a store or
    /// sign-in failure finishes with its exit code, nothing submitted.
    void submit(const ActionRequest& request);
    /// A request that repeats an action still waiting, in flight or unresolved for the same person,
    /// provider and action is refused unless --despite names that action: true when refused (the error
    /// names it, finished() carries exit 7, or the store's failure code).
    bool refuseRepeat(ActionService* service, const ActionRequest& request);

    CliContext& m_context;
};
