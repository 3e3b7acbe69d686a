// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileExchange.h"

#include "domain/ProfileValidator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ProfileExchange", text);
}

const char* const kFormatKey = "identitydesk_profiles";

void put(QJsonObject* o, const char* key, const QString& value)
{
    if (!value.isEmpty())
        o->insert(QString::fromLatin1(key), value);
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QString::fromLatin1(key)).toString();
}

QUrl url(const QJsonObject& o, const char* key)
{
    return QUrl(str(o, key), QUrl::StrictMode);
}

/// (section, key) of every secret a profile may hold.
const QList<QPair<QString, QString>>& secretKeys()
{
    static const QList<QPair<QString, QString>> keys = {
        {QStringLiteral("smileid"), QStringLiteral("api_key")},
        {QStringLiteral("sdkfinance"), QStringLiteral("password")},
        {QStringLiteral("trustswiftly"), QStringLiteral("api_key")},
        {QStringLiteral("smartid"), QStringLiteral("api_key")},
    };
    return keys;
}

ConnectionProfile fromJson(const QJsonObject& root)
{
    ConnectionProfile p;
    p.name = str(root, "name");
    p.declaredEnvironment = str(root, "environment");
    p.caFile = str(root, "ca_file");
    if (root.value(QStringLiteral("smileid")).isObject()) {
        const QJsonObject o = root.value(QStringLiteral("smileid")).toObject();
        ConnectionProfile::SmileId s;
        s.portalUrl = url(o, "portal_url");
        s.apiUrl = url(o, "api_url");
        s.partnerId = str(o, "partner_id"); // verbatim
        s.email = str(o, "email");
        s.environment = str(o, "environment");
        s.pinSha256 = str(o, "pin_sha256");
        p.smileId = s;
    }
    if (root.value(QStringLiteral("sdkfinance")).isObject()) {
        const QJsonObject o = root.value(QStringLiteral("sdkfinance")).toObject();
        ConnectionProfile::SdkFinance s;
        s.baseUrl = url(o, "base_url");
        s.login = str(o, "login");
        s.pinSha256 = str(o, "pin_sha256");
        p.sdkFinance = s;
    }
    if (root.value(QStringLiteral("trustswiftly")).isObject()) {
        const QJsonObject o = root.value(QStringLiteral("trustswiftly")).toObject();
        ConnectionProfile::TrustSwiftly s;
        s.baseUrl = url(o, "base_url");
        s.pinSha256 = str(o, "pin_sha256");
        p.trustSwiftly = s;
    }
    if (root.value(QStringLiteral("smartid")).isObject()) {
        const QJsonObject o = root.value(QStringLiteral("smartid")).toObject();
        ConnectionProfile::SmartId s;
        s.baseUrl = url(o, "base_url");
        s.pinSha256 = str(o, "pin_sha256");
        p.smartId = s;
    }
    return p;
}
} // namespace

QJsonObject ProfileExchange::toJson(const ConnectionProfile& p, bool withSecrets)
{
    QJsonObject root;
    root.insert(QStringLiteral("name"), p.name);
    put(&root, "environment", p.declaredEnvironment);
    put(&root, "ca_file", p.caFile);
    if (p.smileId) {
        QJsonObject o;
        put(&o, "portal_url", p.smileId->portalUrl.toString());
        put(&o, "api_url", p.smileId->apiUrl.toString());
        o.insert(QStringLiteral("partner_id"), p.smileId->partnerId); // a string, verbatim
        put(&o, "email", p.smileId->email);
        put(&o, "environment", p.smileId->environment);
        put(&o, "pin_sha256", p.smileId->pinSha256);
        if (withSecrets)
            put(&o, "api_key", p.smileId->apiKey);
        root.insert(QStringLiteral("smileid"), o);
    }
    if (p.sdkFinance) {
        QJsonObject o;
        put(&o, "base_url", p.sdkFinance->baseUrl.toString());
        put(&o, "login", p.sdkFinance->login);
        put(&o, "pin_sha256", p.sdkFinance->pinSha256);
        if (withSecrets)
            put(&o, "password", p.sdkFinance->password);
        root.insert(QStringLiteral("sdkfinance"), o);
    }
    if (p.trustSwiftly) {
        QJsonObject o;
        put(&o, "base_url", p.trustSwiftly->baseUrl.toString());
        put(&o, "pin_sha256", p.trustSwiftly->pinSha256);
        if (withSecrets)
            put(&o, "api_key", p.trustSwiftly->apiKey);
        root.insert(QStringLiteral("trustswiftly"), o);
    }
    if (p.smartId) {
        QJsonObject o;
        put(&o, "base_url", p.smartId->baseUrl.toString());
        put(&o, "pin_sha256", p.smartId->pinSha256);
        if (withSecrets)
            put(&o, "api_key", p.smartId->apiKey);
        root.insert(QStringLiteral("smartid"), o);
    }
    return root;
}

