// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"

#include "ProfileSchema.h"
#include "SdkFinanceWire.h"
#include "domain/PrintableText.h"
#include "net/HttpClient.h"
#include "services/OutcomeRules.h"

#include <QJsonArray>
#include <QTimer>

/// One call through authorized(): the reply the caller holds and what is on the wire for it now.
struct SdkFinanceClient::Flow
{
    HttpRequest request;
    QPointer<HttpReply> outer; ///< the caller's reply
    QPointer<HttpReply> inner; ///< the request on the wire, if any (not the login)
    bool needsPermission = false;
    bool freshToken = false; ///< the token in use came from a login made for this call
    bool done = false;
};

namespace {
const QString kReset = QStringLiteral("reset");
const QString kApprove = QStringLiteral("approve");
const QString kDecline = QStringLiteral("decline");

QString requestIdOf(const ActionRequest& request)
{
    return SdkFinanceWire::idString(request.params.value(QStringLiteral("request")));
}
} // namespace

SdkFinanceClient::SdkFinanceClient(const SdkFinanceSettings& settings, const QList<QSslCertificate>& extraCas,
                                   QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
{
    HttpClientConfig config;
    config.provider = providerName();
    config.baseUrl = settings.baseUrl;
    config.extraCaCertificates = extraCas;
    if (!settings.pinSha256.isEmpty())
        config.pinnedPublicKeys << settings.pinSha256.trimmed();
    m_http = new HttpClient(config, nam, this);
}

SdkFinanceClient::~SdkFinanceClient()
{
    // Ending the HTTP client first finishes what is on the wire (as Cancelled) while this object is
    // still whole, so every caller's reply finishes; then the calls that had not started yet.
    delete m_http;
    m_http = nullptr;
    const auto flows = std::exchange(m_flows, {});
    for (const std::shared_ptr<Flow>& flow : flows) {
        if (flow->done || !flow->outer)
            continue;
        flow->done = true;
        HttpResult result;
        result.error.kind = ApiError::Kind::Cancelled;
        result.error.provider = providerName();
        result.error.operation = flow->request.operation;
        result.error.surelyNotProcessed = true;
        flow->outer->finish(result);
    }
}

QString SdkFinanceClient::providerName() const
{
    return SdkFinanceWire::providerName();
}

bool SdkFinanceClient::hasPermission(const QString& permission) const
{
    return m_login && m_login->hasPermission(permission);
}

QString SdkFinanceClient::resetRestriction() const
{
    if (!m_login || m_login->hasPermission(QLatin1String(SdkFinanceWire::kResetPermission)))
        return QString();
    return missingPermission();
}

HttpReply* SdkFinanceClient::prepareRestriction()
{
    return m_login ? nullptr : logIn();
}

bool SdkFinanceClient::checksState(const ActionRequest& request) const
{
    return request.action == kApprove || request.action == kDecline;
}

HttpReply* SdkFinanceClient::prepareStateCheck()
{
    auto* reply = new HttpReply(this);
    scanPending(reply, std::make_shared<PendingResetRequests>(), 0);
    return reply;
}

void SdkFinanceClient::scanPending(HttpReply* reply, const std::shared_ptr<PendingResetRequests>& scan,
                                   int page)
{
    QPointer<HttpReply> call =
        resetRequests(QString::fromLatin1(SdkFinanceWire::kPending), page, SdkFinanceWire::kMaxPageSize)
            .http();
    const QMetaObject::Connection cancel = connect(reply, &HttpReply::cancelRequested, call, [call] {
        if (call)
            call->cancel();
    });
    connect(call, &HttpReply::finished, reply, [this, reply, call, scan, page, cancel] {
        disconnect(cancel);
        const HttpResult& result = call->result();
        if (!result.ok()) {
            reply->finish(result);
            return;
        }
        const ResetRequestPage found = Reply<ResetRequestPage>::valueOf(result);
        for (const ResetRequest& r : found.records)
            scan->userOf.insert(r.id, r.userId);
        scan->total = found.totalRecords;
        const bool more = !found.records.isEmpty() && page + 1 < found.totalPages;
        if (more && page + 1 < PendingResetRequests::kMaxPages) {
            scanPending(reply, scan, page + 1);
            return;
        }
        scan->complete = !more;
        HttpResult done;
        done.httpStatus = result.httpStatus;
        done.value = QVariant::fromValue(*scan);
        reply->finish(done);
    });
}

QString SdkFinanceClient::stateProblem(const ActionRequest& request, const QVariant& state) const
{
    if (!checksState(request) || !state.canConvert<PendingResetRequests>())
        return QString();
    const PendingResetRequests pending = state.value<PendingResetRequests>();
    const QString id = requestIdOf(request);
    const auto it = pending.userOf.constFind(id);
    // The record's userId is an assumption (docs/architecture.md section 3): a list that does not carry it
    // only tells that the request is pending.
    if (it != pending.userOf.constEnd())
        return it.value().isEmpty() || it.value() == request.userId
                   ? QString()
                   : tr("Reset request %1 is pending for SDK.Finance user %2, not for %3.")
                         .arg(id, it.value(), request.userId);
    if (!pending.complete)
        return QString(); // past the pages read: SDK.Finance will say
    return tr("SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already "
              "decided. 'sdkfinance requests' and the Pending resets tab list the pending ones.",
              nullptr, int(pending.total))
        .arg(id);
}

QString SdkFinanceClient::missingPermission() const
{
    // One sentence for the disabled action, the refusal before sending and a 403 (docs/architecture.md
    // section 3).
    return tr("The SDK.Finance login '%1' lacks the permission %2, so identifications cannot be reset and "
              "reset requests cannot be decided with it. Ask the SDK.Finance administrator to grant it.")
        .arg(m_settings.login, QLatin1String(SdkFinanceWire::kResetPermission));
}

Reply<SdkFinanceLogin> SdkFinanceClient::logIn()
{
    auto* waiter = new HttpReply(this);
    m_loginWaiters << waiter;
    connect(waiter, &HttpReply::cancelRequested, this, [this, waiter] {
        m_loginWaiters.removeAll(waiter);
        HttpResult result;
        result.error.kind = ApiError::Kind::Cancelled;
        result.error.provider = providerName();
        result.error.surelyNotProcessed = true;
        waiter->finish(result);
    });
    if (!m_loginCall && m_http) {
        HttpReply* call = m_http->send(
            HttpRequest()
                .setMethod("POST")
                .setPath(SdkFinanceWire::authorizationPath())
                .setBody(QJsonDocument(SdkFinanceWire::loginBody(m_settings.login, m_settings.password)))
                .setOperation(tr("log in as '%1'").arg(m_settings.login))
                .setIdempotent(true) // a login changes nothing: safe to repeat after a transient failure
                .setErrorDecoder(&SdkFinanceWire::decodeError)
                .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                    SdkFinanceLogin login;
                    if (!SdkFinanceWire::parseLogin(json, &login, error))
                        return false;
                    *value = QVariant::fromValue(login);
                    return true;
                }));
        m_loginCall = call;
        connect(call, &HttpReply::finished, this, [this, call] { onLoginFinished(call->result()); });
    }
    return waiter;
}

