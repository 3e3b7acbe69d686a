// SPDX-License-Identifier: GPL-3.0-or-later
#include "smileid/SmileIdEmulator.h"

#include "smileid/SmileIdImage.h"
#include "smileid/SmileIdJobs.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace {

const QString kAllowNewEnroll = QStringLiteral("allow_new_enroll");
const QString kActive = QStringLiteral("active");
const QString kDelete = QStringLiteral("delete");
const QString kIsFraudulent = QStringLiteral("is_fraudulent");

/// Smile ID's error body: {"code":"22xx","error":"…"}.
SandboxResponse smileError(int status, const QString& code, const QString& text)
{
    return SandboxResponse::json(
        status, QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("error"), text}});
}

SandboxResponse badRequest(const char* code, const QString& text)
{
    return smileError(400, QString::fromLatin1(code), text);
}

SandboxResponse notAuthorised(const QString& why)
{
    return smileError(401, QStringLiteral("2205"), why);
}

QString stripTrailingSlash(const QString& path)
{
    QString result = path;
    while (result.size() > 1 && result.endsWith(u'/'))
        result.chop(1);
    return result;
}

bool sameSecret(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() &&
           CRYPTO_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

} // namespace

SmileIdEmulator::SmileIdEmulator(Population& population, SmileIdAccount account)
    : m_population(population)
    , m_account(std::move(account))
{}

QStringList SmileIdEmulator::flags()
{
    return {kAllowNewEnroll, kActive, kDelete, kIsFraudulent};
}

QString SmileIdEmulator::signature(const QString& apiKey, const QString& partnerId, const QString& timestamp)
{
    const QByteArray key = apiKey.toUtf8();
    const QByteArray message = (timestamp + partnerId + QStringLiteral("sid_request")).toUtf8();
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.constData(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(message.constData()),
              static_cast<size_t>(message.size()), mac, &length))
        return {};
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(mac), static_cast<qsizetype>(length)).toBase64());
}

