// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTextStream>
#include <memory>

class CliContext;
class QCommandLineParser;

/// identitydesk-cli: parses the command line, runs one command asynchronously, then emits
/// finished(exitCode). Output goes to out (JSON with --json), errors to err.
class CliApplication final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliApplication)

public:
    CliApplication(QTextStream& out, QTextStream& err, QObject* parent = nullptr);
    ~CliApplication() override;

    /// Starts the command; finished() is emitted later (never before start() returns).
    void start(const QStringList& arguments);
    static QString usage();

signals:
    void finished(int exitCode);

private:
    void done(int exitCode);
    void usageError(const QString& message);
    /// {"exit_code", "message"} on stdout: under --json, a failure that printed nothing else.
    void printJsonError(int exitCode, const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
    std::unique_ptr<QCommandLineParser> m_parser;
    std::unique_ptr<CliContext> m_context;
    bool m_jsonErrorPrinted = false;
};