void SdkFinanceClient::onLoginFinished(const HttpResult& result)
{
    m_loginCall = nullptr;
    HttpResult shared = result;
    if (result.ok()) {
        m_login = Reply<SdkFinanceLogin>::valueOf(result);
        m_token = m_login->token;
        // The token stays in this object: what callers get carries everything else.
        SdkFinanceLogin withoutToken = *m_login;
        withoutToken.token.clear();
        shared.value = QVariant::fromValue(withoutToken);
        shared.body.clear();
        shared.json = QJsonDocument();
    }
    const auto waiters = std::exchange(m_loginWaiters, {});
    for (const QPointer<HttpReply>& waiter : waiters)
        if (waiter)
            waiter->finish(shared);
    if (result.ok())
        emit loginChanged();
}

void SdkFinanceClient::logOut()
{
    const bool had = m_login.has_value();
    m_login.reset();
    m_token.clear();
    if (had)
        emit loginChanged();
}

HttpReply* SdkFinanceClient::authorized(HttpRequest request, bool needsPermission)
{
    auto* outer = new HttpReply(this);
    auto flow = std::make_shared<Flow>();
    flow->request = std::move(request);
    flow->outer = outer;
    flow->needsPermission = needsPermission;
    m_flows << flow;
    connect(outer, &HttpReply::cancelRequested, this, [this, flow] {
        if (flow->inner) {
            flow->inner->cancel(); // its finished() ends the flow as Cancelled
            return;
        }
        HttpResult result;
        result.error.kind = ApiError::Kind::Cancelled;
        result.error.provider = providerName();
        result.error.operation = flow->request.operation;
        result.error.surelyNotProcessed = true;
        finishFlow(flow, result);
    });
    // Start on the next turn of the event loop so the caller can connect first.
    QTimer::singleShot(0, this, [this, flow] {
        if (!flow->done)
            proceed(flow);
    });
    return outer;
}

