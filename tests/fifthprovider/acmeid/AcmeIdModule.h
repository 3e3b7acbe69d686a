// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ProviderModule.h"

/// The test-only fifth provider as a module: everything the console knows of Acme ID, in this
/// folder; the test registers it with ProviderRegistry::instance().add() (docs/adding-a-provider.md).
class AcmeIdModule final : public ProviderModule
{
public:
    QString key() const override { return QStringLiteral("acmeid"); }
    QString displayName() const override { return QStringLiteral("Acme ID"); }
    bool canSearch() const override { return true; }
    QList<ProfileField> profileFields() const override;
    QMap<QString, QString> sectionValues(const ConnectionProfile& profile) const override;
    void setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const override;
    void readSection(ProfileFieldReader& reader, const QString& secretVariable,
                     ConnectionProfile* profile) const override;
    void addProblems(const ConnectionProfile& profile, bool requireSecrets,
                     QMap<QString, QString>* problems) const override;
    QString userIdProblem(const QString& id) const override;
    bool isConfigured(const ConnectionProfile& profile) const override
    {
        return profile.sections.contains(key());
    }
    QObject* createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                          QObject* parent) const override;
    std::unique_ptr<SearchSource> createSearchSource(QObject* client) const override;
    QList<PolicyRule> policyRules() const override;
    QJsonObject parseOptions(const QString& action, const ActionOptions& options,
                             QString* problem) const override;
    QStringList formatOptions(const ActionRequest& request) const override;
    ConnectionProbe probe(const ConnectionProfile& profile, QNetworkAccessManager* nam, QObject* owner,
                          int timeoutMs) const override;
};
