// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"
#include "providers/smartid/SmartIdSettings.h"
#include "services/ActionExecutor.h"

#include <QObject>

class HttpClient;
class QNetworkAccessManager;

/// SmartID Suite's biometric un-enroll (seed 002) as the pipeline action "unenroll" (no params;
/// the pipeline may add ActionRequest::afterUnknownKey()). Never resent automatically: a 500 or 701
/// proves nothing about processing, so a person decides whether to send it again.
class SmartIdClient final : public QObject, public ActionExecutor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdClient)

public:
    SmartIdClient(const SmartIdSettings& settings, const QList<QSslCertificate>& extraCas,
                  QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~SmartIdClient() override;

    QString provider() const override;
    QStringList actions() const override;
    QString validate(const ActionRequest& request) const override;
    /// Why id cannot be a SmartID User (SmartIdWire::isUserId), or empty: validate() and every caller
    /// that takes an id from a person or a file (users show) refuse with the same words.
    static QString userIdProblem(const QString& id);
    QString describe(const ActionRequest& request) const override;
    QJsonObject preview(const ActionRequest& request) const override;
    QJsonObject intendedState(const ActionRequest& request) const override;
    HttpReply* send(const ActionRequest& request) override;
    ActionOutcome interpret(const ActionRequest& request, const HttpResult& result) const override;

    /// How long an un-enroll waits for SmartID's answer (default: the client's 15 s).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    HttpClient* http() const { return m_http; }

private:
    HttpClient* m_http;
    int m_timeoutMs = -1;
};
