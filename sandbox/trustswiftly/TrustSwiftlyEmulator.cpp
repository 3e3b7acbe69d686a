// SPDX-License-Identifier: GPL-3.0-or-later
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace {

constexpr int kDefaultPerPage = 15;
constexpr int kMaxPerPage = 100;

SandboxResponse validationError(const QJsonObject& errors)
{
    return SandboxResponse::json(
        422, QJsonObject{{QStringLiteral("message"), QStringLiteral("The given data was invalid.")},
                         {QStringLiteral("errors"), errors}});
}

SandboxResponse userNotFound()
{
    return SandboxResponse::message(404, QStringLiteral("User not found."));
}

/// "per_page" -> "per page", as Laravel names attributes in its messages.
QString label(const QString& field)
{
    QString text = field;
    return text.replace(u'_', u' ');
}

QString stripTrailingSlash(const QString& path)
{
    QString result = path;
    while (result.size() > 1 && result.endsWith(u'/'))
        result.chop(1);
    return result;
}

SandboxResponse methodNotAllowed(const QByteArray& method, const QString& path, const char* allowed)
{
    SandboxResponse response = SandboxResponse::message(
        405, QStringLiteral("The %1 method is not supported for route %2. Supported methods: %3.")
                 .arg(QString::fromLatin1(method), path.mid(1), QLatin1String(allowed)));
    response.setHeader("Allow", allowed);
    return response;
}

} // namespace

TrustSwiftlyEmulator::TrustSwiftlyEmulator(Population& population, const QString& apiKey,
                                           int rateLimitPerMinute, qint64 rateLimitWindowMs)
    : m_population(population)
    , m_apiKey(apiKey.toUtf8())
    , m_rateLimiter(rateLimitPerMinute > 0 ? rateLimitPerMinute : kDefaultRateLimit,
                    rateLimitWindowMs > 0 ? rateLimitWindowMs : 60000)
{}

TrustSwiftlyEmulator::AlreadyAssignedAnswer TrustSwiftlyEmulator::alreadyAssignedAnswer(quint32 id)
{
    switch (id % 97) {
    case 41:
        return {409, QStringLiteral("error_type")};
    case 43:
        return {200, QStringLiteral("ERROR_TYPE")};
    default:
        return {400, QStringLiteral("Error_type")};
    }
}

QString TrustSwiftlyEmulator::workflowId(int number)
{
    return QStringLiteral("flow_") +
           QString::fromLatin1(QByteArray::number(number).toBase64(QByteArray::OmitTrailingEquals));
}

const QList<TrustSwiftlyTemplate>& TrustSwiftlyEmulator::templates()
{
    static const QList<TrustSwiftlyTemplate> list = {
        {workflowId(30),
         QStringLiteral("ID Document & Selfie"),
         {QStringLiteral("document"), QStringLiteral("selfie")}},
        {workflowId(29), QStringLiteral("Selfie Only"), {QStringLiteral("selfie")}},
        {workflowId(31), QStringLiteral("Document Only"), {QStringLiteral("document")}},
        {workflowId(32),
         QStringLiteral("Proof of Address"),
         {QStringLiteral("document"), QStringLiteral("selfie"), QStringLiteral("address")}},
        {workflowId(33), QStringLiteral("Phone & Email"), {QStringLiteral("phone"), QStringLiteral("email")}},
    };
    return list;
}

QStringList TrustSwiftlyEmulator::onboardingWorkflowIds()
{
    return {workflowId(30), workflowId(31), workflowId(32)};
}

QJsonObject TrustSwiftlyEmulator::profileSection(const QUrl& baseUrl) const
{
    return {{QStringLiteral("base_url"), baseUrl.toString()},
            {QStringLiteral("api_key"), QString::fromUtf8(m_apiKey)}};
}

SandboxResponse TrustSwiftlyEmulator::handle(const SandboxRequest& request)
{
    if (request.header("user-agent").trimmed().isEmpty())
        return SandboxResponse::message(403, QStringLiteral("A User-Agent header is required."));

    const RateLimiter::Decision decision = m_rateLimiter.hit(request.receivedMs);
    SandboxResponse response;
    if (!decision.allowed) {
        response = SandboxResponse::message(429, QStringLiteral("Too Many Attempts."));
        response.setHeader("Retry-After", QByteArray::number(decision.retryAfterSeconds));
    } else {
        const QByteArray authorization = request.header("authorization").trimmed();
        const bool bearer =
            authorization.size() > 7 && authorization.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
        if (!bearer || authorization.mid(7).trimmed() != m_apiKey)
            response = SandboxResponse::message(401, QStringLiteral("Unauthenticated."));
        else
            response = route(request);
    }
    response.setHeader("x-ratelimit-limit", QByteArray::number(decision.limit));
    response.setHeader("x-ratelimit-remaining", QByteArray::number(decision.remaining));
    // When the window reopens, as a Unix time in seconds (Laravel's throttle; the seed documents no
    // format): on a 429, and on the answer that used the window's last request, so that a client
    // waits for the window instead of guessing. Seconds are rounded up, as Retry-After's.
    if (decision.resetInSeconds > 0)
        response.setHeader("X-RateLimit-Reset",
                           QByteArray::number(QDateTime::currentSecsSinceEpoch() + decision.resetInSeconds));
    return response;
}

