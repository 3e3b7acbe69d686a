// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IssuedCertificate.h"

#include <QHttpServer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

/// Acme ID's server for the test: a QHttpServer on a QSslServer at 127.0.0.1 with a certificate of
/// the test's own CA, under the path prefix /acme. It knows a few users and checks X-Acme-Key.
class AcmeIdEmulator final
{
public:
    struct Hit
    {
        QString method;
        QString path;
        QByteArray apiKey;
        QJsonObject body;
    };

    AcmeIdEmulator(const IssuedCertificate& certificate, QString apiKey);

    bool isListening() const { return m_listening; }
    QString baseUrl() const;
    const QList<Hit>& hits() const { return m_hits; }
    bool isLocked(const QString& id) const
    {
        return m_users.value(id).value(QStringLiteral("locked")).toBool();
    }

private:
    QHttpServer m_http;
    QString m_apiKey;
    QMap<QString, QJsonObject> m_users;
    QList<Hit> m_hits;
    quint16 m_port = 0;
    bool m_listening = false;
};