void SdkFinanceClient::finishFlow(const std::shared_ptr<Flow>& flow, const HttpResult& result)
{
    if (flow->done)
        return;
    flow->done = true;
    m_flows.removeAll(flow);
    if (flow->outer)
        flow->outer->finish(result);
}

void SdkFinanceClient::proceed(const std::shared_ptr<Flow>& flow)
{
    if (m_token.isEmpty())
        logInFor(flow);
    else
        sendWithToken(flow);
}

void SdkFinanceClient::logInFor(const std::shared_ptr<Flow>& flow)
{
    HttpReply* waiter = logIn();
    connect(waiter, &HttpReply::finished, this, [this, flow, waiter] {
        if (flow->done)
            return;
        if (!waiter->result().ok()) {
            HttpResult result = waiter->result();
            result.error.surelyNotProcessed = true; // the call itself never left
            finishFlow(flow, result);
            return;
        }
        flow->freshToken = true;
        sendWithToken(flow);
    });
}

void SdkFinanceClient::sendWithToken(const std::shared_ptr<Flow>& flow)
{
    if (flow->needsPermission && m_login &&
        !m_login->hasPermission(QLatin1String(SdkFinanceWire::kResetPermission))) {
        HttpResult result;
        result.error.kind = ApiError::Kind::Auth;
        result.error.provider = providerName();
        result.error.operation = flow->request.operation;
        result.error.detail = missingPermission();
        result.error.nextStep = tr("Nothing was sent."); // the sentence says what to do
        result.error.surelyNotProcessed = true;
        finishFlow(flow, result);
        return;
    }
    if (!m_http) { // the client is going away
        HttpResult result;
        result.error.kind = ApiError::Kind::Cancelled;
        result.error.provider = providerName();
        result.error.operation = flow->request.operation;
        result.error.surelyNotProcessed = true;
        finishFlow(flow, result);
        return;
    }
    HttpRequest request = flow->request;
    const QByteArray token = m_token;
    request.addHeader("Authorization", "Bearer " + token);
    HttpReply* inner = m_http->send(request);
    flow->inner = inner;
    // Its waits are the outer reply's: told to that reply's caller, or by the wait observer when
    // nobody listens (the inner reply is always listened to, by this flow).
    inner->forwardWaitsTo(flow->outer);
    connect(inner, &HttpReply::finished, this, [this, flow, inner, token] {
        flow->inner = nullptr;
        if (flow->done)
            return;
        HttpResult result = inner->result();
        if (result.httpStatus == 401) {
            if (!flow->freshToken) {
                // The token expired: log in again once, then send the call again (a 401 proves it
                // was not processed, so repeating it is safe even for a state-changing call).
                if (!m_token.isEmpty() && m_token != token) {
                    flow->freshToken = true; // another call has logged in again meanwhile
                    sendWithToken(flow);
                } else {
                    m_token.clear();
                    logInFor(flow);
                }
                return;
            }
            result.error.detail =
                result.error.detail.isEmpty()
                    ? tr("the token was refused right after a fresh login")
                    : tr("the token was refused right after a fresh login (%1)").arg(result.error.detail);
        }
        if (result.httpStatus == 403 && flow->needsPermission) {
            // The provider says what the login lacks: say it as the console would have, and disable
            // the actions from now on (the login's permissions were out of date).
            const QString server = SdkFinanceWire::errorText(result.json);
            result.error.detail = server.isEmpty()
                                      ? missingPermission()
                                      : missingPermission() + tr(" (SDK.Finance: %1)").arg(server);
            result.error.nextStep = tr("Nothing was changed at SDK.Finance.");
            if (m_login)
                m_login->permissions.removeAll(QLatin1String(SdkFinanceWire::kResetPermission));
        }
        finishFlow(flow, result);
    });
}

