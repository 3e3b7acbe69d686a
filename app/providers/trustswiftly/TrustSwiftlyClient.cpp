// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyClient.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include "TrustSwiftlyWire.h"
#include "domain/PrintableText.h"
#include "net/HttpClient.h"
#include "net/HttpReply.h"
#include "services/OutcomeRules.h"

#include <QTimer>

namespace {
const QString kFrom = QStringLiteral("from");
const QString kTo = QStringLiteral("to");

QString param(const ActionRequest& request, const QString& key)
{
    return request.params.value(key).toString().trimmed();
}

/// The pipeline's parameter a wire field stands for, so a dialog can put the error next to it.
QString paramForField(const QString& field)
{
    if (field == QLatin1String("current_workflow_id"))
        return kFrom;
    if (field == QLatin1String("re_verify_workflow_id"))
        return kTo;
    if (field == QLatin1String("user_id"))
        return QStringLiteral("user");
    return field;
}
} // namespace

TrustSwiftlyClient::TrustSwiftlyClient(const TrustSwiftlySettings& settings,
                                       const QList<QSslCertificate>& extraCas, QNetworkAccessManager* nam,
                                       QObject* parent)
    : QObject(parent)
{
    HttpClientConfig config;
    config.provider = providerName();
    config.baseUrl = settings.baseUrl;
    config.extraCaCertificates = extraCas;
    if (!settings.pinSha256.isEmpty())
        config.pinnedPublicKeys << settings.pinSha256.trimmed();
    config.defaultHeaders.append({"Authorization", "Bearer " + settings.apiKey.toUtf8()});
    config.rateLimitPerMinute = TrustSwiftlyWire::kRateLimitPerMinute;
    m_http = new HttpClient(config, nam, this);
}

TrustSwiftlyClient::~TrustSwiftlyClient() = default;

QString TrustSwiftlyClient::providerName() const
{
    return QStringLiteral("Trust Swiftly");
}

int TrustSwiftlyClient::maxPageSize() const
{
    return TrustSwiftlyWire::kMaxPerPage;
}

Reply<UserPage> TrustSwiftlyClient::searchUsers(const QString& text, int page, int perPage)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter[search]"), text);
    query.addQueryItem(QStringLiteral("per_page"), QString::number(qBound(1, perPage, maxPageSize())));
    query.addQueryItem(QStringLiteral("page"), QString::number(qMax(1, page)));
    return m_http->send(HttpRequest()
                            .setPath(TrustSwiftlyWire::usersPath())
                            .setQuery(query)
                            .setOperation(tr("search users"))
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                UserPage page;
                                if (!TrustSwiftlyWire::parseUserPage(json, &page, error))
                                    return false;
                                *value = QVariant::fromValue(page);
                                return true;
                            }));
}

Reply<UserRecord> TrustSwiftlyClient::user(const QString& id)
{
    if (const QString problem = userIdProblem(id); !problem.isEmpty()) {
        // Refused here, not sent: such an id has no path (TrustSwiftlyWire::userPath), and a '/' or
        // ".." in it would name another resource.
        auto* reply = new HttpReply(this);
        HttpResult refused;
        refused.error.kind = ApiError::Kind::Validation;
        refused.error.provider = providerName();
        refused.error.operation = tr("look up user %1").arg(PrintableText::escaped(id.left(100)));
        refused.error.detail = problem;
        refused.error.surelyNotProcessed = true;
        // Like a real reply: finished() comes after the caller has connected to it.
        QTimer::singleShot(0, reply, [reply, refused] { reply->finish(refused); });
        return reply;
    }
    return m_http->send(HttpRequest()
                            .setPath(TrustSwiftlyWire::userPath(id.trimmed()))
                            .setOperation(tr("look up user %1").arg(id))
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                                UserRecord user;
                                if (!TrustSwiftlyWire::parseUserEnvelope(json, &user, error))
                                    return false;
                                *value = QVariant::fromValue(user);
                                return true;
                            }));
}

Reply<WorkflowList> TrustSwiftlyClient::workflows(bool refresh)
{
    if (m_workflows && !refresh) {
        auto* reply = new HttpReply(this);
        HttpResult cached;
        cached.httpStatus = 200;
        cached.value = QVariant::fromValue(*m_workflows);
        // Like a real reply: finished() comes after the caller has connected to it.
        QTimer::singleShot(0, reply, [reply, cached] { reply->finish(cached); });
        return reply;
    }
    HttpReply* reply =
        m_http->send(HttpRequest()
                         .setPath(TrustSwiftlyWire::templatesPath())
                         .setOperation(tr("list workflows"))
                         .setErrorDecoder(&TrustSwiftlyWire::decodeError)
                         .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                             WorkflowList list;
                             if (!TrustSwiftlyWire::parseWorkflows(json, &list, error))
                                 return false;
                             *value = QVariant::fromValue(list);
                             return true;
                         }));
    // Connected first, so the cache is filled before the caller's own slot runs.
    connect(reply, &HttpReply::finished, this, [this, reply] {
        if (reply->result().ok())
            m_workflows = Reply<WorkflowList>::valueOf(reply->result());
    });
    return reply;
}

