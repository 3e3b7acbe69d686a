// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileRepository.h"

#include "SecretStore.h"
#include "providers/ProviderRegistry.h"

#include <QFile>
#include <QSettings>
#include <QUuid>
#include <memory>

namespace {
const QString kGroup = QStringLiteral("profiles");

ConnectionProfile read(QSettings& s, const QString& id)
{
    ConnectionProfile p;
    s.beginGroup(kGroup + QLatin1Char('/') + id);
    p.id = id;
    p.name = s.value(QStringLiteral("name")).toString();
    p.declaredEnvironment = s.value(QStringLiteral("environment")).toString();
    p.caFile = s.value(QStringLiteral("ca_file")).toString();
    const QStringList sections = s.childGroups();
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (!sections.contains(module->key()))
            continue;
        QMap<QString, QString> values;
        for (const ProfileField& field : module->profileFields()) {
            if (!field.secret) // secrets are in the keychain
                values.insert(field.name, s.value(module->key() + u'/' + field.name).toString());
        }
        module->setSectionValues(&p, values);
    }
    s.endGroup();
    return p;
}

void write(QSettings& s, const ConnectionProfile& p)
{
    s.remove(kGroup + QLatin1Char('/') + p.id);
    s.beginGroup(kGroup + QLatin1Char('/') + p.id);
    s.setValue(QStringLiteral("name"), p.name);
    s.setValue(QStringLiteral("environment"), p.declaredEnvironment);
    s.setValue(QStringLiteral("ca_file"), p.caFile);
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (!module->isConfigured(p))
            continue;
        const QMap<QString, QString> values = module->sectionValues(p);
        for (const ProfileField& field : module->profileFields()) {
            if (!field.secret) // never in the settings file
                s.setValue(module->key() + u'/' + field.name, values.value(field.name));
        }
    }
    s.endGroup();
}

/// (provider, secret field, value) of every provider; an empty value where the profile has none.
QList<std::tuple<QString, QString, QString>> secretsOf(const ConnectionProfile& p)
{
    QList<std::tuple<QString, QString, QString>> secrets;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        secrets.append(
            {module->key(), module->secretField(), module->sectionValues(p).value(module->secretField())});
    return secrets;
}

void setSecret(ConnectionProfile* p, const QString& provider, const QString& value)
{
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    if (!module || !module->isConfigured(*p))
        return;
    QMap<QString, QString> values = module->sectionValues(*p);
    values.insert(module->secretField(), value);
    module->setSectionValues(p, values);
}
} // namespace

