// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "domain/Workflow.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"
#include "services/ActionExecutor.h"
#include "services/UserDirectory.h"

#include <QObject>
#include <optional>

class HttpClient;
class HttpReply;
class QNetworkAccessManager;

/// Trust Swiftly (seed 004): user search, user lookup and verification templates, and the
/// pipeline action "reverify" with params {"from": workflow id, "to": workflow id}. Every request
/// passes the console's own rate limit (60 a minute per API key unless set otherwise), searches and
/// actions alike.
class TrustSwiftlyClient final : public QObject, public UserDirectory, public ActionExecutor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrustSwiftlyClient)

public:
    TrustSwiftlyClient(const TrustSwiftlySettings& settings, const QList<QSslCertificate>& extraCas,
                       QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~TrustSwiftlyClient() override;

    QString providerName() const override;
    int maxPageSize() const override;
    Reply<UserPage> searchUsers(const QString& text, int page, int perPage) override;
    /// An id that is no user id is refused without a request (Validation, on the next turn).
    Reply<UserRecord> user(const QString& id) override;
    /// The reply's value is a WorkflowList. Fetched once, then answered from memory for the rest of
    /// the session (on the next turn of the event loop); `refresh` asks Trust Swiftly again.
    Reply<WorkflowList> workflows(bool refresh = false);
    /// The workflows last fetched, if any (e.g. to name a user's current workflow).
    const std::optional<WorkflowList>& cachedWorkflows() const { return m_workflows; }

    // ActionExecutor: "reverify"
    QString provider() const override;
    QStringList actions() const override;
    QString validate(const ActionRequest& request) const override;
    /// Why id (trimmed) cannot be a Trust Swiftly user id (TrustSwiftlyWire::isUserId), or empty:
    /// validate(), user() and callers that take an id from a person (users show) use the same words.
    static QString userIdProblem(const QString& id);
    QString describe(const ActionRequest& request) const override;
    QJsonObject preview(const ActionRequest& request) const override;
    QJsonObject intendedState(const ActionRequest& request) const override;
    HttpReply* send(const ActionRequest& request) override;
    ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const override;
    /// A bulk dry run checks a reverify's workflows against the verification templates.
    bool checksState(const ActionRequest& request) const override;
    /// Reads the workflows (a WorkflowList), from memory after the first read.
    HttpReply* prepareStateCheck() override;
    QString stateProblem(const ActionRequest& request, const QVariant& state) const override;
    QString stateReadProblem(const QString& error) const override;
    /// Reads the user back: a reverify took effect when re_verify_workflow_id is the target (assumption).
    bool canReadBack(const ActionRequest& request) const override;
    HttpReply* readBack(const ActionRequest& request) override;
    ActionOutcome interpretReadBack(const ActionRequest& request, const HttpResult& result) const override;

    /// The console's own limit for this API key: perWindow requests per windowMs; 0 = off.
    void setRateLimit(int perWindow, int windowMs = 60000);
    HttpClient* http() const { return m_http; }

private:
    QJsonObject body(const ActionRequest& request) const;

    HttpClient* m_http;
    std::optional<WorkflowList> m_workflows;
};
