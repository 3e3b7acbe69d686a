// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdClient.h"
#include "providers/smartid/SmartIdSettings.h"

#include "SmartIdWire.h"
#include "domain/PrintableText.h"
#include "net/HttpClient.h"
#include "services/OutcomeRules.h"

SmartIdClient::SmartIdClient(const SmartIdSettings& settings, const QList<QSslCertificate>& extraCas,
                             QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
{
    HttpClientConfig config;
    config.provider = SmartIdWire::providerName();
    config.baseUrl = settings.baseUrl;
    config.extraCaCertificates = extraCas;
    if (!settings.pinSha256.isEmpty())
        config.pinnedPublicKeys << settings.pinSha256.trimmed();
    config.defaultHeaders.append({SmartIdWire::kApiKeyHeader, settings.apiKey.toUtf8()});
    m_http = new HttpClient(config, nam, this);
}

SmartIdClient::~SmartIdClient() = default;

QString SmartIdClient::provider() const
{
    return QString::fromLatin1(SmartIdWire::kProviderKey);
}

QStringList SmartIdClient::actions() const
{
    return {QStringLiteral("unenroll")};
}

QString SmartIdClient::validate(const ActionRequest& request) const
{
    if (request.action != QLatin1String("unenroll"))
        return tr("SmartID has no action '%1'.").arg(request.action);
    if (const QString problem = userIdProblem(request.userId); !problem.isEmpty())
        return problem;
    for (auto it = request.params.begin(); it != request.params.end(); ++it)
        if (it.key() != ActionRequest::afterUnknownKey())
            return tr("The SmartID un-enroll takes no parameter '%1'.").arg(it.key());
    return QString();
}

QString SmartIdClient::userIdProblem(const QString& id)
{
    if (id.trimmed().isEmpty())
        return tr("A SmartID user id is required (the id the user enrolled with, usually their e-mail).");
    // Spaces at either end are stray (the pipeline sends and records the id without them); any other
    // white space, a line break at the end included, is refused with the rest.
    qsizetype from = 0;
    qsizetype to = id.size();
    while (from < to && id.at(from) == u' ')
        ++from;
    while (to > from && id.at(to - 1) == u' ')
        --to;
    if (!SmartIdWire::isUserId(id.mid(from, to - from)))
        // Escaped: the id may hold the very control characters that are refused.
        return tr("'%1' is not a SmartID user id: use the id the user enrolled with (usually their e-mail "
                  "address): 1 to %2 characters, with no spaces, line breaks or other control characters, "
                  "no '/', '\\', '%' and no '..'.")
            .arg(PrintableText::escaped(id.left(SmartIdWire::kMaxUserIdLength)),
                 QString::number(SmartIdWire::kMaxUserIdLength)); // at once: the id may hold "%2"
    return QString();
}

QString SmartIdClient::describe(const ActionRequest& request) const
{
    return tr("Reset the biometric enrollment of SmartID user %1 (un-enroll)").arg(request.userId);
}

QJsonObject SmartIdClient::preview(const ActionRequest& request) const
{
    return QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                       {QStringLiteral("url"), m_http->urlFor(SmartIdWire::unenrollPath()).toString()},
                       {QStringLiteral("body"), SmartIdWire::unenrollBody(request.userId.trimmed())}};
}

QJsonObject SmartIdClient::intendedState(const ActionRequest&) const
{
    return QJsonObject{{QStringLiteral("enrolled"), false}};
}

HttpReply* SmartIdClient::send(const ActionRequest& request)
{
    // Not idempotent: HttpClient never repeats it on its own (only a 429, which proves nothing was done).
    return m_http->send(HttpRequest()
                            .setMethod("POST")
                            .setPath(SmartIdWire::unenrollPath())
                            .setBody(QJsonDocument(SmartIdWire::unenrollBody(request.userId.trimmed())))
                            .setOperation(describe(request))
                            .setIdempotent(false)
                            .setTimeout(m_timeoutMs)
                            .setBackground(!request.jobId.isEmpty())
                            .setErrorDecoder(&SmartIdWire::decodeError));
}

