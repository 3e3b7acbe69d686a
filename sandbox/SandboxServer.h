// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CertificateFactory.h"
#include "FaultInjector.h"
#include "Population.h"
#include "ProviderEmulator.h"
#include "RecordedRequest.h"
#include "SandboxOptions.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QUrl>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QSslServer;
class QTcpSocket;
struct SandboxRequest;
struct SandboxResponse;

/// The provider emulator: one TLS server on 127.0.0.1 with an ephemeral CA, each provider under its
/// own path prefix (/trustswiftly, …). Answers are written raw to the socket so that faults can
/// delay them, withhold them or cut the connection.
class SandboxServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxServer)

public:
    using Options = SandboxOptions;

    explicit SandboxServer(const Options& options = {}, QObject* parent = nullptr);
    ~SandboxServer() override;

    /// Makes the certificates and listens; false with a reason on failure.
    bool start(QString* error = nullptr);
    bool isListening() const;
    quint16 port() const;
    /// https://127.0.0.1:PORT (empty before start()).
    QUrl baseUrl() const;
    /// Base URL of one provider: baseUrl() + "/" + provider.
    QUrl providerUrl(const QString& provider) const;
    QSslCertificate caCertificate() const;
    QByteArray caCertificatePem() const;
    /// The certificate the server presents.
    QSslCertificate serverCertificate() const;

    /// The connection profile (docs/architecture.md section 6) with the given ca_file value.
    QJsonObject profile(const QString& caFile) const;
    /// Writes the profile (mode 0600) and the CA next to it as `<basename>-ca.pem`, referenced
    /// relatively. Call after start().
    bool writeProfile(const QString& path, QString* error = nullptr) const;

    const SandboxOptions& options() const { return m_options; }
    Population& population() { return *m_population; }
    const QList<RecordedRequest>& requestLog() const { return m_requestLog; }
    void clearRequestLog() { m_requestLog.clear(); }

signals:
    /// Emitted for every request once its answer is decided (before any latency).
    void requestReceived(const RecordedRequest& request);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    ProviderEmulator* emulatorFor(const QString& path) const;
    SandboxRequest makeRequest(const QHttpServerRequest& request, const QString& prefix) const;
    void record(const QHttpServerRequest& request, const QString& provider, int status, const QString& fault);
    void deliver(QTcpSocket* socket, const SandboxResponse& response, bool keepAlive, bool dropInstead,
                 int latencyMs = -1);
    /// The fault injector for a provider: its own when --provider-faults names it, else the shared one.
    FaultInjector& faultsFor(const QString& provider);

    SandboxOptions m_options;
    std::unique_ptr<Population> m_population;
    std::vector<std::unique_ptr<ProviderEmulator>> m_emulators;
    FaultInjector m_faults;
    std::map<QString, FaultInjector> m_providerFaults;
    std::optional<CertificateFactory> m_certificates;
    QSslCertificate m_serverCertificate;
    QPointer<QSslServer> m_sslServer;
    QElapsedTimer m_clock;
    QList<RecordedRequest> m_requestLog;
};
