// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmartIdClient.h"
#include "providers/ProviderModule.h"
#include "providers/smartid/SmartIdSettings.h"

/// SmartID as a provider module (docs/adding-a-provider.md).
class SmartIdModule final : public ProviderModule
{
public:
    QString key() const override;
    QString displayName() const override { return QStringLiteral("SmartID"); }
    RecordId recordId() const override { return RecordId::Email; }
    QList<ProfileField> profileFields() const override;
    QMap<QString, QString> sectionValues(const ConnectionProfile& profile) const override;
    void setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const override;
    void readSection(ProfileFieldReader& reader, const QString& secretVariable,
                     ConnectionProfile* profile) const override;
    void addProblems(const ConnectionProfile& profile, bool requireSecrets,
                     QMap<QString, QString>* problems) const override;
    QString userIdProblem(const QString& id) const override { return SmartIdClient::userIdProblem(id); }
    bool isConfigured(const ConnectionProfile& profile) const override
    {
        return profile.has<SmartIdSettings>();
    }
    QObject* createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                          QObject* parent) const override;
    QStringList profileSections() const override { return {key()}; }
    void loadProfileSections(SubjectProfileService& service) const override;
    QList<PolicyRule> policyRules() const override;
    /// Un-enrolling erases the person's biometric enrollment.
    bool needsStepUp(const ActionRequest& request) const override
    {
        return request.action == QLatin1String("unenroll");
    }
    QString describeAction(const ActionRequest& request, const QString& person) const override;
    QJsonObject parseOptions(const QString& action, const ActionOptions& options,
                             QString* problem) const override;
    QList<BulkActionChoice> bulkActions() const override
    {
        return {{QStringLiteral("unenroll"), QT_TRANSLATE_NOOP("BulkJobDialog", "SmartID: un-enroll")}};
    }
    QStringList formatOptions(const ActionRequest& request) const override;
    ConnectionProbe probe(const ConnectionProfile& profile, QNetworkAccessManager* nam, QObject* owner,
                          int timeoutMs) const override;
};
