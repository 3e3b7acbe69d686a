// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceModule.h"

#include "SdkFinanceProfileSections.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"

#include "SdkFinanceClient.h"
#include "SdkFinanceSearchSource.h"
#include "SdkFinanceWire.h"
#include "domain/ActionRequest.h"
#include "domain/ProfileFieldReader.h"
#include "domain/ProfileValidator.h"

#include <QCoreApplication>
#include <QJsonArray>

QString SdkFinanceModule::key() const
{
    return QString::fromLatin1(SdkFinanceWire::kProviderKey);
}

QObject* SdkFinanceModule::createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                        QObject* parent) const
{
    if (!profile.section<SdkFinanceSettings>())
        return nullptr;
    return new SdkFinanceClient(*profile.section<SdkFinanceSettings>(), profile.caCertificates, nam, parent);
}

std::unique_ptr<SearchSource> SdkFinanceModule::createSearchSource(QObject* object) const
{
    auto* client = qobject_cast<SdkFinanceClient*>(object);
    if (!client)
        return nullptr;
    return std::make_unique<SdkFinanceSearchSource>(*client);
}

ConnectionProbe SdkFinanceModule::probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                        QObject* owner, int timeoutMs) const
{
    Q_UNUSED(timeoutMs) // the login flow's own timeout
    ConnectionProbe probe;
    if (!profile.section<SdkFinanceSettings>())
        return probe;
    auto* client =
        new SdkFinanceClient(*profile.section<SdkFinanceSettings>(), profile.caCertificates, nam, owner);
    probe.reply = client->logIn();
    probe.accepted = [](const HttpResult& r, QString* detail) {
        if (!r.ok())
            return false;
        *detail =
            QCoreApplication::translate("ConnectionTester", "SDK.Finance accepted the login and password.");
        return true;
    };
    return probe;
}

