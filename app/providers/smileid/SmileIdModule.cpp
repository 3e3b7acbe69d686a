// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdModule.h"
#include "providers/smileid/SmileIdSettings.h"

#include "SmileIdClient.h"
#include "SmileIdFlagOption.h"
#include "SmileIdProbe.h"
#include "SmileIdProfileSections.h"
#include "SmileIdWire.h"
#include "domain/ActionRequest.h"
#include "domain/ProfileFieldReader.h"
#include "domain/ProfileValidator.h"
#include "domain/Subject.h"
#include "net/HttpClient.h"

#include <QCoreApplication>
#include <QDateTime>

QString SmileIdModule::key() const
{
    return QString::fromLatin1(SmileIdWire::kProviderKey);
}

QObject* SmileIdModule::createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                     QObject* parent) const
{
    if (!profile.section<SmileIdSettings>())
        return nullptr;
    return new SmileIdClient(*profile.section<SmileIdSettings>(), profile.caCertificates, nam, parent);
}

ConnectionProbe SmileIdModule::probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                     QObject* owner, int timeoutMs) const
{
    ConnectionProbe probe;
    if (!profile.section<SmileIdSettings>())
        return probe;
    auto* http =
        new HttpClient(probeConfig(displayName(), profile.section<SmileIdSettings>()->apiUrl, profile,
                                   profile.section<SmileIdSettings>()->pinSha256, timeoutMs),
                       nam, owner);
    probe.reply =
        SmileIdProbe::send(http, *profile.section<SmileIdSettings>(), QDateTime::currentDateTimeUtc());
    probe.accepted = &SmileIdProbe::keyAccepted;
    return probe;
}

QJsonObject SmileIdModule::parseOptions(const QString& action, const ActionOptions& options,
                                        QString* problem) const
{
    if (action != QLatin1String("flag"))
        return QJsonObject();
    QJsonObject out;
    QStringList chosen;
    for (const auto& [key, value] : options) {
        const SmileIdFlagOption* option = SmileIdFlagOption::byOption(key);
        if (!option) {
            *problem = unknownOption(key, action);
            return QJsonObject();
        }
        std::optional<bool> flagValue = true;
        if (option->takesValue) {
            flagValue = SmileIdFlagOption::parseValue(value);
            if (!flagValue) {
                *problem =
                    QCoreApplication::translate("BulkCsvParser", "%1 takes true or false (e.g. %1=false).")
                        .arg(key);
                return QJsonObject();
            }
        } else if (!value.isEmpty()) {
            *problem = QCoreApplication::translate("BulkCsvParser", "%1 takes no value.").arg(key);
            return QJsonObject();
        }
        out = option->params(*flagValue);
        chosen << key;
    }
    if (chosen.size() != 1) {
        *problem =
            chosen.isEmpty()
                ? QCoreApplication::translate(
                      "BulkCsvParser",
                      "Choose one of active=true|false, fraudulent=true|false, allow-reenroll, delete.")
                : QCoreApplication::translate("BulkCsvParser", "One flag per row: %1 given.")
                      .arg(chosen.join(QStringLiteral(", ")));
        return QJsonObject();
    }
    return out;
}

QStringList SmileIdModule::formatOptions(const ActionRequest& request) const
{
    const SmileIdFlagOption* option =
        SmileIdFlagOption::byFlag(request.params.value(QStringLiteral("flag")).toString());
    if (!option)
        return QStringList();
    return {option->text(request.params.value(QStringLiteral("value")).toBool())};
}

QList<PolicyRule> SmileIdModule::policyRules() const
{
    return {
        {key() + QStringLiteral(".allow_new_enroll"), false,
         QT_TRANSLATE_NOOP("Policy", "Smile ID: allow re-enrollment")},
        {key() + QStringLiteral(".active"), false,
         QT_TRANSLATE_NOOP("Policy", "Smile ID: deactivate / reactivate")},
        {key() + QStringLiteral(".is_fraudulent"), true,
         QT_TRANSLATE_NOOP("Policy", "Smile ID: mark / clear fraud")},
        {key() + QStringLiteral(".delete"), true,
         QT_TRANSLATE_NOOP("Policy", "Smile ID: delete (permanent block)")},
    };
}