ActionOutcome SmartIdClient::interpret(const ActionRequest& request, const HttpResult& result) const
{
    if (result.httpStatus == 0)
        return OutcomeRules::fromError(result.error); // no answer: timeout, network, TLS, cancelled

    const QString& user = request.userId;
    const std::optional<int> bodyCode = SmartIdWire::bodyCode(result.json);
    const int code = bodyCode.value_or(result.httpStatus);
    const QString said = SmartIdWire::message(result.json);
    const QString codeText = bodyCode && *bodyCode != result.httpStatus
                                 ? tr("code %1, HTTP %2").arg(code).arg(result.httpStatus)
                                 : tr("code %1").arg(code);

    ActionOutcome o;
    o.httpStatus = result.httpStatus;
    o.providerCode = QString::number(code);

    if (result.error.kind == ApiError::Kind::Decode && SmartIdWire::looksLikeJson(result.body)) {
        // The code that counts may be in the body we cannot read. A body that is not JSON at all
        // ("Un-enroll successful" as plain text) carries no code field: the HTTP status decides.
        o.kind = ActionOutcome::Kind::Unknown;
        o.message =
            tr("SmartID answered the un-enroll of user %1 with HTTP %2, but the answer could not be read "
               "(%3), so it is not known whether it was processed. It is listed under Unresolved: check "
               "the user's enrollment at SmartID and resolve it; it is not sent again automatically.")
                .arg(user)
                .arg(result.httpStatus)
                .arg(result.error.detail);
        return o;
    }

    switch (SmartIdWire::classify(code)) {
    case SmartIdWire::Result::Ok:
        o.kind = ActionOutcome::Kind::Succeeded;
        o.message = tr("SmartID: the biometric enrollment of user %1 was removed; they can enroll again from "
                       "the app.")
                        .arg(user);
        o.after = intendedState(request);
        return o;
    case SmartIdWire::Result::UserEmpty:
        o.kind = ActionOutcome::Kind::Rejected;
        o.fieldErrors.insert(QStringLiteral("user"), {tr("user cannot be null or empty")});
        o.message =
            tr("SmartID refused the un-enroll: the user id was empty (%1). Nothing was changed; enter the "
               "user's SmartID id (the e-mail they enrolled with) and send again.")
                .arg(codeText);
        return o;
    case SmartIdWire::Result::UserNotFound:
        if (request.isAfterUnknown()) {
            // The earlier un-enroll whose outcome was unknown did go through: SmartID no longer knows them.
            o.kind = ActionOutcome::Kind::AlreadyInState;
            o.message =
                tr("SmartID no longer knows user %1 (%2, user not found) after an earlier un-enroll whose "
                   "outcome was unknown: that one was processed, the user is already un-enrolled. "
                   "Resolve the earlier action as succeeded.")
                    .arg(user, codeText);
            o.after = intendedState(request);
            return o;
        }
        o.kind = ActionOutcome::Kind::Rejected;
        o.message =
            tr("SmartID: user %1 not found (%2). Nothing was un-enrolled. Check the id (SmartID knows users "
               "by the id they enrolled with, usually their e-mail). If an earlier un-enroll of this user "
               "ended in a SmartID fault, it may have been processed after all.")
                .arg(user, codeText);
        return o;
    case SmartIdWire::Result::ChannelNotFound:
        o.kind = ActionOutcome::Kind::Rejected;
        o.message =
            tr("SmartID: user channel not found for user %1 (%2). Nothing was un-enrolled. The user's app "
               "registration is missing at SmartID: ask the user to open the app again, or contact SmartID "
               "support.")
                .arg(user, codeText);
        return o;
    case SmartIdWire::Result::InternalError:
    case SmartIdWire::Result::ServiceCallError: {
        const QString what = code == 701 ? tr("a service call error") : tr("an internal error");
        o.kind = ActionOutcome::Kind::Rejected;
        o.message =
            tr("SmartID had %1 (%2%3) while un-enrolling user %4. This proves nothing about processing: the "
               "un-enroll may or may not have been done, and it was not resent automatically. Check the "
               "user's enrollment and retry by hand if needed.")
                .arg(what, codeText, said.isEmpty() ? QString() : QStringLiteral(": ") + said, user);
        return o;
    }
    case SmartIdWire::Result::Other:
        break;
    }

    if ((!bodyCode || *bodyCode == result.httpStatus) && result.error.isError()) {
        o = OutcomeRules::fromError(result.error); // 401, 429 after retries, 404 route …
        return o;
    }
    o.kind = ActionOutcome::Kind::Rejected;
    o.message =
        tr("SmartID answered the un-enroll of user %1 with an unexpected result (%2%3). Check the user's "
           "enrollment at SmartID before sending it again.")
            .arg(user, codeText, said.isEmpty() ? QString() : QStringLiteral(": ") + said);
    return o;
}