QByteArray ProfileExchange::exportProfiles(const QList<ConnectionProfile>& profiles)
{
    QJsonArray list;
    for (const ConnectionProfile& p : profiles)
        list.append(toJson(p, false));
    QJsonObject root;
    root.insert(QString::fromLatin1(kFormatKey), 1);
    root.insert(QStringLiteral("profiles"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QStringList ProfileExchange::secretFields(const QJsonObject& profile)
{
    QStringList found;
    for (const auto& [section, key] : secretKeys()) {
        const QJsonValue v = profile.value(section).toObject().value(key);
        if (!v.isUndefined() && !(v.isString() && v.toString().isEmpty()))
            found << section + QLatin1Char('.') + key;
    }
    return found;
}

std::optional<QList<ConnectionProfile>> ProfileExchange::importProfiles(const QByteArray& json,
                                                                        QStringList* warnings, QString* error,
                                                                        const QString& baseDir)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = tr("The file is not a profile export: not valid JSON at offset %1 (%2).")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    QList<QJsonObject> objects;
    const QJsonObject root = doc.object();
    if (root.contains(QString::fromLatin1(kFormatKey))) {
        for (const QJsonValue& v : root.value(QStringLiteral("profiles")).toArray())
            objects << v.toObject();
    } else {
        objects << root; // one profile file (the CLI's shape)
    }
    if (objects.isEmpty()) {
        *error = tr("The file holds no profile.");
        return std::nullopt;
    }
    QList<ConnectionProfile> profiles;
    for (const QJsonObject& o : objects) {
        ConnectionProfile p = fromJson(o);
        if (!p.caFile.isEmpty() && !baseDir.isEmpty())
            p.caFile = QFileInfo(QDir(baseDir), p.caFile).absoluteFilePath();
        const QStringList secrets = secretFields(o);
        if (!secrets.isEmpty())
            warnings->append(
                tr("The file holds secrets for profile “%1” (%2). They were NOT imported: "
                   "secrets belong in the keychain. Type them in the profile editor, and "
                   "delete or protect the file.")
                    .arg(p.name.isEmpty() ? tr("unnamed") : p.name, secrets.join(QStringLiteral(", "))));
        const QMap<QString, QString> problems = ProfileValidator::problems(p, false);
        if (!problems.isEmpty()) {
            *error =
                tr("Profile “%1”, field '%2': %3")
                    .arg(p.name.isEmpty() ? tr("unnamed") : p.name, problems.firstKey(), problems.first());
            return std::nullopt;
        }
        if (!p.smileId && !p.sdkFinance && !p.trustSwiftly && !p.smartId) {
            *error = tr("Profile “%1” configures no provider.").arg(p.name);
            return std::nullopt;
        }
        profiles << p;
    }
    return profiles;
}

bool ProfileExchange::writeCliProfile(const QString& path, const ConnectionProfile& profile, QString* error)
{
    QSaveFile file(path);
    // Private from the first byte: the temporary file is created owner-only, then renamed.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(toJson(profile, true)).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = tr("Cannot make %1 private (mode 0600).").arg(path);
        return false;
    }
    return true;
}