void TrustSwiftlyClient::setRateLimit(int perWindow, int windowMs)
{
    m_http->setRateLimit(perWindow, windowMs);
}

QString TrustSwiftlyClient::provider() const
{
    return QString::fromLatin1(TrustSwiftlyWire::kProviderKey);
}

QStringList TrustSwiftlyClient::actions() const
{
    return {QStringLiteral("reverify")};
}

QString TrustSwiftlyClient::userIdProblem(const QString& idIn)
{
    const QString id = idIn.trimmed();
    if (id.isEmpty())
        return tr("A Trust Swiftly user id is required.");
    if (!TrustSwiftlyWire::isUserId(id))
        // Escaped: the id may hold control characters.
        return tr("'%1' is not a Trust Swiftly user id: use the id the Trust Swiftly API gave the user (e.g. "
                  "647; "
                  "letters, digits, '-' or '_'), not your own reference id.")
            .arg(PrintableText::escaped(id.left(100)));
    return QString();
}

QString TrustSwiftlyClient::validate(const ActionRequest& request) const
{
    if (request.action != QLatin1String("reverify"))
        return tr("Trust Swiftly has no action '%1'.").arg(request.action);
    if (const QString problem = userIdProblem(request.userId); !problem.isEmpty())
        return problem;
    const QString from = param(request, kFrom);
    const QString to = param(request, kTo);
    if (from.isEmpty())
        return tr("Choose the workflow Trust Swiftly user %1 is on now (from).").arg(request.userId);
    if (to.isEmpty())
        return tr("Choose the re-verification workflow to assign to Trust Swiftly user %1 (to).")
            .arg(request.userId);
    if (from == to)
        return tr("The re-verification workflow must differ from the current one (both are %1).").arg(from);
    return QString();
}

QString TrustSwiftlyClient::describe(const ActionRequest& request) const
{
    return tr("Assign re-verification workflow %1 to Trust Swiftly user %2 (now on %3)")
        .arg(param(request, kTo), request.userId, param(request, kFrom));
}

QJsonObject TrustSwiftlyClient::body(const ActionRequest& request) const
{
    return TrustSwiftlyWire::reverifyBody(request.userId.trimmed(), param(request, kFrom),
                                          param(request, kTo));
}

QJsonObject TrustSwiftlyClient::preview(const ActionRequest& request) const
{
    return QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                       {QStringLiteral("url"), m_http->urlFor(TrustSwiftlyWire::reverifyPath()).toString()},
                       {QStringLiteral("body"), body(request)}};
}

QJsonObject TrustSwiftlyClient::intendedState(const ActionRequest& request) const
{
    return QJsonObject{{QString::fromLatin1(TrustSwiftlyWire::kReVerifyWorkflowField), param(request, kTo)}};
}

HttpReply* TrustSwiftlyClient::send(const ActionRequest& request)
{
    return m_http->send(HttpRequest()
                            .setMethod("POST")
                            .setPath(TrustSwiftlyWire::reverifyPath())
                            .setBody(QJsonDocument(body(request)))
                            .setOperation(describe(request))
                            .setIdempotent(false)
                            .setBackground(!request.jobId.isEmpty())
                            .setErrorDecoder(&TrustSwiftlyWire::decodeError));
}