QHash<QString, QString> SmileIdModule::policyParameters() const
{
    // A flag action is governed per flag: marking fraud needs approval, reactivating does not.
    return {{QStringLiteral("flag"), QStringLiteral("flag")}};
}

bool SmileIdModule::needsStepUp(const ActionRequest& request) const
{
    const QString rule = policyKey(request);
    return rule == key() + QStringLiteral(".delete") ||
           (rule == key() + QStringLiteral(".is_fraudulent") &&
            request.params.value(QStringLiteral("value")).toBool());
}

QList<ProfileField> SmileIdModule::profileFields() const
{
    ProfileField portal{QStringLiteral("portal_url")};
    portal.example =
        QCoreApplication::translate("ProfileForm", "e.g. https://portal.smileidentity.com or https://prod…");
    ProfileField api{QStringLiteral("api_url")};
    api.example =
        QCoreApplication::translate("ProfileForm", "e.g. https://testapi.smileidentity.com or https://api…");
    ProfileField partner{QStringLiteral("partner_id"), false, true}; // written even empty
    partner.verbatim = true;                                         // leading zeros are significant
    ProfileField environment{QStringLiteral("environment")};
    environment.choices = {QStringLiteral("test"), QStringLiteral("production")};
    return {portal,
            api,
            partner,
            {QStringLiteral("api_key"), true},
            {QStringLiteral("email")},
            environment,
            {QStringLiteral("pin_sha256")}};
}

QString SmileIdModule::defaultValue(const QString& field, const QMap<QString, QString>& section) const
{
    const QString environment = section.value(QStringLiteral("environment")) == QLatin1String("production")
                                    ? QStringLiteral("production")
                                    : QStringLiteral("test");
    if (field == QLatin1String("environment"))
        return environment;
    if (field == QLatin1String("portal_url"))
        return SmileIdSettings::defaultPortalUrl(environment).toString();
    if (field == QLatin1String("api_url"))
        return SmileIdSettings::defaultApiUrl(environment).toString();
    return QString();
}

QMap<QString, QString> SmileIdModule::sectionValues(const ConnectionProfile& profile) const
{
    if (!profile.section<SmileIdSettings>())
        return {};
    const SmileIdSettings& s = *profile.section<SmileIdSettings>();
    return {{QStringLiteral("portal_url"), s.portalUrl.toString()},
            {QStringLiteral("api_url"), s.apiUrl.toString()},
            {QStringLiteral("partner_id"), s.partnerId},
            {QStringLiteral("api_key"), s.apiKey},
            {QStringLiteral("email"), s.email},
            {QStringLiteral("environment"), s.environment},
            {QStringLiteral("pin_sha256"), s.pinSha256}};
}

void SmileIdModule::setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const
{
    SmileIdSettings s;
    s.portalUrl = QUrl(values.value(QStringLiteral("portal_url")), QUrl::StrictMode);
    s.apiUrl = QUrl(values.value(QStringLiteral("api_url")), QUrl::StrictMode);
    s.partnerId = values.value(QStringLiteral("partner_id"));
    s.apiKey = values.value(QStringLiteral("api_key"));
    s.email = values.value(QStringLiteral("email"));
    s.environment = values.value(QStringLiteral("environment"));
    s.pinSha256 = values.value(QStringLiteral("pin_sha256"));
    profile->setSection<SmileIdSettings>(s);
}

void SmileIdModule::readSection(ProfileFieldReader& r, const QString& secretVariable,
                                ConnectionProfile* profile) const
{
    using SmileId = SmileIdSettings;
    SmileId s;
    s.environment = r.string("environment", true);
    const bool knownEnvironment =
        s.environment == QLatin1String("test") || s.environment == QLatin1String("production");
    if (!s.environment.isEmpty() && !knownEnvironment)
        r.fail(
            QCoreApplication::translate("ConnectionProfile", "field '%1' must be \"test\" or \"production\"")
                .arg(r.path(QStringLiteral("environment"))));
    // Without a URL, Smile ID's own hosts for the environment (docs/architecture.md section 3).
    s.portalUrl = r.url("portal_url", knownEnvironment ? SmileId::defaultPortalUrl(s.environment) : QUrl());
    s.apiUrl = r.url("api_url", knownEnvironment ? SmileId::defaultApiUrl(s.environment) : QUrl());
    s.partnerId = r.string("partner_id", true);
    s.apiKey = r.string("api_key", true, secretVariable);
    s.email = r.string("email", true);
    s.pinSha256 = r.string("pin_sha256", false);
    profile->setSection<SmileIdSettings>(s);
}

