// SPDX-License-Identifier: GPL-3.0-or-later
#include "TcpForwarder.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

TcpForwarder::TcpForwarder(const QString& targetHost, quint16 targetPort)
    : m_targetHost(targetHost)
    , m_targetPort(targetPort)
{}

TcpForwarder::~TcpForwarder()
{
    stopForwarding();
}

bool TcpForwarder::startForwarding()
{
    start();
    m_listening.acquire();
    return m_port != 0;
}

void TcpForwarder::stopForwarding()
{
    if (!isRunning())
        return;
    QMetaObject::invokeMethod(
        m_server,
        [this] {
            auto* server = static_cast<QTcpServer*>(m_server);
            server->close();
            const QList<QTcpSocket*> sockets = server->findChildren<QTcpSocket*>();
            for (QTcpSocket* socket : sockets)
                socket->abort();
            quit();
        },
        Qt::QueuedConnection);
    wait();
}

void TcpForwarder::run()
{
    QTcpServer server;
    if (server.listen(QHostAddress::LocalHost, 0))
        m_port = server.serverPort();
    m_server = &server;
    m_listening.release();
    if (m_port == 0)
        return;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
        while (QTcpSocket* client = server.nextPendingConnection()) {
            auto* upstream = new QTcpSocket(client);
            QObject::connect(client, &QTcpSocket::readyRead, upstream,
                             [client, upstream] { upstream->write(client->readAll()); });
            QObject::connect(upstream, &QTcpSocket::readyRead, client,
                             [client, upstream] { client->write(upstream->readAll()); });
            QObject::connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->abort(); });
            QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] { client->abort(); });
            QObject::connect(upstream, &QTcpSocket::errorOccurred, client, [client] { client->abort(); });
            upstream->connectToHost(m_targetHost, m_targetPort);
        }
    });
    exec();
    m_server = nullptr;
}