SandboxResponse TrustSwiftlyEmulator::route(const SandboxRequest& request)
{
    static const QRegularExpression userPath(QStringLiteral("^/api/users/([^/]+)$"));
    const QString path = stripTrailingSlash(request.path);
    const bool get = request.method == "GET";
    if (path == QLatin1String("/api/users"))
        return get ? listUsers(request) : methodNotAllowed(request.method, path, "GET, HEAD");
    if (const QRegularExpressionMatch match = userPath.match(path); match.hasMatch())
        return get ? showUser(match.captured(1)) : methodNotAllowed(request.method, path, "GET, HEAD");
    if (path == QLatin1String("/api/settings/templates/verifications"))
        return get ? listTemplates() : methodNotAllowed(request.method, path, "GET, HEAD");
    if (path == QLatin1String("/api/user/document/reverify"))
        return request.method == "POST" ? reverify(request) : methodNotAllowed(request.method, path, "POST");
    return SandboxResponse::message(404, QStringLiteral("The route %1 could not be found.").arg(path.mid(1)));
}

SandboxResponse TrustSwiftlyEmulator::listUsers(const SandboxRequest& request)
{
    int perPage = kDefaultPerPage;
    if (const QString text = request.queryValue(QStringLiteral("per_page")); !text.isNull()) {
        bool ok = false;
        perPage = text.trimmed().toInt(&ok);
        QString problem;
        if (!ok)
            problem = QStringLiteral("The per page must be an integer.");
        else if (perPage < 1)
            problem = QStringLiteral("The per page must be at least 1.");
        else if (perPage > kMaxPerPage)
            problem = QStringLiteral("The per page must not be greater than %1.").arg(kMaxPerPage);
        if (!problem.isEmpty())
            return validationError({{QStringLiteral("per_page"), QJsonArray{problem}}});
    }
    bool pageOk = false;
    int page = request.queryValue(QStringLiteral("page")).trimmed().toInt(&pageOk);
    if (!pageOk || page < 1)
        page = 1; // as Laravel's paginator does

    const QString search = request.queryValue(QStringLiteral("filter[search]"));
    const quint64 offset = static_cast<quint64>(page - 1) * static_cast<quint64>(perPage);
    const Population::SearchResult result =
        m_population.search(search, static_cast<quint32>(qMin<quint64>(offset, Population::kMaxUsers * 2ULL)),
                            static_cast<quint32>(perPage));
    const int lastPage =
        qMax(1, static_cast<int>((static_cast<quint64>(result.total) + perPage - 1) / perPage));

    QJsonArray data;
    for (const quint32 id : result.ids)
        data.append(userJson(m_population.user(id), false));

    QUrl listUrl = request.baseUrl;
    listUrl.setPath(listUrl.path() + QStringLiteral("/api/users"));
    const auto pageUrl = [&](int number) -> QJsonValue {
        QStringList parts;
        for (const auto& [key, value] : request.queryItems) {
            if (key != QLatin1String("page"))
                parts << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' +
                                             QUrl::toPercentEncoding(value));
        }
        parts << QStringLiteral("page=%1").arg(number);
        QUrl url = listUrl;
        url.setQuery(parts.join(u'&'));
        return url.toString(QUrl::FullyEncoded);
    };

    const bool empty = result.ids.empty();
    const QJsonObject meta{
        {QStringLiteral("current_page"), page},
        {QStringLiteral("from"), empty ? QJsonValue() : QJsonValue(static_cast<qint64>(offset + 1))},
        {QStringLiteral("last_page"), lastPage},
        {QStringLiteral("path"), listUrl.toString(QUrl::FullyEncoded)},
        {QStringLiteral("per_page"), perPage},
        {QStringLiteral("to"),
         empty ? QJsonValue() : QJsonValue(static_cast<qint64>(offset + result.ids.size()))},
        {QStringLiteral("total"), static_cast<qint64>(result.total)},
    };
    const QJsonObject links{
        {QStringLiteral("first"), pageUrl(1)},
        {QStringLiteral("last"), pageUrl(lastPage)},
        {QStringLiteral("prev"), page > 1 ? pageUrl(page - 1) : QJsonValue()},
        {QStringLiteral("next"), page < lastPage ? pageUrl(page + 1) : QJsonValue()},
    };
    return SandboxResponse::json(200, QJsonObject{{QStringLiteral("data"), data},
                                                  {QStringLiteral("meta"), meta},
                                                  {QStringLiteral("links"), links}});
}

