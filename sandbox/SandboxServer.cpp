// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxServer.h"

#include "SandboxRequest.h"
#include "SandboxResponse.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "smartid/SmartIdEmulator.h"
#include "smileid/SmileIdEmulator.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

bool wantsKeepAlive(const QHttpServerRequest& request)
{
    return !request.value("connection").toLower().contains("close");
}

} // namespace

SandboxServer::SandboxServer(const SandboxOptions& options, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(options)
    , m_population(std::make_unique<Population>(qMin(options.users, Population::kMaxUsers), options.seed,
                                                TrustSwiftlyEmulator::onboardingWorkflowIds()))
    , m_faults(options.faults, options.seed)
{
    m_clock.start();
    // One emulator per provider, each under /<name>(); SDK.Finance and SmartID go here too.
    // Trust Swiftly's faults are --provider-faults trustswiftly:… when given (they replace --faults).
    const Faults trustSwiftlyFaults =
        options.providerFaults.value(QStringLiteral("trustswiftly"), options.faults);
    m_emulators.push_back(std::make_unique<TrustSwiftlyEmulator>(*m_population, options.trustSwiftlyApiKey,
                                                                 trustSwiftlyFaults.rateLimitPerMinute,
                                                                 options.rateLimitWindowMs));
    m_emulators.push_back(std::make_unique<SmileIdEmulator>(
        *m_population, SmileIdAccount{options.smileIdPartnerId, options.smileIdApiKey, options.smileIdEmail,
                                      options.smileIdEnvironment, options.smileIdBadSignature}));
    m_emulators.push_back(std::make_unique<SmartIdEmulator>(*m_population, options.smartIdApiKey));
    m_emulators.push_back(std::make_unique<SdkFinanceEmulator>(*m_population, options));
    for (auto it = options.providerFaults.cbegin(); it != options.providerFaults.cend(); ++it)
        m_providerFaults.emplace(it.key(), FaultInjector(it.value(), options.seed));
}

FaultInjector& SandboxServer::faultsFor(const QString& provider)
{
    const auto it = m_providerFaults.find(provider);
    return it == m_providerFaults.end() ? m_faults : it->second;
}

SandboxServer::~SandboxServer() = default;

bool SandboxServer::start(QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_sslServer)
        return fail(QStringLiteral("the sandbox is already started"));

    QString why;
    m_certificates = CertificateFactory::create(QStringLiteral("IdentityDesk Sandbox CA"), &why);
    if (!m_certificates)
        return fail(QStringLiteral("cannot create the sandbox CA: %1").arg(why));
    const std::optional<IssuedCertificate> server =
        m_certificates->issueServerCertificate(m_options.serverNames, &why);
    if (!server)
        return fail(QStringLiteral("cannot create the sandbox server certificate: %1").arg(why));
    m_serverCertificate = server->certificate;

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(server->certificate);
    configuration.setPrivateKey(server->privateKey);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);

    auto* sslServer = new QSslServer(this);
    sslServer->setSslConfiguration(configuration);
    if (!sslServer->listen(QHostAddress::LocalHost, m_options.port)) {
        const QString reason = sslServer->errorString();
        delete sslServer;
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(m_options.port).arg(reason));
    }
    bind(sslServer);
    m_sslServer = sslServer;
    return true;
}

bool SandboxServer::isListening() const
{
    return m_sslServer && m_sslServer->isListening();
}

quint16 SandboxServer::port() const
{
    return isListening() ? m_sslServer->serverPort() : 0;
}