QJsonObject SdkFinanceModule::parseOptions(const QString& action, const ActionOptions& options,
                                           QString* problem) const
{
    if (action == QLatin1String("reset")) {
        QStringList fields;
        for (const auto& [key, value] : options) {
            if (key != QLatin1String("field")) {
                *problem = unknownOption(key, action);
                return QJsonObject();
            }
            fields << value;
        }
        if (fields.isEmpty()) {
            *problem = QCoreApplication::translate("BulkCsvParser", "A reset needs at least one field=PATH.");
            return QJsonObject();
        }
        return {{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
    }
    if (action == QLatin1String("approve") || action == QLatin1String("decline")) {
        QJsonObject out;
        for (const auto& [key, value] : options) {
            if (key != QLatin1String("request")) {
                *problem = unknownOption(key, action);
                return QJsonObject();
            }
            out.insert(QStringLiteral("request"), value);
        }
        if (out.isEmpty())
            *problem =
                QCoreApplication::translate("BulkCsvParser", "%1 needs request=ID (the reset request's id).")
                    .arg(action);
        return out;
    }
    return QJsonObject();
}

QStringList SdkFinanceModule::formatOptions(const ActionRequest& request) const
{
    QStringList parts;
    for (const QJsonValue& f : request.params.value(QStringLiteral("fields")).toArray())
        parts << QStringLiteral("field=") + f.toString();
    if (request.params.contains(QStringLiteral("request")))
        parts << QStringLiteral("request=") + request.params.value(QStringLiteral("request")).toString();
    return parts;
}

QList<PolicyRule> SdkFinanceModule::policyRules() const
{
    return {
        {key() + QStringLiteral(".reset"), true,
         QT_TRANSLATE_NOOP("Policy", "SDK.Finance: reset identification")},
        // Deciding a user's request is itself the approval: it never waits for a second one.
        {key() + QStringLiteral(".approve"), false,
         QT_TRANSLATE_NOOP("Policy", "SDK.Finance: approve a reset request"), true},
        {key() + QStringLiteral(".decline"), false,
         QT_TRANSLATE_NOOP("Policy", "SDK.Finance: decline a reset request"), true},
    };
}

QList<ProfileField> SdkFinanceModule::profileFields() const
{
    ProfileField base{QStringLiteral("base_url")};
    base.example = QCoreApplication::translate("ProfileForm", "e.g. %1")
                       .arg(SdkFinanceSettings::defaultBaseUrl().toString());
    return {
        base, {QStringLiteral("login")}, {QStringLiteral("password"), true}, {QStringLiteral("pin_sha256")}};
}

QString SdkFinanceModule::defaultValue(const QString& field, const QMap<QString, QString>& section) const
{
    Q_UNUSED(section)
    // A section starts from SDK.Finance's public API (docs/architecture.md section 3).
    return field == QLatin1String("base_url") ? SdkFinanceSettings::defaultBaseUrl().toString() : QString();
}

QMap<QString, QString> SdkFinanceModule::sectionValues(const ConnectionProfile& profile) const
{
    if (!profile.section<SdkFinanceSettings>())
        return {};
    const SdkFinanceSettings& s = *profile.section<SdkFinanceSettings>();
    return {{QStringLiteral("base_url"), s.baseUrl.toString()},
            {QStringLiteral("login"), s.login},
            {QStringLiteral("password"), s.password},
            {QStringLiteral("pin_sha256"), s.pinSha256}};
}

void SdkFinanceModule::setSectionValues(ConnectionProfile* profile,
                                        const QMap<QString, QString>& values) const
{
    SdkFinanceSettings s;
    s.baseUrl = QUrl(values.value(QStringLiteral("base_url")), QUrl::StrictMode);
    s.login = values.value(QStringLiteral("login"));
    s.password = values.value(QStringLiteral("password"));
    s.pinSha256 = values.value(QStringLiteral("pin_sha256"));
    profile->setSection<SdkFinanceSettings>(s);
}

void SdkFinanceModule::readSection(ProfileFieldReader& r, const QString& secretVariable,
                                   ConnectionProfile* profile) const
{
    SdkFinanceSettings s;
    s.baseUrl = r.url("base_url", SdkFinanceSettings::defaultBaseUrl());
    s.login = r.string("login", true);
    s.password = r.string("password", true, secretVariable);
    s.pinSha256 = r.string("pin_sha256", false);
    profile->setSection<SdkFinanceSettings>(s);
}

void SdkFinanceModule::addProblems(const ConnectionProfile& profile, bool requireSecrets,
                                   QMap<QString, QString>* problems) const
{
    if (!profile.section<SdkFinanceSettings>())
        return;
    const SdkFinanceSettings& s = *profile.section<SdkFinanceSettings>();
    const auto check = [&](const char* field, const QString& problem) {
        if (!problem.isEmpty())
            problems->insert(key() + u'.' + QLatin1String(field), problem);
    };
    check("base_url", ProfileValidator::url(s.baseUrl.toString()));
    check("login", ProfileValidator::required(s.login));
    check("pin_sha256", ProfileValidator::pin(s.pinSha256));
    if (requireSecrets)
        check("password", ProfileValidator::required(s.password));
}

QString SdkFinanceModule::describeAction(const ActionRequest& request, const QString& person) const
{
    const QString who = target(request, person);
    const QString requestId = SdkFinanceWire::idString(request.params.value(QStringLiteral("request")));
    if (request.action == QLatin1String("reset")) {
        QStringList fields;
        for (const QJsonValue& f : request.params.value(QStringLiteral("fields")).toArray())
            fields << f.toString();
        return QCoreApplication::translate(
                   "SdkFinanceModule",
                   "Reset the identification of %1: SDK.Finance asks the person to submit %2 again and "
                   "identify anew")
            .arg(who, fields.isEmpty() ? QCoreApplication::translate("SdkFinanceModule", "the chosen fields")
                                       : fields.join(QStringLiteral(", ")));
    }
    if (request.action == QLatin1String("approve"))
        return QCoreApplication::translate(
                   "SdkFinanceModule",
                   "Approve the reset request %2 of %1: SDK.Finance resets the identification, and the "
                   "person identifies anew")
            .arg(who, requestId);
    if (request.action == QLatin1String("decline"))
        return QCoreApplication::translate(
                   "SdkFinanceModule",
                   "Decline the reset request %2 of %1: SDK.Finance keeps the identification as it is")
            .arg(who, requestId);
    return QCoreApplication::translate("SdkFinanceModule", "Change %1 at SDK.Finance").arg(who);
}

void SdkFinanceModule::loadProfileSections(SubjectProfileService& service) const
{
    SdkFinanceProfileSections::load(service);
}