SandboxResponse TrustSwiftlyEmulator::showUser(const QString& id) const
{
    bool ok = false;
    const quint32 number = id.toUInt(&ok);
    if (!ok || !m_population.contains(number) || QString::number(number) != id)
        return userNotFound();
    return SandboxResponse::json(
        200, QJsonObject{{QStringLiteral("data"), userJson(m_population.user(number), true)}});
}

SandboxResponse TrustSwiftlyEmulator::listTemplates() const
{
    QJsonArray data;
    for (const TrustSwiftlyTemplate& entry : templates()) {
        data.append(QJsonObject{{QStringLiteral("id"), entry.id},
                                {QStringLiteral("name"), entry.name},
                                {QStringLiteral("types"), QJsonArray::fromStringList(entry.types)}});
    }
    return SandboxResponse::json(200, QJsonObject{{QStringLiteral("data"), data}});
}

SandboxResponse TrustSwiftlyEmulator::reverify(const SandboxRequest& request)
{
    // Laravel reads a JSON body only when it is declared as JSON; anything else leaves the fields empty.
    QJsonObject body;
    if (request.declaresJson())
        body = QJsonDocument::fromJson(request.body).object();

    static const QStringList fields = {QStringLiteral("user_id"), QStringLiteral("current_workflow_id"),
                                       QStringLiteral("re_verify_workflow_id")};
    QJsonObject errors;
    QHash<QString, QString> values;
    for (const QString& field : fields) {
        const QJsonValue value = body.value(field);
        if (value.isUndefined() || value.isNull() ||
            (value.isString() && value.toString().trimmed().isEmpty()))
            errors.insert(field, QJsonArray{QStringLiteral("The %1 field is required.").arg(label(field))});
        else if (!value.isString())
            errors.insert(field, QJsonArray{QStringLiteral("The %1 must be a string.").arg(label(field))});
        else
            values.insert(field, value.toString().trimmed());
    }
    if (!errors.isEmpty())
        return validationError(errors);

    const QString target = values.value(QStringLiteral("re_verify_workflow_id"));
    const bool knownTarget =
        std::any_of(templates().cbegin(), templates().cend(),
                    [&](const TrustSwiftlyTemplate& entry) { return entry.id == target; });
    if (!knownTarget) {
        return validationError(
            {{QStringLiteral("re_verify_workflow_id"),
              QJsonArray{QStringLiteral("The selected re verify workflow id is invalid.")}}});
    }

    const QString userId = values.value(QStringLiteral("user_id"));
    bool ok = false;
    const quint32 id = userId.toUInt(&ok);
    if (!ok || !m_population.contains(id) || QString::number(id) != userId)
        return userNotFound();

    const PopulationUser user = m_population.user(id);
    if (values.value(QStringLiteral("current_workflow_id")) != user.currentWorkflowId) {
        return validationError(
            {{QStringLiteral("current_workflow_id"),
              QJsonArray{QStringLiteral(
                  "The selected current workflow id is invalid or does not match the user's workflow.")}}});
    }
    if (user.attributes.value(reVerifyAttribute()).toString() == target) {
        const AlreadyAssignedAnswer answer = alreadyAssignedAnswer(id);
        return SandboxResponse::json(
            answer.status,
            QJsonObject{{answer.key, QStringLiteral("already_assigned")},
                        {QStringLiteral("error_message"), QStringLiteral("Already assigned")}});
    }
    m_population.setAttribute(id, reVerifyAttribute(), target);
    return SandboxResponse::json(200, QJsonObject{{QStringLiteral("success"), true}});
}

QJsonObject TrustSwiftlyEmulator::userJson(const PopulationUser& user, bool detailed) const
{
    QJsonObject object{
        {QStringLiteral("id"), static_cast<qint64>(user.id)},
        {QStringLiteral("reference_id"), user.referenceId},
        {QStringLiteral("first_name"), user.firstName},
        {QStringLiteral("last_name"), user.lastName},
        {QStringLiteral("email"), user.email},
        {QStringLiteral("phone"), user.phone},
        {QStringLiteral("status"), user.status},
        {QStringLiteral("current_workflow_id"), user.currentWorkflowId},
    };
    if (detailed) {
        const QString reVerify = user.attributes.value(reVerifyAttribute()).toString();
        if (!reVerify.isEmpty())
            object.insert(QStringLiteral("re_verify_workflow_id"), reVerify);
    }
    return object;
}