ActionOutcome TrustSwiftlyClient::interpret(const ActionRequest& request, const HttpResult& result) const
{
    const QString user = request.userId.trimmed();
    const QString target = param(request, kTo);
    ActionOutcome o;
    o.httpStatus = result.httpStatus;

    // already_assigned may come with any status (the seed names none), a 2xx included: the user is
    // already where the officer wants them.
    if (result.httpStatus > 0 && TrustSwiftlyWire::isAlreadyAssigned(result.json)) {
        o.kind = ActionOutcome::Kind::AlreadyInState;
        o.providerCode = QStringLiteral("already_assigned");
        o.message = tr("Trust Swiftly user %1 already has re-verification workflow %2: nothing changed.")
                        .arg(user, target);
        o.after = intendedState(request);
        return o;
    }
    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        if (TrustSwiftlyWire::reverifyReportsFailure(result.json)) {
            const QString said = TrustSwiftlyWire::errorMessage(result.json);
            o.kind = ActionOutcome::Kind::Rejected;
            o.message = tr("Trust Swiftly did not assign re-verification workflow %1 to user %2 (it answered "
                           "\"success\": false%3). Check the user in Trust Swiftly and try again.")
                            .arg(target, user, said.isEmpty() ? QString() : QStringLiteral(": ") + said);
            return o;
        }
        // A 2xx whose body cannot be read still means it was done: either way the user is on it.
        o.kind = ActionOutcome::Kind::Succeeded;
        o.message =
            tr("Trust Swiftly user %1 now has re-verification workflow %2 (from %3); they will be asked "
               "to re-verify the next time they open their magic link.")
                .arg(user, target, param(request, kFrom));
        o.after = intendedState(request);
        return o;
    }

    o = OutcomeRules::fromError(result.error);
    o.fieldErrors.clear();
    for (auto it = result.error.fieldErrors.cbegin(); it != result.error.fieldErrors.cend(); ++it)
        o.fieldErrors[paramForField(it.key())] += it.value();
    if (result.httpStatus == 404) {
        o.kind = ActionOutcome::Kind::Rejected;
        o.message = tr("Trust Swiftly user %1 not found (HTTP 404): nothing was changed. Check the id: it is "
                       "Trust Swiftly's own user id (e.g. 647), not your reference id.")
                        .arg(user);
    } else if (result.httpStatus == 422) {
        QStringList problems;
        for (auto it = result.error.fieldErrors.cbegin(); it != result.error.fieldErrors.cend(); ++it)
            problems << it.key() + QStringLiteral(": ") + it.value().join(QLatin1Char(' '));
        if (problems.isEmpty())
            problems << (result.error.detail.isEmpty() ? tr("the data was invalid") : result.error.detail);
        QString said = problems.join(QStringLiteral("; "));
        while (said.endsWith(QLatin1Char('.')))
            said.chop(1);
        o.kind = ActionOutcome::Kind::Rejected;
        o.message =
            tr("Trust Swiftly refused to assign re-verification workflow %1 to user %2 (HTTP 422): %3. "
               "Nothing was changed; correct the workflow named and send again.")
                .arg(target, user, said);
    }
    return o;
}

bool TrustSwiftlyClient::canReadBack(const ActionRequest& request) const
{
    return request.action == QLatin1String("reverify");
}

HttpReply* TrustSwiftlyClient::readBack(const ActionRequest& request)
{
    return user(request.userId.trimmed());
}

ActionOutcome TrustSwiftlyClient::interpretReadBack(const ActionRequest& request,
                                                    const HttpResult& result) const
{
    ActionOutcome o;
    o.httpStatus = result.httpStatus;
    if (!result.ok()) {
        o.kind = ActionOutcome::Kind::NotSent;
        o.message = result.error.message();
        return o;
    }
    const UserRecord user = Reply<UserRecord>::valueOf(result);
    const QString target = param(request, kTo);
    const QString assigned = user.attributes.value(QStringLiteral("re_verify_workflow_id")).toString();
    if (assigned == target) {
        o.kind = ActionOutcome::Kind::Succeeded;
        o.after = QJsonObject{{QStringLiteral("current_workflow_id"),
                               user.attributes.value(QStringLiteral("current_workflow_id")).toString()},
                              {QStringLiteral("re_verify_workflow_id"), assigned}};
        o.message =
            tr("Trust Swiftly user %1 has re-verification workflow %2 assigned: the reverify took effect.")
                .arg(user.id, assigned);
        return o;
    }
    o.kind = ActionOutcome::Kind::Rejected;
    o.message =
        assigned.isEmpty()
            ? tr("Trust Swiftly user %1 has no re-verification workflow assigned, not %2: the reverify "
                 "did not take effect. Resolve it as failed, or send it again.")
                  .arg(user.id, target)
            : tr("Trust Swiftly user %1 has re-verification workflow %2 assigned, not %3: the reverify did "
                 "not take effect (or was changed since). Resolve it as failed, or send it again.")
                  .arg(user.id, assigned, target);
    return o;
}

bool TrustSwiftlyClient::checksState(const ActionRequest& request) const
{
    return request.action == QLatin1String("reverify");
}

HttpReply* TrustSwiftlyClient::prepareStateCheck()
{
    // A read, not a state change: the workflow ids the rows name must exist.
    return workflows();
}

QString TrustSwiftlyClient::stateProblem(const ActionRequest& request, const QVariant& state) const
{
    if (!state.canConvert<WorkflowList>())
        return QCoreApplication::translate("BulkDryRun", "The Trust Swiftly workflows are not known.");
    QStringList ids;
    for (const Workflow& w : state.value<WorkflowList>())
        ids << w.id;
    for (const char* key : {"from", "to"}) {
        const QString id = request.params.value(QLatin1String(key)).toString();
        if (!ids.contains(id))
            return QCoreApplication::translate("BulkDryRun",
                                               "'%1' is not a Trust Swiftly workflow (known: %2).")
                .arg(id, ids.join(QStringLiteral(", ")));
    }
    return QString();
}

QString TrustSwiftlyClient::stateReadProblem(const QString& error) const
{
    return QCoreApplication::translate("BulkDryRun",
                                       "The Trust Swiftly workflows could not be read to check this row: %1")
        .arg(error);
}
