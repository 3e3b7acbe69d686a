// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PendingResetRequests.h"
#include "SdkFinanceLogin.h"
#include "domain/ConnectionProfile.h"
#include "domain/ResetRequestPage.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "net/HttpRequest.h"
#include "net/HttpResult.h"
#include "net/Reply.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "services/ActionExecutor.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

class HttpClient;
class QNetworkAccessManager;

/// SDK.Finance (seed 003): logs in with the profile's credentials, sends the Bearer token on every
/// call and logs in again once when a token is refused (401); lists reset-identification requests;
/// and, as the pipeline's executor (provider "sdkfinance"), resets an identification with mandatory
/// profile fields ("reset", params {"fields":[dotted paths]}) and approves or declines a user's reset
/// request ("approve" / "decline", params {"request": id}).
class SdkFinanceClient final : public QObject, public ActionExecutor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SdkFinanceClient)

public:
    SdkFinanceClient(const SdkFinanceSettings& settings, const QList<QSslCertificate>& extraCas,
                     QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~SdkFinanceClient() override;

    /// "SDK.Finance"
    QString providerName() const;
    /// The login name of the connection profile.
    QString loginName() const { return m_settings.login; }

    /// Logs in (again); the reply's value is an SdkFinanceLogin. A login already in flight is shared.
    Reply<SdkFinanceLogin> logIn();
    /// Forgets the token; the next call logs in first.
    void logOut();
    /// The last successful login; nullopt before the first one (or after logOut()).
    const std::optional<SdkFinanceLogin>& currentLogin() const { return m_login; }
    bool isLoggedIn() const { return m_login.has_value(); }
    /// Whether the current login holds the permission; false before the first login.
    bool hasPermission(const QString& permission) const;
    /// Why the reset / approve / decline actions cannot be used with this login (it lacks
    /// RESET_IDENTIFICATION_INITIATOR); empty when they can or when no login has happened yet.
    QString resetRestriction() const;
    /// The one sentence for a login without RESET_IDENTIFICATION_INITIATOR, naming the login.
    QString missingPermission() const;

    /// Reset-identification requests with this status (empty: any), 0-based page, pageSize 1..1000.
    /// The reply's value is a ResetRequestPage. An idempotent read: retried on transient failures.
    Reply<ResetRequestPage> resetRequests(const QString& status, int pageNumber, int pageSize);
    /// Profile search (an assumption of docs/architecture.md); 0-based page. The reply's value is a UserPage.
    Reply<UserPage> searchProfiles(const QString& text, int pageNumber, int pageSize);

    // ActionExecutor
    QString provider() const override;
    QStringList actions() const override;
    QString restriction(const ActionRequest& request, Role role) const override;
    /// Logs in when no login has happened yet: the permissions come with it.
    HttpReply* prepareRestriction() override;
    /// Approve and decline requests are checked against the pending reset requests.
    bool checksState(const ActionRequest& request) const override;
    /// Reads the pending reset requests (the reply's value: PendingResetRequests).
    HttpReply* prepareStateCheck() override;
    /// An approve or decline whose request is not pending for that user (when every pending request
    /// was read; past PendingResetRequests::kMaxPages, only one pending for another user is refused).
    QString stateProblem(const ActionRequest& request, const QVariant& state) const override;
    QString validate(const ActionRequest& request) const override;
    /// What validate() says, without a client: the CLI refuses a bad id or field before it signs in,
    /// logs in to SDK.Finance or touches the store, with the same words as the pipeline.
    static QString requestProblem(const ActionRequest& request);
    /// Why id cannot be an SDK.Finance user id (it travels as one path segment), or empty.
    static QString userIdProblem(const QString& id);
    QString describe(const ActionRequest& request) const override;
    QJsonObject preview(const ActionRequest& request) const override;
    QJsonObject intendedState(const ActionRequest& request) const override;
    HttpReply* send(const ActionRequest& request) override;
    ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const override;

    HttpClient* http() const { return m_http; }

signals:
    /// A login succeeded or the token was dropped: permissions (and restrictions) may have changed.
    void loginChanged();

private:
    struct Flow;
    /// Sends request with the Bearer token, logging in first when there is none and once more
    /// when the token is refused. needsPermission: refuse locally when the login lacks it.
    HttpReply* authorized(HttpRequest request, bool needsPermission);
    void proceed(const std::shared_ptr<Flow>& flow);
    void finishFlow(const std::shared_ptr<Flow>& flow, const HttpResult& result);
    void logInFor(const std::shared_ptr<Flow>& flow);
    void sendWithToken(const std::shared_ptr<Flow>& flow);
    void onLoginFinished(const HttpResult& result);
    HttpRequest actionRequest(const ActionRequest& request) const;
    /// Reads page `page` of the pending requests into *scan, then the next one, then finishes reply.
    void scanPending(HttpReply* reply, const std::shared_ptr<PendingResetRequests>& scan, int page);
    static QStringList fieldsOf(const ActionRequest& request);

    SdkFinanceSettings m_settings;
    HttpClient* m_http;
    std::optional<SdkFinanceLogin> m_login;    ///< kept after a 401 (its permissions still hold)
    QByteArray m_token;                        ///< empty: log in before the next call
    QList<std::shared_ptr<Flow>> m_flows;      ///< calls not finished yet
    QPointer<HttpReply> m_loginCall;           ///< the login on the wire, if any
    QList<QPointer<HttpReply>> m_loginWaiters; ///< replies finished when it ends
};
