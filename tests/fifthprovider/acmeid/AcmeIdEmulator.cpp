// SPDX-License-Identifier: GPL-3.0-or-later
#include "AcmeIdEmulator.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslServer>
#include <QUrlQuery>

namespace {
void answer(QHttpServerResponder& responder, int status, const QJsonObject& body)
{
    responder.write(QJsonDocument(body), QHttpServerResponder::StatusCode(status));
}
} // namespace

AcmeIdEmulator::AcmeIdEmulator(const IssuedCertificate& certificate, QString apiKey)
    : m_apiKey(std::move(apiKey))
{
    for (const auto& [id, name, email] : {std::tuple{"A-7", "Nakato Silva", "nakato.silva@example.org"},
                                          std::tuple{"A-8", "João Silva", "joao.silva@example.org"},
                                          std::tuple{"A-9", "Ama Mensah", "ama.mensah@example.org"}}) {
        m_users.insert(QString::fromLatin1(id), {{QStringLiteral("id"), QString::fromLatin1(id)},
                                                 {QStringLiteral("name"), QString::fromUtf8(name)},
                                                 {QStringLiteral("email"), QString::fromLatin1(email)},
                                                 {QStringLiteral("locked"), false}});
    }
    auto* tls = new QSslServer; // bind() makes it a child of the HTTP server
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(certificate.certificate);
    ssl.setPrivateKey(certificate.privateKey);
    tls->setSslConfiguration(ssl);
    m_listening = tls->listen(QHostAddress::LocalHost, 0);
    m_port = tls->serverPort();
    m_http.bind(tls);
    m_http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        Hit hit;
        hit.method =
            QString::fromLatin1(request.method() == QHttpServerRequest::Method::Post ? "POST" : "GET");
        hit.path = request.url().path();
        hit.apiKey = request.value("X-Acme-Key");
        hit.body = QJsonDocument::fromJson(request.body()).object();
        m_hits.append(hit);
        if (hit.apiKey != m_apiKey.toUtf8())
            return answer(responder, 401, {{QStringLiteral("error"), QStringLiteral("bad key")}});
        const QString path = hit.path.mid(QStringLiteral("/acme/").size());
        if (path == QLatin1String("ping"))
            return answer(responder, 200, {{QStringLiteral("ok"), true}});
        if (path == QLatin1String("users") && hit.method == QLatin1String("GET")) {
            const QString q = QUrlQuery(request.url()).queryItemValue(QStringLiteral("q")).toLower();
            QJsonArray data;
            for (const QJsonObject& u : std::as_const(m_users)) {
                if (u.value(QStringLiteral("name")).toString().toLower().contains(q) ||
                    u.value(QStringLiteral("email")).toString().contains(q))
                    data.append(u);
            }
            return answer(responder, 200,
                          {{QStringLiteral("data"), data},
                           {QStringLiteral("total"), data.size()},
                           {QStringLiteral("last_page"), 1}});
        }
        const QStringList parts = path.split(u'/');
        if (parts.size() == 3 && parts.at(0) == QLatin1String("users") &&
            parts.at(2) == QLatin1String("lock") && hit.method == QLatin1String("POST")) {
            if (!m_users.contains(parts.at(1)))
                return answer(responder, 404, {{QStringLiteral("error"), QStringLiteral("no such user")}});
            m_users[parts.at(1)].insert(QStringLiteral("locked"), true);
            return answer(responder, 200, m_users.value(parts.at(1)));
        }
        answer(responder, 404, {{QStringLiteral("error"), QStringLiteral("no such route")}});
    });
}

QString AcmeIdEmulator::baseUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1/acme").arg(m_port);
}
