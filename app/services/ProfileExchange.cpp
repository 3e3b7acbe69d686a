// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileExchange.h"

#include "domain/ProfileValidator.h"
#include "providers/ProviderRegistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>

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

/// (section, key) of every secret a profile may hold.
QList<QPair<QString, QString>> secretKeys()
{
    QList<QPair<QString, QString>> keys;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        keys.append({module->key(), module->secretField()});
    return keys;
}

ConnectionProfile fromJson(const QJsonObject& root)
{
    ConnectionProfile p;
    p.name = str(root, "name");
    p.declaredEnvironment = str(root, "environment");
    p.caFile = str(root, "ca_file");
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (!root.value(module->key()).isObject())
            continue;
        const QJsonObject o = root.value(module->key()).toObject();
        QMap<QString, QString> values;
        for (const ProfileField& field : module->profileFields()) {
            if (!field.secret) // never imported: secrets belong in the keychain
                values.insert(field.name, o.value(field.name).toString());
        }
        module->setSectionValues(&p, values);
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
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (!module->isConfigured(p))
            continue;
        const QMap<QString, QString> values = module->sectionValues(p);
        QJsonObject o;
        for (const ProfileField& field : module->profileFields()) {
            if (field.secret && !withSecrets)
                continue;
            if (field.keepEmpty)
                o.insert(field.name, values.value(field.name)); // verbatim, even empty
            else if (!values.value(field.name).isEmpty())
                o.insert(field.name, values.value(field.name));
        }
        root.insert(module->key(), o);
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
        const QList<const ProviderModule*> modules = ProviderRegistry::instance().modules();
        if (std::none_of(modules.cbegin(), modules.cend(),
                         [&p](const ProviderModule* module) { return module->isConfigured(p); })) {
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
