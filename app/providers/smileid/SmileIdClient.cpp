// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdClient.h"
#include "providers/smileid/SmileIdSettings.h"

#include "SmileIdWire.h"
#include "domain/PrintableText.h"
#include "net/HttpClient.h"
#include "net/HttpReply.h"
#include "services/OutcomeRules.h"

#include <QTimer>
#include <QUrl>

SmileIdClient::SmileIdClient(const SmileIdSettings& settings, const QList<QSslCertificate>& extraCas,
                             QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    HttpClientConfig portal;
    portal.provider = QStringLiteral("Smile ID");
    portal.baseUrl = settings.portalUrl;
    portal.extraCaCertificates = extraCas;
    if (!settings.pinSha256.isEmpty())
        portal.pinnedPublicKeys << settings.pinSha256.trimmed();
    m_portal = new HttpClient(portal, nam, this);
    HttpClientConfig api = portal;
    api.baseUrl = settings.apiUrl;
    m_api = new HttpClient(api, nam, this);
}

SmileIdClient::~SmileIdClient() = default;

QString SmileIdClient::provider() const
{
    return QString::fromLatin1(SmileIdWire::kProviderKey);
}

QStringList SmileIdClient::actions() const
{
    return {QStringLiteral("flag")};
}

QString SmileIdClient::userIdProblem(const QString& id)
{
    if (id.trimmed().isEmpty())
        return tr("A Smile ID user id is required.");
    if (!SmileIdWire::isUserId(id))
        // Escaped, not only simplified: an ESC would otherwise reach the operator's terminal.
        return tr("'%1' is not a Smile ID user id (at most 100 characters, no line breaks, tabs or other "
                  "control characters, no space at either end).")
            .arg(PrintableText::escaped(id.left(100).simplified()));
    return QString();
}

QString SmileIdClient::validate(const ActionRequest& request) const
{
    if (request.action != QLatin1String("flag"))
        return tr("Smile ID has no action '%1'.").arg(request.action);
    if (const QString problem = userIdProblem(request.userId); !problem.isEmpty())
        return problem;
    const QString flag = request.params.value(QStringLiteral("flag")).toString();
    if (!SmileIdWire::flags().contains(flag))
        return tr("Unknown Smile ID flag '%1' (known: %2).")
            .arg(flag, SmileIdWire::flags().join(QStringLiteral(", ")));
    const QJsonValue value = request.params.value(QStringLiteral("value"));
    if (!value.isBool())
        return tr("The value of the Smile ID flag '%1' must be true or false.").arg(flag);
    bool onlyTrue = false;
    if (SmileIdWire::flagAcceptsOnly(flag, &onlyTrue) && onlyTrue && !value.toBool())
        return tr("The Smile ID flag '%1' can only be set to true.").arg(flag);
    return QString();
}

QString SmileIdClient::describe(const ActionRequest& request) const
{
    const QString flag = request.params.value(QStringLiteral("flag")).toString();
    const bool value = request.params.value(QStringLiteral("value")).toBool();
    const QString& user = request.userId;
    if (flag == QLatin1String("allow_new_enroll"))
        return tr("Allow Smile ID user %1 to re-enroll").arg(user);
    if (flag == QLatin1String("active"))
        return value ? tr("Reactivate Smile ID user %1").arg(user)
                     : tr("Deactivate Smile ID user %1").arg(user);
    if (flag == QLatin1String("delete"))
        return tr("Delete (permanently block) Smile ID user %1").arg(user);
    if (flag == QLatin1String("is_fraudulent"))
        return value ? tr("Mark Smile ID user %1 as fraudulent").arg(user)
                     : tr("Clear the fraud flag of Smile ID user %1").arg(user);
    return tr("Change Smile ID user %1").arg(user);
}

QJsonObject SmileIdClient::body(const ActionRequest& request) const
{
    SmileIdWire::Account account{m_settings.partnerId, m_settings.apiKey, m_settings.email,
                                 m_settings.environment};
    return SmileIdWire::enrolleeBody(
        account, request.userId, request.params.value(QStringLiteral("flag")).toString(),
        request.params.value(QStringLiteral("value")).toBool(), SmileIdWire::timestamp(m_clock()));
}

QJsonObject SmileIdClient::preview(const ActionRequest& request) const
{
    QJsonObject b = body(request);
    b.insert(QStringLiteral("signature"), QStringLiteral("[redacted]"));
    return QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                       {QStringLiteral("url"), m_portal->urlFor(SmileIdWire::enrolleePath()).toString()},
                       {QStringLiteral("body"), b}};
}

QJsonObject SmileIdClient::intendedState(const ActionRequest& request) const
{
    const QString flag = request.params.value(QStringLiteral("flag")).toString();
    return QJsonObject{{flag, request.params.value(QStringLiteral("value"))}};
}

HttpReply* SmileIdClient::send(const ActionRequest& request)
{
    return m_portal->send(HttpRequest()
                              .setMethod("POST")
                              .setPath(SmileIdWire::enrolleePath())
                              .setBody(QJsonDocument(body(request)))
                              .setOperation(describe(request))
                              .setIdempotent(false)
                              .setBackground(!request.jobId.isEmpty())
                              .setErrorDecoder(&SmileIdWire::decodeError));
}

