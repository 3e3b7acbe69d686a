// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartid/SmartIdEmulator.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace {

SandboxResponse result(int status, int code, const QString& message)
{
    return SandboxResponse::json(
        status, QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}});
}

SandboxResponse result(int code, const QString& message)
{
    return result(code, code, message);
}

QString stripTrailingSlash(const QString& path)
{
    QString stripped = path;
    while (stripped.size() > 1 && stripped.endsWith(u'/'))
        stripped.chop(1);
    return stripped;
}

/// The `User` of a JSON body, or a null string when it is missing, empty or not a string.
QString userOf(const QJsonObject& body)
{
    const QJsonValue value = body.value(QLatin1String("User"));
    if (!value.isString() || value.toString().trimmed().isEmpty())
        return QString();
    return value.toString();
}

} // namespace

SmartIdEmulator::SmartIdEmulator(Population& population, const QString& apiKey)
    : m_population(population)
    , m_apiKey(apiKey.toUtf8())
{}

QJsonObject SmartIdEmulator::profileSection(const QUrl& baseUrl) const
{
    return {{QStringLiteral("base_url"), baseUrl.toString()},
            {QStringLiteral("api_key"), QString::fromUtf8(m_apiKey)}};
}

SandboxResponse SmartIdEmulator::injectedServerError() const
{
    return result(500, QStringLiteral("Internal error"));
}

SmartIdEmulator::Fault SmartIdEmulator::faultFor(quint32 id)
{
    switch (id % kFaultModulus) {
    case 11:
        return Fault::InternalErrorStatusOnly;
    case 13:
        return Fault::ChannelNotFound;
    case 17:
        return Fault::InternalErrorInBody;
    case 19:
        return Fault::ServiceCallErrorStatusLine;
    case 23:
        return Fault::ChannelNotFoundStringCode;
    case 29:
        return Fault::PlainTextSuccess;
    default:
        return Fault::None;
    }
}

quint32 SmartIdEmulator::userWithFault(quint32 populationSize, Fault fault, int nth)
{
    int seen = 0;
    for (quint32 id = 1; id <= populationSize; ++id) {
        if (faultFor(id) == fault && seen++ == nth)
            return id;
    }
    return 0;
}

std::optional<quint32> SmartIdEmulator::idForUser(const QString& user) const
{
    // Population e-mails end in "<id>@example.com"; the whole address must match exactly.
    static const QRegularExpression pattern(QStringLiteral("(\\d+)@example\\.com$"));
    const QRegularExpressionMatch match = pattern.match(user);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const quint32 id = match.captured(1).toUInt(&ok);
    if (!ok || !m_population.contains(id) || m_population.user(id).email != user)
        return std::nullopt;
    return id;
}

bool SmartIdEmulator::isEnrolled(quint32 id) const
{
    const QVariant value = m_population.attribute(id, enrolledAttribute());
    return !value.isValid() || value.toBool();
}

std::optional<SandboxResponse> SmartIdEmulator::faultAnswer(quint32 id)
{
    switch (faultFor(id)) {
    case Fault::None:
    case Fault::PlainTextSuccess: // not a fault: the un-enroll goes through (below)
        return std::nullopt;
    case Fault::InternalErrorStatusOnly:
        return SandboxResponse::message(500, QStringLiteral("Internal error"));
    case Fault::ChannelNotFound:
        return result(410, QStringLiteral("User channel not found"));
    case Fault::InternalErrorInBody:
        return result(200, 500, QStringLiteral("Internal error"));
    case Fault::ServiceCallErrorStatusLine: {
        SandboxResponse response = result(701, QStringLiteral("Service call error"));
        response.reasonPhrase = "Service Call Error";
        return response;
    }
    case Fault::ChannelNotFoundStringCode:
        return SandboxResponse::json(
            200, QJsonObject{{QStringLiteral("code"), QStringLiteral("410")},
                             {QStringLiteral("message"), QStringLiteral("User channel not found")}});
    }
    return std::nullopt;
}

SandboxResponse SmartIdEmulator::handle(const SandboxRequest& request)
{
    if (!request.hasHeader("x-api-key") || request.header("x-api-key").trimmed() != m_apiKey)
        return result(401, QStringLiteral("Invalid or missing API key"));

    const QString path = stripTrailingSlash(request.path);
    const bool unenrollPath = path == QLatin1String("/api/kyc/unenroll");
    const bool enrollPath = path == QLatin1String("/api/kyc/enroll");
    if (!unenrollPath && !enrollPath)
        return result(404, QStringLiteral("Not found"));
    if (request.method != "POST") {
        SandboxResponse response = result(405, QStringLiteral("Method not allowed"));
        response.setHeader("Allow", "POST");
        return response;
    }
    return unenrollPath ? unenroll(request) : enroll(request);
}

SandboxResponse SmartIdEmulator::unenroll(const SandboxRequest& request)
{
    const QString user = userOf(QJsonDocument::fromJson(request.body).object());
    if (user.isNull())
        return result(403, QStringLiteral("User cannot be null or empty"));
    const std::optional<quint32> id = idForUser(user);
    if (id) {
        if (std::optional<SandboxResponse> fault = faultAnswer(*id))
            return *fault;
    }
    if (!id || !isEnrolled(*id))
        return result(406, QStringLiteral("User not found"));
    m_population.setAttribute(*id, enrolledAttribute(), false);
    if (faultFor(*id) == Fault::PlainTextSuccess) {
        SandboxResponse response;
        response.contentType = "text/plain; charset=utf-8";
        response.body = "Un-enroll successful";
        return response;
    }
    return result(200, QStringLiteral("Un-enroll successful"));
}

SandboxResponse SmartIdEmulator::enroll(const SandboxRequest& request)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString user = userOf(body);
    if (user.isNull())
        return result(403, QStringLiteral("User cannot be null or empty"));
    const std::optional<quint32> id = idForUser(user);
    if (id) {
        if (std::optional<SandboxResponse> fault = faultAnswer(*id))
            return *fault;
    }
    if (body.value(QLatin1String("Template")).toString().trimmed().isEmpty())
        return result(407, QStringLiteral("Template validation failed"));
    if (!id)
        return result(406, QStringLiteral("User not found"));
    // OverWrite is the string "true" (seed 002); a JSON boolean does not count.
    const bool overwrite = body.value(QLatin1String("OverWrite")).toString() == QLatin1String("true");
    if (isEnrolled(*id) && !overwrite)
        return result(408, QStringLiteral("User already enrolled"));
    m_population.setAttribute(*id, enrolledAttribute(), true);
    return result(200, QStringLiteral("Enrollment successful"));
}
