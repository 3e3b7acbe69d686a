// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyModule.h"

#include "TrustSwiftlyProfileSections.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include "TrustSwiftlyClient.h"
#include "TrustSwiftlyWire.h"
#include "domain/ActionRequest.h"
#include "providers/ApiKeySection.h"
#include "services/DirectorySearchSource.h"

#include <QCoreApplication>

QString TrustSwiftlyModule::key() const
{
    return QString::fromLatin1(TrustSwiftlyWire::kProviderKey);
}

QObject* TrustSwiftlyModule::createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                          QObject* parent) const
{
    if (!profile.section<TrustSwiftlySettings>())
        return nullptr;
    return new TrustSwiftlyClient(*profile.section<TrustSwiftlySettings>(), profile.caCertificates, nam,
                                  parent);
}

std::unique_ptr<SearchSource> TrustSwiftlyModule::createSearchSource(QObject* object) const
{
    auto* client = qobject_cast<TrustSwiftlyClient*>(object);
    if (!client)
        return nullptr;
    return std::make_unique<DirectorySearchSource>(*client, key());
}

ConnectionProbe TrustSwiftlyModule::probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                          QObject* owner, int timeoutMs) const
{
    Q_UNUSED(timeoutMs) // the client's own timeout; one attempt is what its rate limit allows at once
    ConnectionProbe probe;
    if (!profile.section<TrustSwiftlySettings>())
        return probe;
    auto* client =
        new TrustSwiftlyClient(*profile.section<TrustSwiftlySettings>(), profile.caCertificates, nam, owner);
    client->setRateLimit(0);
    probe.reply = client->workflows(true);
    probe.accepted = [](const HttpResult& r, QString* detail) {
        if (!r.ok())
            return false;
        *detail = QCoreApplication::translate(
            "ConnectionTester", "Trust Swiftly accepted the API key (the verification templates were read).");
        return true;
    };
    return probe;
}

QJsonObject TrustSwiftlyModule::parseOptions(const QString& action, const ActionOptions& options,
                                             QString* problem) const
{
    if (action != QLatin1String("reverify"))
        return QJsonObject();
    QJsonObject out;
    for (const auto& [key, value] : options) {
        if (key != QLatin1String("from") && key != QLatin1String("to")) {
            *problem = unknownOption(key, action);
            return QJsonObject();
        }
        out.insert(key, value);
    }
    return out;
}

QStringList TrustSwiftlyModule::formatOptions(const ActionRequest& request) const
{
    return {QStringLiteral("from=") + request.params.value(QStringLiteral("from")).toString(),
            QStringLiteral("to=") + request.params.value(QStringLiteral("to")).toString()};
}

QList<PolicyRule> TrustSwiftlyModule::policyRules() const
{
    return {{key() + QStringLiteral(".reverify"), false,
             QT_TRANSLATE_NOOP("Policy", "Trust Swiftly: assign re-verification")}};
}

QList<ProfileField> TrustSwiftlyModule::profileFields() const
{
    QList<ProfileField> fields = ApiKeySection::fields();
    fields.first().example =
        QCoreApplication::translate("ProfileForm", "e.g. https://your-sub-domain.trustswiftly.com");
    return fields;
}

QMap<QString, QString> TrustSwiftlyModule::sectionValues(const ConnectionProfile& profile) const
{
    return ApiKeySection::values(profile.section<TrustSwiftlySettings>());
}

void TrustSwiftlyModule::setSectionValues(ConnectionProfile* profile,
                                          const QMap<QString, QString>& values) const
{
    profile->setSection<TrustSwiftlySettings>(ApiKeySection::fromValues<TrustSwiftlySettings>(values));
}

void TrustSwiftlyModule::readSection(ProfileFieldReader& reader, const QString& secretVariable,
                                     ConnectionProfile* profile) const
{
    profile->setSection<TrustSwiftlySettings>(
        ApiKeySection::read<TrustSwiftlySettings>(reader, secretVariable));
}

void TrustSwiftlyModule::addProblems(const ConnectionProfile& profile, bool requireSecrets,
                                     QMap<QString, QString>* problems) const
{
    ApiKeySection::addProblems(key(), profile.section<TrustSwiftlySettings>(), requireSecrets, problems);
}

QString TrustSwiftlyModule::describeAction(const ActionRequest& request, const QString& person) const
{
    return QCoreApplication::translate("TrustSwiftlyModule",
                                       "Assign re-verification to %1: Trust Swiftly switches the person "
                                       "from workflow %2 to %3 for the next check")
        .arg(target(request, person), request.params.value(QStringLiteral("from")).toString(),
             request.params.value(QStringLiteral("to")).toString());
}

void TrustSwiftlyModule::loadProfileSections(SubjectProfileService& service) const
{
    TrustSwiftlyProfileSections::load(service);
}
