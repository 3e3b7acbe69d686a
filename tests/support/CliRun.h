// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTest>

/// What one identitydesk-cli process did, for tests that run the real executable.
struct CliRun
{
    int code = -1; ///< the exit code; -1 when it crashed or did not finish
    QByteArray out;
    QByteArray err;

    QByteArray describe() const
    {
        return "exit " + QByteArray::number(code) + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }

    /// The environment of this process without any IDENTITYDESK_ variable, for a run that sets its own.
    static QProcessEnvironment cleanEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& key : env.keys()) {
            if (key.startsWith(QLatin1String("IDENTITYDESK_")))
                env.remove(key);
        }
        return env;
    }

    /// Runs program with args and env, stdin closed. The event loop keeps turning meanwhile, so a
    /// sandbox that lives in the test's process answers it.
    static CliRun run(const QString& program, const QStringList& args, const QProcessEnvironment& env,
                      int timeoutMs = 60000)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(program, args);
        const QDeadlineTimer deadline(timeoutMs);
        while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(5000);
        }
        CliRun r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
};
