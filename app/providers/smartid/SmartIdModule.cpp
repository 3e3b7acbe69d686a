// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdModule.h"

#include "SmartIdProfileSections.h"
#include "providers/smartid/SmartIdSettings.h"

#include "SmartIdClient.h"
#include "SmartIdProbe.h"
#include "SmartIdWire.h"
#include "domain/ActionRequest.h"
#include "net/HttpClient.h"
#include "providers/ApiKeySection.h"

#include <QCoreApplication>

QString SmartIdModule::key() const
{
    return QString::fromLatin1(SmartIdWire::kProviderKey);
}

QObject* SmartIdModule::createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                     QObject* parent) const
{
    if (!profile.section<SmartIdSettings>())
        return nullptr;
    return new SmartIdClient(*profile.section<SmartIdSettings>(), profile.caCertificates, nam, parent);
}

ConnectionProbe SmartIdModule::probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                     QObject* owner, int timeoutMs) const
{
    ConnectionProbe probe;
    if (!profile.section<SmartIdSettings>())
        return probe;
    auto* http =
        new HttpClient(probeConfig(displayName(), profile.section<SmartIdSettings>()->baseUrl, profile,
                                   profile.section<SmartIdSettings>()->pinSha256, timeoutMs),
                       nam, owner);
    probe.reply = SmartIdProbe::send(http);
    probe.accepted = &SmartIdProbe::reachable;
    probe.keyVerifiable = false; // docs/architecture.md section 3: no call proves a SmartID key
    return probe;
}

QJsonObject SmartIdModule::parseOptions(const QString& action, const ActionOptions& options,
                                        QString* problem) const
{
    if (action == QLatin1String("unenroll") && !options.isEmpty())
        *problem = unknownOption(options.first().first, action);
    return QJsonObject();
}

QStringList SmartIdModule::formatOptions(const ActionRequest& request) const
{
    Q_UNUSED(request)
    return QStringList(); // un-enroll has no options
}

QList<PolicyRule> SmartIdModule::policyRules() const
{
    return {{key() + QStringLiteral(".unenroll"), true,
             QT_TRANSLATE_NOOP("Policy", "SmartID: reset biometric enrollment")}};
}

QList<ProfileField> SmartIdModule::profileFields() const
{
    return ApiKeySection::fields();
}

QMap<QString, QString> SmartIdModule::sectionValues(const ConnectionProfile& profile) const
{
    return ApiKeySection::values(profile.section<SmartIdSettings>());
}

void SmartIdModule::setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const
{
    profile->setSection<SmartIdSettings>(ApiKeySection::fromValues<SmartIdSettings>(values));
}

void SmartIdModule::readSection(ProfileFieldReader& reader, const QString& secretVariable,
                                ConnectionProfile* profile) const
{
    profile->setSection<SmartIdSettings>(ApiKeySection::read<SmartIdSettings>(reader, secretVariable));
}

void SmartIdModule::addProblems(const ConnectionProfile& profile, bool requireSecrets,
                                QMap<QString, QString>* problems) const
{
    ApiKeySection::addProblems(key(), profile.section<SmartIdSettings>(), requireSecrets, problems);
}

QString SmartIdModule::describeAction(const ActionRequest& request, const QString& person) const
{
    return QCoreApplication::translate("SmartIdModule",
                                       "Reset the biometric enrollment of %1: SmartID un-enrolls the "
                                       "person, who must enroll again from the mobile app")
        .arg(target(request, person));
}

void SmartIdModule::loadProfileSections(SubjectProfileService& service) const
{
    SmartIdProfileSections::load(service);
}
