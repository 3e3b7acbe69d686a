// SPDX-License-Identifier: GPL-3.0-or-later
#include "sdkfinance/SdkFinanceEmulator.h"

#include "SplitMix64.h"
// The one definition of the profile's fields, shared with the console (header-only, QtCore only).
#include "providers/sdkfinance/ProfileSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <iterator>
#include <limits>
#include <optional>

namespace {

constexpr quint64 kRequestSalt = 0x5D4F1A7CE0B3D291ULL;
constexpr quint64 kAddressSalt = 0xA3D19E40C77B2F15ULL;

struct Place
{
    const char* country;
    const char* city;
    const char* zipPrefix;
};

const Place kPlaces[] = {
    {"NG", "Lagos", "10"}, {"KE", "Nairobi", "00"}, {"ZA", "Johannesburg", "20"},
    {"GH", "Accra", "GA"}, {"PT", "Lisboa", "11"},  {"FR", "Lyon", "69"},
    {"GB", "Leeds", "LS"}, {"EE", "Tallinn", "10"}, {"AD", "Andorra la Vella", "AD"},
};

const char* const kStreets[] = {"Independence Avenue", "Market Street", "Rua Augusta", "Rue de la République",
                                "Harbour Road",        "Station Road",  "Narva mnt",   "Avinguda Meritxell"};

const char* const kComments[] = {
    "Changed my passport",
    "Name changed after marriage",
    "Moved to a new address",
    "Identity document expired",
    "Selfie did not match, asking to start again",
    "",
};

SandboxResponse error(int status, const QString& message)
{
    return SandboxResponse::json(status, QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                                     {QStringLiteral("Message"), message}});
}

SandboxResponse ok(QJsonObject object = {})
{
    object.insert(QStringLiteral("status"), QStringLiteral("ok"));
    return SandboxResponse::json(200, object);
}

QString isoUtc(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

/// A JSON body that must be an object; nullopt (with the 400 in *refusal) otherwise.
std::optional<QJsonObject> objectBody(const SandboxRequest& request, SandboxResponse* refusal)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *refusal = error(400, QStringLiteral("The request body must be a JSON object."));
        return std::nullopt;
    }
    return doc.object();
}

/// An optional whole number in [min, max]; nullopt (with the 400 in *refusal) when it is not.
std::optional<int> boundedInt(const QJsonObject& body, const QString& key, int fallback, int min, int max,
                              SandboxResponse* refusal)
{
    const QJsonValue v = body.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max) {
        *refusal =
            error(400, QStringLiteral("%1 must be a whole number from %2 to %3.").arg(key).arg(min).arg(max));
        return std::nullopt;
    }
    return int(d);
}

QString stripTrailingSlash(const QString& path)
{
    QString result = path;
    while (result.size() > 1 && result.endsWith(u'/'))
        result.chop(1);
    return result;
}

} // namespace

SdkFinanceEmulator::SdkFinanceEmulator(Population& population, const SandboxOptions& options)
    : m_population(population)
    , m_tokenLifetimeSeconds(qMax(0, options.sdkFinanceTokenLifetimeSeconds))
    , m_requests(seedRequests(population))
{
    m_accounts = {
        {options.sdkFinanceLogin, options.sdkFinancePassword, QStringLiteral("ADMINISTRATOR"),
         QStringList{permission(), QStringLiteral("VIEW_PROFILES")}, QStringLiteral("operator-1"),
         QStringLiteral("Sandbox compliance officer")},
        {options.sdkFinanceRestrictedLogin, options.sdkFinanceRestrictedPassword, QStringLiteral("SUPPORT"),
         QStringList{QStringLiteral("VIEW_PROFILES")}, QStringLiteral("operator-2"),
         QStringLiteral("Sandbox support agent")},
    };
    for (int i = 0; i < m_requests.size(); ++i)
        m_requestIndex.insert(m_requests.at(i).id, i);
}

QString SdkFinanceEmulator::userId(quint32 populationId)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(populationId, 12, 16, QLatin1Char('0'));
}

quint32 SdkFinanceEmulator::populationId(const Population& population, const QString& userId)
{
    static const QRegularExpression pattern(QStringLiteral("^00000000-0000-4000-8000-([0-9a-f]{12})$"));
    const QRegularExpressionMatch match = pattern.match(userId);
    if (!match.hasMatch())
        return 0;
    bool ok = false;
    const quint64 id = match.captured(1).toULongLong(&ok, 16);
    return ok && id <= Population::kMaxUsers && population.contains(quint32(id)) ? quint32(id) : 0;
}