QDateTime SmileIdEmulator::parseTimestamp(const QString& timestamp)
{
    static const QRegularExpression format(
        QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"));
    if (!format.match(timestamp).hasMatch())
        return {};
    const QDateTime time = QDateTime::fromString(timestamp, Qt::ISODateWithMs);
    return time.isValid() && time.timeSpec() == Qt::UTC ? time : QDateTime();
}

quint32 SmileIdEmulator::populationId(const Population& population, const QString& userId)
{
    static const QRegularExpression reference(QStringLiteral("^REF-([0-9]{6,7})$"));
    const QRegularExpressionMatch match = reference.match(userId);
    if (!match.hasMatch())
        return 0;
    const quint32 id = match.captured(1).toUInt();
    // Exactly the population's spelling: "REF-123" or "REF-0000123" name nobody.
    if (!population.contains(id) || population.user(id).referenceId != userId)
        return 0;
    return id;
}

std::optional<SmileIdUserState> SmileIdEmulator::stateOf(const Population& population, const QString& userId)
{
    const quint32 id = populationId(population, userId);
    if (id == 0)
        return std::nullopt;
    SmileIdUserState state;
    const auto read = [&population, id](const QString& key, bool fallback) {
        const QVariant value = population.attribute(id, key);
        return value.isValid() ? value.toBool() : fallback;
    };
    state.active = read(activeAttribute(), state.active);
    state.fraudulent = read(fraudulentAttribute(), state.fraudulent);
    state.allowNewEnroll = read(allowNewEnrollAttribute(), state.allowNewEnroll);
    state.deleted = read(deletedAttribute(), state.deleted);
    return state;
}

QJsonObject SmileIdEmulator::profileSection(const QUrl& baseUrl) const
{
    // One server plays both hosts: the portal (enrollee) and the API (job status).
    return {{QStringLiteral("portal_url"), baseUrl.toString()},
            {QStringLiteral("api_url"), baseUrl.toString()},
            {QStringLiteral("partner_id"), m_account.partnerId},
            {QStringLiteral("api_key"), m_account.apiKey},
            {QStringLiteral("email"), m_account.email},
            {QStringLiteral("environment"), m_account.environment}};
}

SandboxResponse SmileIdEmulator::injectedServerError() const
{
    return smileError(500, QStringLiteral("500"), QStringLiteral("Internal server error"));
}

SandboxResponse SmileIdEmulator::handle(const SandboxRequest& request)
{
    const QString path = stripTrailingSlash(request.path);
    // Both endpoints read a JSON body only when it is declared as JSON.
    const bool post = request.method == "POST";
    if (post && !request.declaresJson() &&
        (path == QLatin1String("/api/v2/partner/enrollee") || path == QLatin1String("/v1/job_status")))
        return badRequest("2203",
                          QStringLiteral("Invalid JSON: send the body with Content-Type: application/json"));
    if (path == QLatin1String("/api/v2/partner/enrollee")) {
        if (post)
            return enrollee(request);
        SandboxResponse response =
            smileError(405, QStringLiteral("405"), QStringLiteral("Method not allowed"));
        response.setHeader("Allow", "POST");
        return response;
    }
    if (path == QLatin1String("/v1/job_status")) {
        if (post)
            return jobStatus(request);
        SandboxResponse response =
            smileError(405, QStringLiteral("405"), QStringLiteral("Method not allowed"));
        response.setHeader("Allow", "POST");
        return response;
    }
    // The job image links (SmileIdJobs::status with image_links): /images/<job id>/<name>.png.
    if (request.method == "GET" && path.startsWith(QLatin1String("/images/")) &&
        path.endsWith(QLatin1String(".png"))) {
        const QStringList parts = path.mid(8).split(u'/');
        if (parts.size() == 2 && !parts.at(0).isEmpty()) {
            SandboxResponse response;
            response.contentType = "image/png";
            response.body = SmileIdImage::png(parts.at(0).toUtf8(), parts.at(1).chopped(4).toUtf8());
            return response;
        }
    }
    return smileError(404, QStringLiteral("404"), QStringLiteral("Not found: %1").arg(path));
}

SandboxResponse SmileIdEmulator::enrollee(const SandboxRequest& request)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return badRequest("2203", QStringLiteral("Invalid JSON"));
    const QJsonObject body = document.object();

    static const QStringList required = {QStringLiteral("partner_id"),  QStringLiteral("signature"),
                                         QStringLiteral("timestamp"),   QStringLiteral("user_id"),
                                         QStringLiteral("environment"), QStringLiteral("email")};
    for (const QString& field : required) {
        const QJsonValue value = body.value(field);
        if (value.isUndefined() || value.isNull())
            return badRequest("2213", QStringLiteral("Missing parameter: %1").arg(field));
    }
    for (const QString& field : required) {
        if (!body.value(field).isString())
            return badRequest("2204", QStringLiteral("Wrong type: %1 must be a string").arg(field));
    }

    QStringList present;
    for (const QString& flag : flags()) {
        const QJsonValue value = body.value(flag);
        if (value.isUndefined())
            continue;
        if (!value.isBool())
            return badRequest("2204",
                              QStringLiteral("Wrong type: %1 must be a boolean (true or false)").arg(flag));
        present << flag;
    }
    if (present.isEmpty())
        return badRequest(
            "2213", QStringLiteral("Missing parameter: one of %1").arg(flags().join(QStringLiteral(", "))));
    if (present.size() > 1) {
        return badRequest("2204",
                          QStringLiteral("Only one of %1 may be set per request (got %2)")
                              .arg(flags().join(QStringLiteral(", ")), present.join(QStringLiteral(", "))));
    }
    const QString flag = present.constFirst();
    const bool value = body.value(flag).toBool();
    if (!value && (flag == kAllowNewEnroll || flag == kDelete))
        return badRequest("2204", QStringLiteral("Wrong value: %1 only accepts true").arg(flag));

    if (const QString problem = authenticationProblem(body); !problem.isEmpty())
        return notAuthorised(problem);

    const QString userId = body.value(QStringLiteral("user_id")).toString();
    const quint32 id = populationId(m_population, userId);
    if (id == 0)
        return badRequest("2210", QStringLiteral("No enrolled user found for this user_id"));
    if (stateOf(m_population, userId)->deleted)
        return badRequest("2208", QStringLiteral("User has been deleted"));

    // Setting a flag to the value it already has succeeds too (docs/architecture.md section 3, assumption).
    if (flag == kAllowNewEnroll)
        m_population.setAttribute(id, allowNewEnrollAttribute(), true);
    else if (flag == kActive)
        m_population.setAttribute(id, activeAttribute(), value);
    else if (flag == kDelete)
        m_population.setAttribute(id, deletedAttribute(), true);
    else
        m_population.setAttribute(id, fraudulentAttribute(), value);
    return SandboxResponse::json(200, QJsonObject{{QStringLiteral("success"), true}});
}

