// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <memory>

/// Runs identitydesk-sandbox as a child process on a random loopback port for demo mode,
/// and stops it when destroyed. Never blocks: ready() or failed() follow start().
class DemoSandbox final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSandbox)

public:
    explicit DemoSandbox(QObject* parent = nullptr);
    ~DemoSandbox() override;

    /// program: path of identitydesk-sandbox; empty = next to this executable, then PATH.
    void start(const QString& program = QString(), const QStringList& extraArguments = {});
    void stop();
    QString profilePath() const;
    /// The subjects CSV the sandbox writes for its first 1,000 people (valid once ready()).
    QString subjectsPath() const;
    static QString defaultProgram();

signals:
    void ready(const QString& profilePath);
    void failed(const QString& message);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess* m_process;
    QByteArray m_output;
    bool m_ready = false;
};