QUrl SandboxServer::baseUrl() const
{
    if (!isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

QUrl SandboxServer::providerUrl(const QString& provider) const
{
    QUrl url = baseUrl();
    if (!url.isEmpty())
        url.setPath(u'/' + provider);
    return url;
}

QSslCertificate SandboxServer::caCertificate() const
{
    return m_certificates ? m_certificates->caCertificate() : QSslCertificate();
}

QByteArray SandboxServer::caCertificatePem() const
{
    return m_certificates ? m_certificates->caCertificatePem() : QByteArray();
}

QSslCertificate SandboxServer::serverCertificate() const
{
    return m_serverCertificate;
}

QJsonObject SandboxServer::profile(const QString& caFile) const
{
    QJsonObject profile{{QStringLiteral("name"), QStringLiteral("sandbox")},
                        {QStringLiteral("ca_file"), caFile}};
    for (const auto& emulator : m_emulators)
        profile.insert(emulator->name(), emulator->profileSection(providerUrl(emulator->name())));
    return profile;
}

bool SandboxServer::writeProfile(const QString& path, QString* error) const
{
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (!isListening())
        return fail(QStringLiteral("the sandbox is not started"));

    const QFileInfo info(path);
    QDir folder = info.absoluteDir();
    if (!folder.exists() && !folder.mkpath(QStringLiteral(".")))
        return fail(QStringLiteral("cannot create the folder %1").arg(folder.absolutePath()));

    const QString caName = info.completeBaseName() + QStringLiteral("-ca.pem");
    QFile caFile(folder.filePath(caName));
    const QByteArray pem = caCertificatePem();
    if (!caFile.open(QIODevice::WriteOnly | QIODevice::Truncate) || caFile.write(pem) != pem.size() ||
        !caFile.flush())
        return fail(QStringLiteral("cannot write %1: %2").arg(caFile.fileName(), caFile.errorString()));
    caFile.close();

    // The profile holds API keys: created 0600, and tightened before writing if it already existed.
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile profileFile(info.absoluteFilePath());
    if (!profileFile.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly) ||
        !profileFile.setPermissions(ownerOnly))
        return fail(
            QStringLiteral("cannot write %1: %2").arg(profileFile.fileName(), profileFile.errorString()));
    const QByteArray json = QJsonDocument(profile(caName)).toJson(QJsonDocument::Indented);
    if (profileFile.write(json) != json.size() || !profileFile.flush())
        return fail(
            QStringLiteral("cannot write %1: %2").arg(profileFile.fileName(), profileFile.errorString()));
    profileFile.close();
    return true;
}

ProviderEmulator* SandboxServer::emulatorFor(const QString& path) const
{
    for (const auto& emulator : m_emulators) {
        const QString prefix = u'/' + emulator->name();
        if (path == prefix || path.startsWith(prefix + u'/'))
            return emulator.get();
    }
    return nullptr;
}

SandboxRequest SandboxServer::makeRequest(const QHttpServerRequest& request, const QString& prefix) const
{
    SandboxRequest result;
    result.method = methodName(request.method());
    const QUrl url = request.url();
    result.path = url.path().mid(prefix.size());
    if (result.path.isEmpty())
        result.path = QStringLiteral("/");
    result.rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
    result.queryItems = SandboxRequest::parseQuery(result.rawQuery);
    result.headers = request.headers();
    result.body = request.body();
    result.receivedMs = m_clock.elapsed();

    // Links are built from the Host the client used, as a real server does.
    QUrl base = baseUrl();
    if (!request.value("host").isEmpty() && !url.host().isEmpty()) {
        base.setHost(url.host());
        if (url.port() > 0)
            base.setPort(url.port());
    }
    base.setPath(prefix);
    result.baseUrl = base;
    return result;
}

void SandboxServer::record(const QHttpServerRequest& request, const QString& provider, int status,
                           const QString& fault)
{
    RecordedRequest entry;
    entry.receivedAt = QDateTime::currentDateTimeUtc();
    entry.provider = provider;
    entry.method = methodName(request.method());
    entry.path = request.url().path();
    entry.query = request.url().query(QUrl::FullyEncoded).toLatin1();
    entry.headers = request.headers();
    entry.body = request.body();
    entry.status = status;
    entry.fault = fault;
    m_requestLog.append(entry);
    if (m_options.requestLogLimit > 0 && m_requestLog.size() > m_options.requestLogLimit)
        m_requestLog.remove(0, m_requestLog.size() - m_options.requestLogLimit);
    emit requestReceived(entry);
}

bool SandboxServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ProviderEmulator* const emulator = emulatorFor(request.url().path());
    if (!emulator)
        return false;
    const QString provider = emulator->name();
    const bool keepAlive = wantsKeepAlive(request);

    FaultInjector& faults = faultsFor(provider);
    const int latencyMs = faults.nextLatencyMs();
    switch (faults.next()) {
    case FaultInjector::Action::ServerError: {
        const SandboxResponse response = emulator->injectedServerError();
        record(request, provider, response.status, QStringLiteral("server-error"));
        deliver(socket, response, keepAlive, false, latencyMs);
        return true;
    }
    case FaultInjector::Action::Hang:
        // Never processed, never answered: the client's timeout has to deal with it.
        record(request, provider, 0, QStringLiteral("hang"));
        return true;
    case FaultInjector::Action::DropAfterProcessing: {
        const SandboxResponse response = emulator->handle(makeRequest(request, u'/' + provider));
        record(request, provider, response.status, QStringLiteral("drop-after-processing"));
        deliver(socket, response, keepAlive, true, latencyMs);
        return true;
    }
    case FaultInjector::Action::None:
        break;
    }
    const SandboxResponse response = emulator->handle(makeRequest(request, u'/' + provider));
    record(request, provider, response.status, QString());
    deliver(socket, response, keepAlive, false, latencyMs);
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const SandboxResponse response = SandboxResponse::message(404, QStringLiteral("Not Found."));
    record(request, QString(), response.status, QString());
    deliver(socket, response, wantsKeepAlive(request), false);
}

void SandboxServer::deliver(QTcpSocket* socket, const SandboxResponse& response, bool keepAlive,
                            bool dropInstead, int latencyMs)
{
    const QPointer<QTcpSocket> guard(socket);
    const QByteArray bytes = response.serialize(keepAlive);
    const auto send = [guard, bytes, keepAlive, dropInstead] {
        if (!guard)
            return; // the client gave up while the answer was delayed
        if (dropInstead) {
            guard->abort();
            return;
        }
        guard->write(bytes);
        if (!keepAlive)
            guard->disconnectFromHost();
    };
    const int delay = latencyMs >= 0 ? latencyMs : m_options.faults.latencyMs;
    if (delay > 0)
        QTimer::singleShot(delay, this, send);
    else
        send();
}