SandboxResponse SmileIdEmulator::jobStatus(const SandboxRequest& request)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return badRequest("2203", QStringLiteral("Invalid JSON"));
    const QJsonObject body = document.object();
    static const QStringList required = {QStringLiteral("partner_id"), QStringLiteral("signature"),
                                         QStringLiteral("timestamp"), QStringLiteral("user_id"),
                                         QStringLiteral("job_id")};
    for (const QString& field : required) {
        const QJsonValue value = body.value(field);
        if (value.isUndefined() || value.isNull())
            return badRequest("2213", QStringLiteral("Missing parameter: %1").arg(field));
        if (!value.isString())
            return badRequest("2204", QStringLiteral("Wrong type: %1 must be a string").arg(field));
    }
    for (const QString& flag : {QStringLiteral("image_links"), QStringLiteral("history")}) {
        const QJsonValue value = body.value(flag);
        if (value.isUndefined())
            return badRequest("2213", QStringLiteral("Missing parameter: %1").arg(flag));
        if (!value.isBool())
            return badRequest("2204",
                              QStringLiteral("Wrong type: %1 must be a boolean (true or false)").arg(flag));
    }
    if (const QString problem = authenticationProblem(body, false); !problem.isEmpty())
        return notAuthorised(problem);

    const QString userId = body.value(QStringLiteral("user_id")).toString();
    const quint32 id = populationId(m_population, userId);
    if (id == 0)
        return badRequest("2210", QStringLiteral("No enrolled user found for this user_id"));
    const QString jobId = body.value(QStringLiteral("job_id")).toString();
    if (SmileIdJobs::populationIdOf(jobId) != id)
        return badRequest("2210", QStringLiteral("No job %1 found for user_id %2").arg(jobId, userId));

    QJsonObject answer =
        SmileIdJobs::answer(id, userId, body.value(QStringLiteral("history")).toBool(),
                            body.value(QStringLiteral("image_links")).toBool(), request.baseUrl);
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    // The wrong-signature switch signs with another key, as a forger without the API key would.
    const QString key =
        m_account.signAnswersWrongly ? m_account.apiKey + QStringLiteral("-forged") : m_account.apiKey;
    answer.insert(QStringLiteral("timestamp"), timestamp);
    answer.insert(QStringLiteral("signature"), signature(key, m_account.partnerId, timestamp));
    return SandboxResponse::json(200, answer);
}

QString SmileIdEmulator::authenticationProblem(const QJsonObject& body, bool checkEnvironment) const
{
    const QString partnerId = body.value(QStringLiteral("partner_id")).toString();
    if (partnerId != m_account.partnerId)
        return QStringLiteral("Not authorised: unknown partner_id '%1'").arg(partnerId);

    const QString timestamp = body.value(QStringLiteral("timestamp")).toString();
    const QDateTime time = parseTimestamp(timestamp);
    if (!time.isValid()) {
        return QStringLiteral("Not authorised: timestamp '%1' is not ISO-8601 UTC with milliseconds "
                              "(yyyy-MM-ddTHH:mm:ss.zzzZ)")
            .arg(timestamp);
    }

    const QByteArray expected = signature(m_account.apiKey, partnerId, timestamp).toLatin1();
    if (expected.isEmpty() ||
        !sameSecret(body.value(QStringLiteral("signature")).toString().toUtf8(), expected))
        return QStringLiteral("Not authorised: invalid signature");

    const qint64 skewMs = QDateTime::currentDateTimeUtc().msecsTo(time);
    if (skewMs > kMaxClockSkewMs || skewMs < -kMaxClockSkewMs) {
        return QStringLiteral("Not authorised: timestamp %1 is more than %2 minutes away from the server's "
                              "clock (%3)")
            .arg(timestamp)
            .arg(kMaxClockSkewMs / 60000)
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    }

    const QString environment = body.value(QStringLiteral("environment")).toString();
    if (checkEnvironment && environment != m_account.environment) {
        return QStringLiteral(
                   "Not authorised: environment '%1' does not match this partner's environment '%2'")
            .arg(environment, m_account.environment);
    }
    return {};
}
