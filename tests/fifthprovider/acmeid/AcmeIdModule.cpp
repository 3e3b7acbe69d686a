// SPDX-License-Identifier: GPL-3.0-or-later
#include "AcmeIdModule.h"

#include "AcmeIdClient.h"
#include "domain/ActionRequest.h"
#include "domain/ProfileFieldReader.h"
#include "domain/ProfileValidator.h"
#include "services/DirectorySearchSource.h"

#include <QRegularExpression>

QString AcmeIdModule::userIdProblem(const QString& id) const
{
    static const QRegularExpression grammar(QStringLiteral("^A-[0-9]{1,9}$"));
    return grammar.match(id).hasMatch()
               ? QString()
               : QStringLiteral("'%1' is not an Acme ID user id (A-<digits>).").arg(id);
}

QList<ProfileField> AcmeIdModule::profileFields() const
{
    return {{QStringLiteral("base_url")}, {QStringLiteral("api_key"), true}, {QStringLiteral("pin_sha256")}};
}

QMap<QString, QString> AcmeIdModule::sectionValues(const ConnectionProfile& profile) const
{
    return profile.sections.value(key());
}

void AcmeIdModule::setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const
{
    profile->sections.insert(key(), values);
}

void AcmeIdModule::readSection(ProfileFieldReader& reader, const QString& secretVariable,
                               ConnectionProfile* profile) const
{
    QMap<QString, QString> values;
    values.insert(QStringLiteral("base_url"), reader.url("base_url").toString());
    values.insert(QStringLiteral("api_key"), reader.string("api_key", true, secretVariable));
    values.insert(QStringLiteral("pin_sha256"), reader.string("pin_sha256", false));
    setSectionValues(profile, values);
}

void AcmeIdModule::addProblems(const ConnectionProfile& profile, bool requireSecrets,
                               QMap<QString, QString>* problems) const
{
    if (!isConfigured(profile))
        return;
    const QMap<QString, QString> values = sectionValues(profile);
    const auto check = [&](const QString& field, const QString& problem) {
        if (!problem.isEmpty())
            problems->insert(key() + u'.' + field, problem);
    };
    check(QStringLiteral("base_url"), ProfileValidator::url(values.value(QStringLiteral("base_url"))));
    check(QStringLiteral("pin_sha256"), ProfileValidator::pin(values.value(QStringLiteral("pin_sha256"))));
    if (requireSecrets)
        check(QStringLiteral("api_key"), ProfileValidator::required(values.value(QStringLiteral("api_key"))));
}

QObject* AcmeIdModule::createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                    QObject* parent) const
{
    if (!isConfigured(profile))
        return nullptr;
    const QMap<QString, QString> values = sectionValues(profile);
    AcmeIdClient::Settings settings;
    settings.baseUrl = QUrl(values.value(QStringLiteral("base_url")), QUrl::StrictMode);
    settings.apiKey = values.value(QStringLiteral("api_key"));
    settings.pinSha256 = values.value(QStringLiteral("pin_sha256"));
    return new AcmeIdClient(settings, profile.caCertificates, nam, parent);
}

std::unique_ptr<SearchSource> AcmeIdModule::createSearchSource(QObject* client) const
{
    auto* acme = qobject_cast<AcmeIdClient*>(client);
    if (!acme)
        return nullptr;
    return std::make_unique<DirectorySearchSource>(*acme, key());
}

QList<PolicyRule> AcmeIdModule::policyRules() const
{
    return {{key() + QStringLiteral(".lock"), true, "Acme ID: lock a user"}};
}

QJsonObject AcmeIdModule::parseOptions(const QString& action, const ActionOptions& options,
                                       QString* problem) const
{
    if (action != QLatin1String("lock"))
        return QJsonObject();
    QJsonObject params;
    for (const auto& [option, value] : options) {
        if (option != QLatin1String("note")) {
            *problem = unknownOption(option, action);
            return QJsonObject();
        }
        params.insert(QStringLiteral("note"), value);
    }
    return params;
}

QStringList AcmeIdModule::formatOptions(const ActionRequest& request) const
{
    if (!request.params.contains(QStringLiteral("note")))
        return QStringList();
    return {QStringLiteral("note=") + request.params.value(QStringLiteral("note")).toString()};
}

ConnectionProbe AcmeIdModule::probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                    QObject* owner, int timeoutMs) const
{
    Q_UNUSED(timeoutMs)
    ConnectionProbe probe;
    auto* client = qobject_cast<AcmeIdClient*>(createClient(profile, nam, owner));
    if (!client)
        return probe;
    probe.reply = client->ping();
    probe.accepted = [](const HttpResult& r, QString* detail) {
        if (!r.ok())
            return false;
        *detail = QStringLiteral("Acme ID answered the ping with the key.");
        return true;
    };
    return probe;
}