QString SdkFinanceEmulator::requestId(quint32 number)
{
    return QStringLiteral("00000000-0000-4000-9000-%1").arg(number, 12, 16, QLatin1Char('0'));
}

QList<SdkFinanceResetRequest> SdkFinanceEmulator::seedRequests(const Population& population)
{
    static const QDateTime start(QDate(2025, 1, 6), QTime(8, 0), Qt::UTC);
    QList<SdkFinanceResetRequest> list;
    for (quint32 id = 1; id <= population.size(); ++id) {
        const quint64 h =
            SplitMix64::mix(population.seed() ^ kRequestSalt ^ (quint64(id) * SplitMix64::kGolden));
        if (h % kRequestOneIn != 0)
            continue;
        SdkFinanceResetRequest r;
        r.number = quint32(list.size() + 1);
        r.id = requestId(r.number);
        r.populationId = id;
        // 37 minutes apart plus up to 30 minutes of jitter: creation order is number order.
        r.createdAt = start.addSecs(qint64(r.number) * 37 * 60 + qint64((h >> 8) % 1800));
        const int decided = int((h >> 20) % 10);
        r.status = decided == 0 ? QStringLiteral("APPROVED")
                                : (decided == 1 ? QStringLiteral("DECLINED") : QStringLiteral("PENDING"));
        if (r.status != QLatin1String("PENDING"))
            r.decidedAt = r.createdAt.addSecs(3600);
        r.comment = QString::fromUtf8(kComments[(h >> 32) % std::size(kComments)]);
        list << r;
    }
    return list;
}

QJsonObject SdkFinanceEmulator::profileDocument(const PopulationUser& user)
{
    const quint64 h = SplitMix64::mix(quint64(user.id) * SplitMix64::kGolden ^ kAddressSalt);
    const Place& place = kPlaces[h % std::size(kPlaces)];
    const QString street = QString::fromUtf8(kStreets[(h >> 8) % std::size(kStreets)]);
    const QString house = QString::number(1 + (h >> 16) % 240);
    const QString zip = QString::fromLatin1(place.zipPrefix) +
                        QStringLiteral("%1").arg((h >> 24) % 1000, 3, 10, QLatin1Char('0'));
    const QString id = userId(user.id);
    const QString nickname = user.firstName.toLower() + QString::number(user.id);
    const bool social = user.id % 2 == 0;

    const QHash<QString, QJsonValue> values = {
        {QStringLiteral("person.namePlain.first"), user.firstName},
        {QStringLiteral("person.namePlain.last"), user.lastName},
        {QStringLiteral("person.namePlain.middle"), QString()},
        {QStringLiteral("person.nameIntl.first"), user.firstName},
        {QStringLiteral("person.nameIntl.last"), user.lastName},
        {QStringLiteral("person.nameIntl.middle"), QString()},
        {QStringLiteral("person.description"), QString()},
        {QStringLiteral("contact.id"), QStringLiteral("contact-") + QString::number(user.id)},
        {QStringLiteral("contact.nickname"), nickname},
        {QStringLiteral("contact.firstName"), user.firstName},
        {QStringLiteral("contact.lastName"), user.lastName},
        {QStringLiteral("contact.address"), street + QLatin1Char(' ') + house},
        {QStringLiteral("contact.city"), QString::fromUtf8(place.city)},
        {QStringLiteral("contact.country"), QString::fromLatin1(place.country)},
        {QStringLiteral("contact.postCode"), zip},
        {QStringLiteral("contact.email"), user.email},
        {QStringLiteral("contact.phoneNumber"), user.phone},
        {QStringLiteral("contact.photoPath"), QString()},
        {QStringLiteral("contact.socialMedias.id"), QStringLiteral("social-") + QString::number(user.id)},
        {QStringLiteral("contact.socialMedias.socialMediaType"), QStringLiteral("telegram")},
        {QStringLiteral("contact.socialMedias.socialMediaReference"), QLatin1Char('@') + nickname},
        {QStringLiteral("contact.accountNumber"),
         QStringLiteral("SB%1").arg(user.id, 10, 10, QLatin1Char('0'))},
        {QStringLiteral("contact.swiftBic"), QStringLiteral("SBOXXXXX")},
        {QStringLiteral("contact.ownerId"), id},
        {QStringLiteral("contact.linkedUserId"), QString()},
        {QStringLiteral("business.companyName"), QString()},
        {QStringLiteral("business.legal"), QStringLiteral("individual")},
        {QStringLiteral("business.type"), QStringLiteral("eshop")},
        {QStringLiteral("business.vat"), QString()},
        {QStringLiteral("business.administrator.firstName"), user.firstName},
        {QStringLiteral("business.administrator.lastName"), user.lastName},
        {QStringLiteral("business.administrator.email"), user.email},
        {QStringLiteral("business.administrator.phone"), user.phone},
        {QStringLiteral("address.country"), QString::fromLatin1(place.country)},
        {QStringLiteral("address.zipCode"), zip},
        {QStringLiteral("address.city"), QString::fromUtf8(place.city)},
        {QStringLiteral("address.street"), street},
        {QStringLiteral("address.houseNumber"), house},
        {QStringLiteral("additional"), QJsonObject()},
    };
    // The shape comes from the schema: every offered leaf is in the document.
    QJsonObject document;
    for (const QString& leaf : ProfileSchema::leaves()) {
        if (!social && leaf.startsWith(QLatin1String("contact.socialMedias.")))
            continue;
        ProfileSchema::setValueAt(&document, leaf, values.value(leaf, QString()));
    }
    if (!social) {
        QJsonObject contact = document.value(QStringLiteral("contact")).toObject();
        contact.insert(QStringLiteral("socialMedias"), QJsonArray());
        document.insert(QStringLiteral("contact"), contact);
    }
    // The system fields, never offered as reset fields.
    document.insert(QStringLiteral("type"), QStringLiteral("base"));
    document.insert(QStringLiteral("status"), QStringLiteral("none"));
    const QJsonObject noNotifications{{QStringLiteral("phone"), false}, {QStringLiteral("email"), false}};
    document.insert(QStringLiteral("security"),
                    QJsonObject{{QStringLiteral("twoFactorsAuthEnabled"), false},
                                {QStringLiteral("transactionNotification"), noNotifications},
                                {QStringLiteral("authorizationNotification"), noNotifications}});
    return document;
}

