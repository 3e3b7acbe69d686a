// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmileIdJobStatus.h"
#include "domain/ConnectionProfile.h"
#include "net/Reply.h"
#include "providers/smileid/SmileIdSettings.h"
#include "services/ActionExecutor.h"

#include <QObject>
#include <functional>

class HttpClient;
class QNetworkAccessManager;
class QUrl;

/// Smile ID's enrollee flags (seed 000) as pipeline actions: "flag" with params {"flag", "value"}.
class SmileIdClient final : public QObject, public ActionExecutor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmileIdClient)

public:
    SmileIdClient(const SmileIdSettings& settings, const QList<QSslCertificate>& extraCas,
                  QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~SmileIdClient() override;

    QString provider() const override;
    QStringList actions() const override;
    QString validate(const ActionRequest& request) const override;
    /// Why id cannot be a Smile ID user_id (SmileIdWire::isUserId), or empty: validate() and callers
    /// that take an id from a person (users show) refuse with the same words.
    static QString userIdProblem(const QString& id);
    QString describe(const ActionRequest& request) const override;
    QJsonObject preview(const ActionRequest& request) const override;
    QJsonObject intendedState(const ActionRequest& request) const override;
    HttpReply* send(const ActionRequest& request) override;
    ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const override;

    /// `POST /v1/job_status` on the profile's api_url (an idempotent read). The reply's value is a
    /// SmileIdJobStatus. The answer's signature is verified: when it is missing or wrong the reply
    /// fails with ApiError::Kind::Auth and providerCode SmileIdWire::kBadSignatureCode (a security
    /// warning), its value still holding what was received, for inspection only.
    Reply<SmileIdJobStatus> jobStatus(const QString& userId, const QString& jobId, bool history,
                                      bool imageLinks);
    /// One of a job's images (a selfie, a liveness frame) from the link its verified status gave:
    /// the reply's HttpResult::body holds the image's bytes, in memory only (never written to disk).
    /// Only https links are asked for, with certificate verification as for every call.
    HttpReply* image(const QUrl& link);

    /// For tests: a fixed clock.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    HttpClient* portal() const { return m_portal; }

private:
    QJsonObject body(const ActionRequest& request) const;

    SmileIdSettings m_settings;
    HttpClient* m_portal; ///< base of /api/v2/partner/enrollee
    HttpClient* m_api;    ///< base of /v1/job_status
    std::function<QDateTime()> m_clock;
};