Reply<ResetRequestPage> SdkFinanceClient::resetRequests(const QString& status, int pageNumber, int pageSize)
{
    return authorized(
        HttpRequest()
            .setMethod("POST")
            .setPath(SdkFinanceWire::resetRequestsPath())
            .setBody(QJsonDocument(SdkFinanceWire::resetRequestsBody(status, pageNumber, pageSize)))
            .setOperation(tr("list reset-identification requests"))
            .setIdempotent(true) // a read, although it is a POST
            .setErrorDecoder(&SdkFinanceWire::decodeError)
            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                ResetRequestPage page;
                if (!SdkFinanceWire::parseResetRequestPage(json, &page, error))
                    return false;
                *value = QVariant::fromValue(page);
                return true;
            }),
        false);
}

Reply<UserPage> SdkFinanceClient::searchProfiles(const QString& text, int pageNumber, int pageSize)
{
    return authorized(
        HttpRequest()
            .setMethod("POST")
            .setPath(SdkFinanceWire::profilesPath())
            .setBody(QJsonDocument(SdkFinanceWire::profileSearchBody(text, pageNumber, pageSize)))
            .setOperation(tr("search profiles"))
            .setIdempotent(true)
            .setErrorDecoder(&SdkFinanceWire::decodeError)
            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                UserPage page;
                if (!SdkFinanceWire::parseProfilePage(json, &page, error))
                    return false;
                *value = QVariant::fromValue(page);
                return true;
            }),
        false);
}

QString SdkFinanceClient::provider() const
{
    return QLatin1String(SdkFinanceWire::kProviderKey);
}

QStringList SdkFinanceClient::actions() const
{
    return {kReset, kApprove, kDecline};
}

QStringList SdkFinanceClient::fieldsOf(const ActionRequest& request)
{
    QStringList fields;
    for (const QJsonValue& v : request.params.value(QStringLiteral("fields")).toArray())
        fields << v.toString();
    return ProfileSchema::normalized(fields);
}

QString SdkFinanceClient::restriction(const ActionRequest& request, Role role) const
{
    if ((request.action == kApprove || request.action == kDecline) && !Roles::canApprove(role))
        return tr(
            "Only a supervisor can approve or decline a user's SDK.Finance reset request (deciding it is "
            "itself the approval, so it needs no second one).");
    if (actions().contains(request.action))
        return resetRestriction();
    return QString();
}

QString SdkFinanceClient::validate(const ActionRequest& request) const
{
    return requestProblem(request);
}

QString SdkFinanceClient::userIdProblem(const QString& id)
{
    if (id.isEmpty())
        return tr("An SDK.Finance user id is required.");
    if (!SdkFinanceWire::isPathSafeId(id))
        // Escaped: the id may hold the very control characters that are refused.
        return tr("'%1' is not an SDK.Finance user id (no '/', '?', '#', '%' or spaces).")
            .arg(PrintableText::escaped(id.left(200)));
    return QString();
}

QString SdkFinanceClient::requestProblem(const ActionRequest& request)
{
    const QStringList known{kReset, kApprove, kDecline};
    if (!known.contains(request.action))
        return tr("SDK.Finance has no action '%1' (known: %2).")
            .arg(request.action, known.join(QStringLiteral(", ")));
    if (const QString problem = userIdProblem(request.userId); !problem.isEmpty())
        return problem;
    if (request.action == kReset) {
        const QJsonValue fields = request.params.value(QStringLiteral("fields"));
        if (!fields.isArray())
            return tr("A reset needs the list of profile fields the user must submit again.");
        for (const QJsonValue& v : fields.toArray())
            if (!v.isString())
                return tr("Every profile field must be a dotted path given as text.");
        return ProfileSchema::validate(fieldsOf(request));
    }
    const QString id = requestIdOf(request);
    if (!SdkFinanceWire::isPathSafeId(id))
        return id.isEmpty() ? tr("The id of the reset request to %1 is required.").arg(request.action)
                            : tr("'%1' is not a reset request id (no '/', '?', '#', '%' or spaces).")
                                  .arg(PrintableText::escaped(id.left(200)));
    return QString();
}