QJsonObject SdkFinanceEmulator::profileSection(const QUrl& baseUrl) const
{
    const SdkFinanceAccount& account = m_accounts.first();
    return {{QStringLiteral("base_url"), baseUrl.toString()},
            {QStringLiteral("login"), account.login},
            {QStringLiteral("password"), account.password}};
}

SandboxResponse SdkFinanceEmulator::injectedServerError() const
{
    return error(500, QStringLiteral("Internal server error"));
}

SandboxResponse SdkFinanceEmulator::handle(const SandboxRequest& request)
{
    return route(request);
}

SandboxResponse SdkFinanceEmulator::route(const SandboxRequest& request)
{
    static const QRegularExpression resetPath(QStringLiteral("^/profiles/([^/]+)/reset$"));
    static const QRegularExpression decisionPath(
        QStringLiteral("^/profiles/([^/]+)/reset-identification-requests/([^/]+)/(approve|decline)$"));
    const QString path = stripTrailingSlash(request.path);
    const QRegularExpressionMatch reset = resetPath.match(path);
    const QRegularExpressionMatch decision = decisionPath.match(path);
    const bool known = path == QLatin1String("/authorization") ||
                       path == QLatin1String("/profiles/view-reset-identification-requests") ||
                       path == QLatin1String("/profiles/view") || reset.hasMatch() || decision.hasMatch();
    if (!known)
        return error(404, QStringLiteral("No endpoint %1").arg(path));
    if (request.method != "POST") {
        SandboxResponse response = error(405, QStringLiteral("Method %1 is not allowed here; use POST.")
                                                  .arg(QString::fromLatin1(request.method)));
        response.setHeader("Allow", "POST");
        return response;
    }
    if (!request.declaresJson())
        return error(415, QStringLiteral("Content type '%1' not supported; send application/json.")
                              .arg(QString::fromLatin1(request.header("content-type"))));
    if (path == QLatin1String("/authorization"))
        return logIn(request);

    SandboxResponse refusal;
    const int account = authenticate(request, &refusal);
    if (account < 0)
        return refusal;
    if (path == QLatin1String("/profiles/view-reset-identification-requests"))
        return listRequests(request);
    if (path == QLatin1String("/profiles/view"))
        return searchProfiles(request);
    if (!m_accounts.at(account).permissions.contains(permission()))
        return error(403, QStringLiteral("Access denied: the permission %1 is required.").arg(permission()));
    if (reset.hasMatch())
        return this->reset(request, reset.captured(1));
    return decide(decision.captured(1), decision.captured(2),
                  decision.captured(3) == QLatin1String("approve"));
}