void SmileIdModule::addProblems(const ConnectionProfile& profile, bool requireSecrets,
                                QMap<QString, QString>* problems) const
{
    if (!profile.section<SmileIdSettings>())
        return;
    const SmileIdSettings& s = *profile.section<SmileIdSettings>();
    const auto check = [&](const char* field, const QString& problem) {
        if (!problem.isEmpty())
            problems->insert(key() + u'.' + QLatin1String(field), problem);
    };
    check("portal_url", ProfileValidator::url(s.portalUrl.toString()));
    check("api_url", ProfileValidator::url(s.apiUrl.toString()));
    check("partner_id", ProfileValidator::partnerId(s.partnerId));
    check("email", ProfileValidator::required(s.email));
    check("environment", ProfileValidator::environment(s.environment));
    check("pin_sha256", ProfileValidator::pin(s.pinSha256));
    if (requireSecrets)
        check("api_key", ProfileValidator::required(s.apiKey));
}

bool SmileIdModule::isProduction(const ConnectionProfile& profile) const
{
    return profile.section<SmileIdSettings>() &&
           profile.section<SmileIdSettings>()->environment == QLatin1String("production");
}

QString SmileIdModule::describeAction(const ActionRequest& request, const QString& person) const
{
    // The consequences are seed 000's own words.
    const QString who = target(request, person);
    const QString flag = request.params.value(QStringLiteral("flag")).toString();
    const bool value = request.params.value(QStringLiteral("value")).toBool();
    if (flag == QLatin1String("allow_new_enroll"))
        return QCoreApplication::translate(
                   "SmileIdModule",
                   "Allow %1 to enroll again: Smile ID accepts a new enrollment under the same user id")
            .arg(who);
    if (flag == QLatin1String("active"))
        return value ? QCoreApplication::translate(
                           "SmileIdModule", "Reactivate %1: Smile ID processes this person's jobs again")
                           .arg(who)
                     : QCoreApplication::translate(
                           "SmileIdModule",
                           "Deactivate %1: Smile ID disables this user id for now (it can be reactivated)")
                           .arg(who);
    if (flag == QLatin1String("delete"))
        return QCoreApplication::translate(
                   "SmileIdModule",
                   "Delete %1 for good: Smile ID removes and permanently blocks this user id")
            .arg(who);
    if (flag == QLatin1String("is_fraudulent"))
        return value ? QCoreApplication::translate(
                           "SmileIdModule",
                           "Mark %1 as fraudulent: Smile ID keeps processing this person's jobs but marks "
                           "every one failed")
                           .arg(who)
                     : QCoreApplication::translate(
                           "SmileIdModule",
                           "Clear the fraud flag of %1: Smile ID lets this person authenticate again")
                           .arg(who);
    return QCoreApplication::translate("SmileIdModule", "Change %1 at Smile ID").arg(who);
}

QStringList SmileIdModule::profileSections() const
{
    return SmileIdProfileSections::keys();
}

void SmileIdModule::loadProfileSections(SubjectProfileService& service) const
{
    SmileIdProfileSections::load(service);
}

QJsonObject SmileIdModule::subjectFields(const Subject& subject) const
{
    return {{jobColumn(), subject.attributes.value(jobColumn())}};
}

QString SmileIdModule::subjectColumnProblem(const QString& column, const Subject& subject) const
{
    if (column != jobColumn() || subject.isLinkedAt(key()))
        return QString();
    return QCoreApplication::translate(
        "SubjectService", "smileid_job: a Smile ID job needs the person's Smile ID user id (column smileid)");
}