ActionOutcome SmileIdClient::interpret(const ActionRequest& request, const HttpResult& result) const
{
    // Assumption (docs/architecture.md section 3): any 2xx is success, unless its body says "success": false;
    // setting a flag to its current value succeeds.
    ApiError refusal = result.error;
    if (result.httpStatus >= 200 && result.httpStatus < 300 &&
        SmileIdWire::refusedDespite2xx(result.json, &refusal)) {
        refusal.httpStatus = result.httpStatus; // the audit keeps the provider's raw status
        return OutcomeRules::fromError(refusal);
    }
    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        ActionOutcome o;
        o.kind = ActionOutcome::Kind::Succeeded;
        o.httpStatus = result.httpStatus;
        o.message = tr("%1: done.").arg(describe(request));
        o.after = intendedState(request);
        return o;
    }
    ActionOutcome o = OutcomeRules::fromError(result.error);
    // Deleting a user Smile ID already deleted leaves them exactly where the officer wanted.
    if (o.kind == ActionOutcome::Kind::Rejected && result.error.providerCode == QLatin1String("2208") &&
        request.params.value(QStringLiteral("flag")).toString() == QLatin1String("delete")) {
        o.kind = ActionOutcome::Kind::AlreadyInState;
        o.message = tr("Smile ID user %1 was already deleted.").arg(request.userId);
        o.after = intendedState(request);
    }
    return o;
}

HttpReply* SmileIdClient::image(const QUrl& link)
{
    if (link.scheme() != QLatin1String("https")) {
        // Never over plain HTTP: refused here, answered from the event loop like any other reply.
        auto* refused = new HttpReply(this);
        HttpResult result;
        result.error.kind = ApiError::Kind::Tls;
        result.error.provider = QStringLiteral("Smile ID");
        result.error.operation = tr("load a Smile ID job image");
        result.error.detail = tr("the image link is not https: %1").arg(link.toDisplayString());
        QTimer::singleShot(0, refused, [refused, result] { refused->finish(result); });
        return refused;
    }
    return m_api->send(HttpRequest()
                           .setMethod("GET")
                           .setUrl(link)
                           .setRawBody(true)
                           .setOperation(tr("load a Smile ID job image"))
                           .setIdempotent(true));
}

Reply<SmileIdJobStatus> SmileIdClient::jobStatus(const QString& userId, const QString& jobId, bool history,
                                                 bool imageLinks)
{
    const SmileIdWire::Account account{m_settings.partnerId, m_settings.apiKey, m_settings.email,
                                       m_settings.environment};
    const QString operation = tr("read the status of Smile ID job %1 of user %2").arg(jobId, userId);
    HttpReply* inner =
        m_api->send(HttpRequest()
                        .setMethod("POST")
                        .setPath(SmileIdWire::jobStatusPath())
                        .setBody(QJsonDocument(SmileIdWire::jobStatusBody(
                            account, userId, jobId, history, imageLinks, SmileIdWire::timestamp(m_clock()))))
                        .setOperation(operation)
                        .setIdempotent(true)
                        .setParser([](const QJsonDocument& json, QVariant* value, QString* error) {
                            SmileIdJobStatus status;
                            if (!SmileIdWire::parseJobStatus(json, &status, error))
                                return false;
                            *value = QVariant::fromValue(status);
                            return true;
                        })
                        .setErrorDecoder(&SmileIdWire::decodeError));
    // The outer reply adds the signature check: nobody sees an unverified answer as a success.
    auto* outer = new HttpReply(this);
    const QString apiKey = m_settings.apiKey;
    const QString partnerId = m_settings.partnerId;
    connect(outer, &HttpReply::cancelRequested, inner, &HttpReply::cancel);
    connect(inner, &HttpReply::finished, outer, [outer, inner, apiKey, partnerId, operation] {
        HttpResult result = inner->result();
        if (result.ok()) {
            SmileIdJobStatus status = Reply<SmileIdJobStatus>::valueOf(result);
            status.signature = SmileIdWire::verifyResponseSignature(result.json.object(), apiKey, partnerId);
            result.value = QVariant::fromValue(status);
            if (!status.signatureVerified()) {
                result.error.kind = ApiError::Kind::Auth;
                result.error.provider = QStringLiteral("Smile ID");
                result.error.operation = operation;
                result.error.httpStatus = result.httpStatus;
                result.error.providerCode = QString::fromLatin1(SmileIdWire::kBadSignatureCode);
                result.error.detail =
                    status.signature == SmileIdJobStatus::Signature::Missing
                        ? tr("SECURITY WARNING: the answer carries no signature, so it cannot be shown as "
                             "Smile ID's. Do not rely on it; tell your administrator")
                        : tr("SECURITY WARNING: the answer's signature does not match (forged, tampered "
                             "with, or a wrong API key in the profile). Do not rely on it; tell your "
                             "administrator");
                // Not the generic "check the credentials": the answer itself is what is in doubt.
                result.error.nextStep = tr(
                    "The job's status is not shown. If the API key in the connection profile is right, the "
                    "answer did not come from Smile ID.");
            }
        }
        outer->finish(result);
    });
    return outer;
}
