// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSemaphore>
#include <QString>
#include <QThread>
#include <atomic>

/// A loopback TCP relay to a server, in its own thread (the store under test blocks the main thread).
/// stopForwarding() makes the server vanish for every client, as a stopped or unplugged server would.
class TcpForwarder final : public QThread
{
public:
    TcpForwarder(const QString& targetHost, quint16 targetPort);
    ~TcpForwarder() override;
    Q_DISABLE_COPY_MOVE(TcpForwarder)

    /// Listens on a free 127.0.0.1 port; false if it cannot.
    bool startForwarding();
    quint16 port() const { return m_port; }
    /// Closes the listening socket and aborts every relayed connection; returns when done.
    void stopForwarding();

protected:
    void run() override;

private:
    QString m_targetHost;
    quint16 m_targetPort = 0;
    std::atomic<quint16> m_port{0};
    QSemaphore m_listening;
    QObject* m_server = nullptr; ///< lives in the thread; valid while it runs
};
