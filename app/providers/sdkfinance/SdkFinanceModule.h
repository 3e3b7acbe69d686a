// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SdkFinanceClient.h"
#include "providers/ProviderModule.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"

/// SDK.Finance as a provider module (docs/adding-a-provider.md).
class SdkFinanceModule final : public ProviderModule
{
public:
    QString key() const override;
    QString displayName() const override { return QStringLiteral("SDK.Finance"); }
    bool canSearch() const override { return true; }
    /// Searched when the profile has no Trust Swiftly section (as before SDK.Finance could be searched).
    int searchPriority() const override { return 1; }
    std::unique_ptr<SearchSource> createSearchSource(QObject* client) const override;
    QList<ProfileField> profileFields() const override;
    QString defaultValue(const QString& field, const QMap<QString, QString>& section) const override;
    QMap<QString, QString> sectionValues(const ConnectionProfile& profile) const override;
    void setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const override;
    void readSection(ProfileFieldReader& reader, const QString& secretVariable,
                     ConnectionProfile* profile) const override;
    void addProblems(const ConnectionProfile& profile, bool requireSecrets,
                     QMap<QString, QString>* problems) const override;
    QString userIdProblem(const QString& id) const override { return SdkFinanceClient::userIdProblem(id); }
    bool isConfigured(const ConnectionProfile& profile) const override
    {
        return profile.has<SdkFinanceSettings>();
    }
    QObject* createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                          QObject* parent) const override;
    QStringList profileSections() const override { return {key()}; }
    void loadProfileSections(SubjectProfileService& service) const override;
    QList<PolicyRule> policyRules() const override;
    QString describeAction(const ActionRequest& request, const QString& person) const override;
    QJsonObject parseOptions(const QString& action, const ActionOptions& options,
                             QString* problem) const override;
    QList<BulkActionChoice> bulkActions() const override
    {
        return {{QStringLiteral("reset"),
                 QT_TRANSLATE_NOOP("BulkJobDialog", "SDK.Finance: reset (field=…;field=…)")}};
    }
    QStringList formatOptions(const ActionRequest& request) const override;
    ConnectionProbe probe(const ConnectionProfile& profile, QNetworkAccessManager* nam, QObject* owner,
                          int timeoutMs) const override;
};