SandboxResponse SdkFinanceEmulator::logIn(const SandboxRequest& request)
{
    SandboxResponse refusal;
    const std::optional<QJsonObject> body = objectBody(request, &refusal);
    if (!body)
        return refusal;
    const QJsonValue login = body->value(QStringLiteral("login"));
    const QJsonValue password = body->value(QStringLiteral("password"));
    if (!login.isString() || !password.isString() || login.toString().isEmpty())
        return error(400, QStringLiteral("login and password are required."));
    for (int i = 0; i < m_accounts.size(); ++i) {
        const SdkFinanceAccount& a = m_accounts.at(i);
        if (a.login != login.toString() || a.password != password.toString())
            continue;
        const QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16) +
                                 QByteArray::number(QRandomGenerator::system()->generate64(), 16);
        m_tokens.insert(token, Token{i, request.receivedMs + qint64(m_tokenLifetimeSeconds) * 1000});
        const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addSecs(m_tokenLifetimeSeconds);
        const QJsonObject member{
            {QStringLiteral("token"), QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)},
                                                  {QStringLiteral("expiresAt"), isoUtc(expiresAt)}}},
            {QStringLiteral("role"), a.role},
            {QStringLiteral("permissions"), QJsonArray::fromStringList(a.permissions)},
            {QStringLiteral("user"),
             QJsonObject{{QStringLiteral("id"), a.userId}, {QStringLiteral("name"), a.name}}},
        };
        return ok(QJsonObject{{QStringLiteral("members"), QJsonArray{member}}});
    }
    return error(401, QStringLiteral("Invalid login or password."));
}

int SdkFinanceEmulator::authenticate(const SandboxRequest& request, SandboxResponse* refusal)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    const bool bearer =
        authorization.size() > 7 && authorization.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (!bearer) {
        *refusal = error(
            401, QStringLiteral("Authorization required: log in and send the token as a Bearer token."));
        return -1;
    }
    const QByteArray token = authorization.mid(7).trimmed();
    const auto it = m_tokens.constFind(token);
    if (it == m_tokens.constEnd()) {
        *refusal = error(401, QStringLiteral("Invalid token."));
        return -1;
    }
    if (request.receivedMs >= it->expiresMs) {
        m_tokens.remove(token);
        *refusal = error(401, QStringLiteral("Token expired."));
        return -1;
    }
    return it->account;
}

QJsonObject SdkFinanceEmulator::requestJson(const SdkFinanceResetRequest& r) const
{
    const PopulationUser user = m_population.user(r.populationId);
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("userId"), userId(r.populationId)},
        {QStringLiteral("userName"), user.firstName + QLatin1Char(' ') + user.lastName},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("createdAt"), isoUtc(r.createdAt)},
        {QStringLiteral("comment"), r.comment},
    };
}

SandboxResponse SdkFinanceEmulator::listRequests(const SandboxRequest& request) const
{
    SandboxResponse refusal;
    const std::optional<QJsonObject> body = objectBody(request, &refusal);
    if (!body)
        return refusal;
    const std::optional<int> pageNumber =
        boundedInt(*body, QStringLiteral("pageNumber"), 0, 0, std::numeric_limits<int>::max(), &refusal);
    if (!pageNumber)
        return refusal;
    const std::optional<int> pageSize =
        boundedInt(*body, QStringLiteral("pageSize"), kDefaultPageSize, 1, kMaxPageSize, &refusal);
    if (!pageSize)
        return refusal;
    const QJsonValue filter = body->value(QStringLiteral("filter"));
    if (!filter.isUndefined() && !filter.isNull() && !filter.isObject())
        return error(400, QStringLiteral("filter must be an object."));
    const QJsonValue status = filter.toObject().value(QStringLiteral("status"));
    if (!status.isUndefined() && !status.isNull() && !status.isString())
        return error(400, QStringLiteral("filter.status must be a string."));
    const QString wanted = status.toString();

    const qint64 first = qint64(*pageNumber) * *pageSize;
    qint64 total = 0;
    QJsonArray records;
    for (const SdkFinanceResetRequest& r : m_requests) {
        if (!wanted.isEmpty() && r.status.compare(wanted, Qt::CaseInsensitive) != 0)
            continue;
        if (total >= first && total < first + *pageSize)
            records.append(requestJson(r));
        ++total;
    }
    return ok(QJsonObject{{QStringLiteral("pageNumber"), *pageNumber},
                          {QStringLiteral("pageSize"), *pageSize},
                          {QStringLiteral("totalRecords"), total},
                          {QStringLiteral("totalPages"), (total + *pageSize - 1) / *pageSize},
                          {QStringLiteral("records"), records}});
}