QString SdkFinanceClient::describe(const ActionRequest& request) const
{
    if (request.action == kReset)
        return tr("Reset the identification of SDK.Finance user %1 (fields to submit again: %2)")
            .arg(request.userId, fieldsOf(request).join(QStringLiteral(", ")));
    if (request.action == kApprove)
        return tr("Approve reset request %1 of SDK.Finance user %2")
            .arg(requestIdOf(request), request.userId);
    if (request.action == kDecline)
        return tr("Decline reset request %1 of SDK.Finance user %2")
            .arg(requestIdOf(request), request.userId);
    return tr("Change SDK.Finance user %1").arg(request.userId);
}

HttpRequest SdkFinanceClient::actionRequest(const ActionRequest& request) const
{
    HttpRequest r;
    r.setMethod("POST")
        .setOperation(describe(request))
        .setIdempotent(false)
        .setErrorDecoder(&SdkFinanceWire::decodeError);
    if (request.action == kReset) {
        r.setPath(SdkFinanceWire::resetPath(request.userId))
            .setBody(QJsonDocument(SdkFinanceWire::resetBody(fieldsOf(request))))
            .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                QJsonObject profile;
                if (!SdkFinanceWire::parseResetResponse(json, &profile, error))
                    return false;
                *value = QVariant(profile);
                return true;
            });
    } else {
        r.setPath(
             SdkFinanceWire::decisionPath(request.userId, requestIdOf(request), request.action == kApprove))
            .setBody(QJsonDocument(SdkFinanceWire::decisionBody()))
            .setParser([](const QJsonDocument& json, QVariant*, QString* error) {
                return SdkFinanceWire::parseOk(json, error);
            });
    }
    return r;
}

QJsonObject SdkFinanceClient::preview(const ActionRequest& request) const
{
    const HttpRequest r = actionRequest(request);
    QJsonObject summary{{QStringLiteral("method"), QString::fromLatin1(r.method)},
                        {QStringLiteral("url"), m_http ? m_http->urlFor(r.path).toString() : r.path}};
    if (r.body)
        summary.insert(QStringLiteral("body"), r.body->object());
    return summary;
}

QJsonObject SdkFinanceClient::intendedState(const ActionRequest& request) const
{
    if (request.action == kReset)
        return QJsonObject{{QStringLiteral("identification"), QStringLiteral("reset")},
                           {QStringLiteral("fields"), QJsonArray::fromStringList(fieldsOf(request))}};
    return QJsonObject{{QStringLiteral("request"), requestIdOf(request)},
                       {QStringLiteral("status"), SdkFinanceWire::decidedStatus(request.action == kApprove)}};
}

HttpReply* SdkFinanceClient::send(const ActionRequest& request)
{
    return authorized(actionRequest(request).setBackground(!request.jobId.isEmpty()), true);
}

ActionOutcome SdkFinanceClient::interpret(const ActionRequest& request, const HttpResult& result) const
{
    if (result.ok()) {
        ActionOutcome o;
        o.kind = ActionOutcome::Kind::Succeeded;
        o.httpStatus = result.httpStatus;
        o.message = tr("%1: done.").arg(describe(request));
        // A reset answers with the user's whole profile (address, account numbers): the audit log keeps
        // only what the action changed, the fields now to be submitted again, never the person's data.
        o.after = intendedState(request);
        return o;
    }
    ApiError refusal = result.error;
    if (result.httpStatus >= 200 && result.httpStatus < 300 &&
        SdkFinanceWire::refusedDespite2xx(result.json, &refusal))
        return OutcomeRules::fromError(refusal);
    // A decision repeated after an earlier attempt whose outcome was unknown: the 409 says the request
    // is decided, most likely by that attempt (as another provider's "already done" answer after an unknown
    // attempt).
    if (result.httpStatus == 409 && request.action != kReset && request.isAfterUnknown()) {
        ActionOutcome o = OutcomeRules::fromError(result.error);
        o.kind = ActionOutcome::Kind::AlreadyInState;
        o.message = tr("Reset request %1 of SDK.Finance user %2 is already decided (HTTP 409): the earlier "
                       "attempt, whose outcome was unknown, most likely went through. Check the request's "
                       "status in the list if in doubt.")
                        .arg(requestIdOf(request), request.userId);
        return o;
    }
    // 409 (already decided), 403 (permission), 404 (unknown user or request), 400: refused, with
    // the provider's message; transport failures as the shared rules say.
    return OutcomeRules::fromError(result.error);
}