ProfileRepository::ProfileRepository(SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_secrets(secrets)
{}

ProfileRepository::~ProfileRepository() = default;

QString ProfileRepository::secretKey(const QString& id, const QString& provider, const QString& field)
{
    return QStringLiteral("profile/%1/%2/%3").arg(id, provider, field);
}

QList<ConnectionProfile> ProfileRepository::profiles() const
{
    QSettings s;
    s.beginGroup(kGroup);
    const QStringList ids = s.childGroups();
    s.endGroup();
    QList<ConnectionProfile> list;
    for (const QString& id : ids)
        list << read(s, id);
    std::sort(list.begin(), list.end(), [](const ConnectionProfile& a, const ConnectionProfile& b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return list;
}

std::optional<ConnectionProfile> ProfileRepository::profile(const QString& id) const
{
    QSettings s;
    s.beginGroup(kGroup);
    const bool exists = !id.isEmpty() && s.childGroups().contains(id);
    s.endGroup();
    if (!exists)
        return std::nullopt;
    return read(s, id);
}

QString ProfileRepository::save(ConnectionProfile profile, std::function<void(const QString& error)> done)
{
    if (profile.id.isEmpty())
        profile.id = QUuid::createUuid().toString(QUuid::Id128);
    {
        QSettings s;
        write(s, profile);
        s.sync();
    }
    emit profilesChanged();
    // Every secret slot is written (an empty one removes a stale secret); done once all answered.
    struct Pending
    {
        int left = 0;
        QStringList errors;
        std::function<void(const QString&)> done;
    };
    auto pending = std::make_shared<Pending>();
    const auto secrets = secretsOf(profile);
    pending->left = int(secrets.size());
    pending->done = std::move(done);
    for (const auto& [provider, field, value] : secrets) {
        m_secrets->write(secretKey(profile.id, provider, field), value, this,
                         [pending, provider = provider](const SecretStore::Result& r) {
                             if (!r.ok())
                                 pending->errors << tr("%1: %2").arg(provider, r.error);
                             if (--pending->left == 0 && pending->done)
                                 pending->done(pending->errors.isEmpty()
                                                   ? QString()
                                                   : tr("The secrets could not be saved (%1).")
                                                         .arg(pending->errors.join(QStringLiteral("; "))));
                         });
    }
    return profile.id;
}

void ProfileRepository::remove(const QString& id)
{
    {
        QSettings s;
        s.remove(kGroup + QLatin1Char('/') + id);
    }
    ConnectionProfile empty;
    for (const auto& [provider, field, value] : secretsOf(empty))
        m_secrets->remove(secretKey(id, provider, field), this, nullptr);
    emit profilesChanged();
}

void ProfileRepository::resolve(
    const QString& id,
    std::function<void(const std::optional<ConnectionProfile>& profile, const QString& error)> done)
{
    std::optional<ConnectionProfile> stored = profile(id);
    if (!stored) {
        done(std::nullopt, tr("There is no stored profile %1.").arg(id));
        return;
    }
    QString caError;
    if (!loadCaCertificates(&*stored, &caError)) {
        done(std::nullopt, caError);
        return;
    }
    struct Pending
    {
        ConnectionProfile profile;
        int left = 0;
        QStringList errors;
        std::function<void(const std::optional<ConnectionProfile>&, const QString&)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->profile = *stored;
    pending->done = std::move(done);
    QList<QPair<QString, QString>> wanted;
    for (const auto& [provider, field, value] : secretsOf(*stored)) {
        const ProviderModule* module = ProviderRegistry::instance().find(provider);
        if (module && module->isConfigured(*stored))
            wanted.append({provider, field});
    }
    pending->left = int(wanted.size());
    if (wanted.isEmpty()) {
        pending->done(pending->profile, QString());
        return;
    }
    for (const auto& [provider, field] : wanted) {
        m_secrets->read(secretKey(id, provider, field), this,
                        [pending, provider = provider](const SecretStore::Result& r) {
                            if (r.status == SecretStore::Result::Status::Found)
                                setSecret(&pending->profile, provider, r.value);
                            else if (!r.ok())
                                pending->errors << tr("%1: %2").arg(provider, r.error);
                            if (--pending->left > 0)
                                return;
                            if (pending->errors.isEmpty())
                                pending->done(pending->profile, QString());
                            else
                                pending->done(std::nullopt,
                                              tr("The secrets of profile “%1” could not be read (%2).")
                                                  .arg(pending->profile.name,
                                                       pending->errors.join(QStringLiteral("; "))));
                        });
    }
}

bool ProfileRepository::loadCaCertificates(ConnectionProfile* profile, QString* error)
{
    profile->caCertificates.clear();
    if (profile->caFile.isEmpty())
        return true;
    QFile file(profile->caFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Profile “%1”: the CA file %2 cannot be read (%3).")
                     .arg(profile->name, profile->caFile, file.errorString());
        return false;
    }
    profile->caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (profile->caCertificates.isEmpty()) {
        *error =
            tr("Profile “%1”: the CA file %2 holds no PEM certificate.").arg(profile->name, profile->caFile);
        return false;
    }
    return true;
}

QString ProfileRepository::currentProfileId() const
{
    return QSettings().value(QStringLiteral("current_profile")).toString();
}

void ProfileRepository::setCurrentProfileId(const QString& id)
{
    QSettings().setValue(QStringLiteral("current_profile"), id);
}

bool ProfileRepository::isFirstRunDone() const
{
    return QSettings().value(QStringLiteral("first_run_done"), false).toBool();
}

void ProfileRepository::setFirstRunDone()
{
    QSettings().setValue(QStringLiteral("first_run_done"), true);
}