SandboxResponse SdkFinanceEmulator::searchProfiles(const SandboxRequest& request) const
{
    SandboxResponse refusal;
    const std::optional<QJsonObject> body = objectBody(request, &refusal);
    if (!body)
        return refusal;
    const std::optional<int> pageNumber =
        boundedInt(*body, QStringLiteral("pageNumber"), 0, 0, std::numeric_limits<int>::max(), &refusal);
    if (!pageNumber)
        return refusal;
    const std::optional<int> pageSize =
        boundedInt(*body, QStringLiteral("pageSize"), kDefaultPageSize, 1, kMaxPageSize, &refusal);
    if (!pageSize)
        return refusal;
    const QString text =
        body->value(QStringLiteral("filter")).toObject().value(QStringLiteral("text")).toString();
    const quint64 offset = quint64(*pageNumber) * quint64(*pageSize);
    const Population::SearchResult result = m_population.search(
        text, quint32(qMin<quint64>(offset, Population::kMaxUsers * 2ULL)), quint32(*pageSize));
    QJsonArray records;
    for (const quint32 id : result.ids) {
        const PopulationUser u = m_population.user(id);
        records.append(QJsonObject{{QStringLiteral("id"), userId(id)},
                                   {QStringLiteral("name"), u.firstName + QLatin1Char(' ') + u.lastName},
                                   {QStringLiteral("email"), u.email},
                                   {QStringLiteral("phone"), u.phone},
                                   {QStringLiteral("status"), u.status}});
    }
    const qint64 total = result.total;
    return ok(QJsonObject{{QStringLiteral("pageNumber"), *pageNumber},
                          {QStringLiteral("pageSize"), *pageSize},
                          {QStringLiteral("totalRecords"), total},
                          {QStringLiteral("totalPages"), (total + *pageSize - 1) / *pageSize},
                          {QStringLiteral("records"), records}});
}

SandboxResponse SdkFinanceEmulator::reset(const SandboxRequest& request, const QString& user)
{
    const quint32 id = populationId(m_population, user);
    if (id == 0)
        return error(404, QStringLiteral("Profile %1 not found.").arg(user));
    SandboxResponse refusal;
    const std::optional<QJsonObject> body = objectBody(request, &refusal);
    if (!body)
        return refusal;
    const QJsonValue fields = body->value(QStringLiteral("fields"));
    if (!fields.isArray() || fields.toArray().isEmpty())
        return error(400, QStringLiteral("fields must be a non-empty array of profile field paths."));
    QStringList paths;
    for (const QJsonValue& v : fields.toArray()) {
        if (!v.isString())
            return error(400, QStringLiteral("Every entry of fields must be a string."));
        if (!ProfileSchema::isKnownLeaf(v.toString()))
            return error(400, QStringLiteral("Unknown profile field: %1").arg(v.toString()));
        paths << v.toString();
    }
    m_population.setAttribute(id, resetFieldsAttribute(), paths);
    QJsonObject answer{{QStringLiteral("profile"), profileDocument(m_population.user(id))}};
    return ok(answer);
}

SandboxResponse SdkFinanceEmulator::decide(const QString& user, const QString& requestId, bool approve)
{
    const quint32 id = populationId(m_population, user);
    if (id == 0)
        return error(404, QStringLiteral("Profile %1 not found.").arg(user));
    const auto it = m_requestIndex.constFind(requestId);
    if (it == m_requestIndex.constEnd() || m_requests.at(*it).populationId != id)
        return error(
            404,
            QStringLiteral("Reset identification request %1 of profile %2 not found.").arg(requestId, user));
    SdkFinanceResetRequest& r = m_requests[*it];
    if (r.status != QLatin1String("PENDING"))
        return error(409, QStringLiteral("Reset identification request %1 was already %2 on %3.")
                              .arg(requestId, r.status.toLower(), isoUtc(r.decidedAt)));
    r.status = approve ? QStringLiteral("APPROVED") : QStringLiteral("DECLINED");
    r.decidedAt = QDateTime::currentDateTimeUtc();
    return ok();
}
