// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoSandbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

DemoSandbox::DemoSandbox(QObject* parent)
    : QObject(parent)
    , m_process(new QProcess(this))
{
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray chunk = m_process->readAllStandardOutput();
        if (m_ready)
            return; // later output is not needed; reading it keeps the pipe from filling up
        m_output += chunk;
        if (!m_output.contains("listening on"))
            return;
        m_ready = true;
        emit ready(profilePath());
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failed(tr("The demo sandbox (%1) could not be started: %2. Reinstall IdentityDesk or "
                           "start it with --profile FILE instead.")
                            .arg(m_process->program(), m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (!m_ready)
            emit failed(tr("The demo sandbox stopped before it was ready (exit %1%2): %3")
                            .arg(code)
                            .arg(status == QProcess::CrashExit ? tr(", crashed") : QString())
                            .arg(QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed()));
    });
}

DemoSandbox::~DemoSandbox()
{
    stop();
}

QString DemoSandbox::defaultProgram()
{
    const QString name = QStringLiteral("identitydesk-sandbox");
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(name);
    if (QFileInfo(beside).isExecutable())
        return beside;
    const QString found = QStandardPaths::findExecutable(name);
    return found.isEmpty() ? name : found;
}

QString DemoSandbox::profilePath() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("sandbox-profile.json")) : QString();
}

QString DemoSandbox::subjectsPath() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("sandbox-subjects.csv")) : QString();
}

void DemoSandbox::start(const QString& program, const QStringList& extraArguments)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        const QString why = m_dir->errorString();
        QTimer::singleShot(0, this, [this, why] {
            emit failed(tr("Cannot create a temporary folder for the demo sandbox: %1").arg(why));
        });
        return;
    }
    // --exit-with-stdin: the sandbox ends with this console even when the console is killed (its
    // end of the stdin pipe closes with it), so no demo sandbox is left listening.
    QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--write-profile"),
                     profilePath(), QStringLiteral("--exit-with-stdin")};
    // A subjects index for the first people of the population (import it with SubjectService).
    args << QStringLiteral("--write-subjects") << subjectsPath() << QStringLiteral("--subjects")
         << QStringLiteral("1000");
    args += extraArguments;
    m_process->start(program.isEmpty() ? defaultProgram() : program, args);
}

void DemoSandbox::stop()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->disconnect(this);
    m_process->terminate(); // SIGTERM: the sandbox stops cleanly
    // Reap it later without blocking; if it ignores SIGTERM it is killed after a grace period.
    auto* process = m_process;
    // Owned by the application from now on, so that it is not leaked if the application ends first
    // (LeakSanitizer found it); the sandbox has had its SIGTERM either way.
    process->setParent(QCoreApplication::instance());
    QObject::connect(process, &QProcess::finished, process, &QObject::deleteLater);
    QTimer::singleShot(3000, process, [process] { process->kill(); });
    m_process = new QProcess(this);
}
