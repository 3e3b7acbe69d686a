// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileStoreBinding.h"

#include "domain/ProfileFingerprint.h"
#include "store/Store.h"

#include <QCryptographicHash>
#include <QSettings>

namespace {
QString settingsKey(const QString& key)
{
    return QStringLiteral("store_bindings/") + key;
}
} // namespace

QString ProfileStoreBinding::keyOf(const ConnectionProfile& profile)
{
    return QString::fromLatin1(QCryptographicHash::hash(ProfileFingerprint::of(profile).toText().toUtf8(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

bool ProfileStoreBinding::check(Store* store, const ConnectionProfile& profile, const Operator& op,
                                QString* error)
{
    if (!profile.isProduction())
        return true;
    const std::optional<QString> id = store->storeId(error);
    if (!id)
        return false;
    const QString key = keyOf(profile);
    QSettings settings;
    const QString bound = settings.value(settingsKey(key)).toString();
    if (!bound.isEmpty() && bound != *id) {
        *error =
            tr("The production profile “%1” is bound to the store %2, where it was first used; this store "
               "(%3) is %4. A production profile works with one store only: open it with that store, or "
               "ask an administrator.")
                .arg(profile.name, bound, store->location(), *id);
        return false;
    }
    AuditEntry entry;
    entry.operatorName = op.name;
    entry.role = Roles::toString(op.role);
    entry.event = QStringLiteral("profile-bound");
    entry.action = QStringLiteral("profiles");
    entry.after = ProfileFingerprint::of(profile).toJson();
    if (!store->bindProfile(key, ProfileFingerprint::of(profile).toText(), entry, nullptr, error))
        return false;
    if (bound.isEmpty()) {
        settings.setValue(settingsKey(key), *id);
        settings.sync();
    }
    return true;
}
