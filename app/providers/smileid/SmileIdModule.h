// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SmileIdClient.h"
#include "providers/ProviderModule.h"
#include "providers/smileid/SmileIdSettings.h"

/// Smile ID as a provider module (docs/adding-a-provider.md).
class SmileIdModule final : public ProviderModule
{
public:
    QString key() const override;
    QString displayName() const override { return QStringLiteral("Smile ID"); }
    /// The person's user id, then the partner job id of their SmartSelfie registration.
    QStringList subjectColumns() const override { return {key(), jobColumn()}; }
    /// The subject column (and attribute) holding that job id.
    static QString jobColumn() { return QStringLiteral("smileid_job"); }
    /// A job needs the person's Smile ID user id.
    QString subjectColumnProblem(const QString& column, const Subject& subject) const override;
    QList<ProfileField> profileFields() const override;
    RecordId recordId() const override { return RecordId::ReferenceId; }
    QString defaultValue(const QString& field, const QMap<QString, QString>& section) const override;
    QMap<QString, QString> sectionValues(const ConnectionProfile& profile) const override;
    void setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const override;
    void readSection(ProfileFieldReader& reader, const QString& secretVariable,
                     ConnectionProfile* profile) const override;
    void addProblems(const ConnectionProfile& profile, bool requireSecrets,
                     QMap<QString, QString>* problems) const override;
    bool isProduction(const ConnectionProfile& profile) const override;
    QString userIdProblem(const QString& id) const override { return SmileIdClient::userIdProblem(id); }
    bool isConfigured(const ConnectionProfile& profile) const override
    {
        return profile.has<SmileIdSettings>();
    }
    QObject* createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                          QObject* parent) const override;
    QList<PolicyRule> policyRules() const override;
    QStringList profileSections() const override;
    void loadProfileSections(SubjectProfileService& service) const override;
    /// The enrollment job's id ("smileid_job") in the 360 view's subject section.
    QJsonObject subjectFields(const Subject& subject) const override;
    QString describeAction(const ActionRequest& request, const QString& person) const override;
    QHash<QString, QString> policyParameters() const override;
    /// Deleting a user (a permanent block) and marking one fraudulent.
    bool needsStepUp(const ActionRequest& request) const override;
    QJsonObject parseOptions(const QString& action, const ActionOptions& options,
                             QString* problem) const override;
    QList<BulkActionChoice> bulkActions() const override
    {
        return {
            {QStringLiteral("flag"),
             QT_TRANSLATE_NOOP("BulkJobDialog",
                               "Smile ID: flag (active=false, fraudulent=true, allow-reenroll, delete)")}};
    }
    QStringList formatOptions(const ActionRequest& request) const override;
    ConnectionProbe probe(const ConnectionProfile& profile, QNetworkAccessManager* nam, QObject* owner,
                          int timeoutMs) const override;
};
