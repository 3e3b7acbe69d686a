// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliForm.h"
#include "CliOption.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

class CliCommand;
class CliContext;
class QObject;

/// Everything identitydesk-cli knows about one command group ("users", "audit", a provider's …): each command
/// class declares its own in a static spec(), and CliRegistry lists them. The usage text, the man
/// page and the bash and zsh completions are generated from these, so they cannot drift apart.
struct CliCommandSpec
{
    QString word;    ///< the first word on the command line
    QString summary; ///< one line: what the group is for
    QList<CliForm> forms;
    QStringList verbs;     ///< the words that may follow `word`; empty when none does (bulk)
    QStringList fileVerbs; ///< verbs whose operands name a file; "" stands for a command without verbs
    QList<CliOption> options;
    /// Command lines for the man page's EXAMPLES, complete with the environment they need.
    QStringList examples;
    std::function<CliCommand*(CliContext&, QObject*)> create;
};
