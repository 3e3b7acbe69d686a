// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

class CliContext;

/// One command group of identitydesk-cli ("users", "smileid", "audit" …).
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
    CliContext& m_context;
};
