// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileFingerprint.h"

#include "ConnectionProfile.h"
#include "PrintableText.h"
#include "providers/ProviderRegistry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QStringList>

ProfileFingerprint ProfileFingerprint::of(const ConnectionProfile& profile)
{
    ProfileFingerprint f;
    f.m_name = profile.name;
    f.m_environment = profile.environment();
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const QMap<QString, QString> values = module->sectionValues(profile);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it.key().endsWith(QLatin1String("_url")) && !it.value().isEmpty())
                f.m_urls.insert(module->key() + QLatin1Char('.') + it.key(), it.value());
        }
    }
    return f;
}

std::optional<ProfileFingerprint> ProfileFingerprint::fromJson(const QJsonObject& json)
{
    if (!json.value(QStringLiteral("name")).isString() ||
        !json.value(QStringLiteral("environment")).isString())
        return std::nullopt;
    ProfileFingerprint f;
    f.m_name = json.value(QStringLiteral("name")).toString();
    f.m_environment = json.value(QStringLiteral("environment")).toString();
    const QJsonObject urls = json.value(QStringLiteral("urls")).toObject();
    for (auto it = urls.constBegin(); it != urls.constEnd(); ++it)
        f.m_urls.insert(it.key(), it.value().toString());
    return f;
}

QJsonObject ProfileFingerprint::toJson() const
{
    QJsonObject urls;
    for (auto it = m_urls.cbegin(); it != m_urls.cend(); ++it)
        urls.insert(it.key(), it.value());
    return {{QStringLiteral("name"), m_name},
            {QStringLiteral("environment"), m_environment},
            {QStringLiteral("urls"), urls}};
}

QString ProfileFingerprint::toText() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

std::optional<ProfileFingerprint> ProfileFingerprint::fromText(const QString& text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isObject() ? fromJson(doc.object()) : std::nullopt;
}

QString ProfileFingerprint::text() const
{
    QStringList urls;
    for (const QString& url : m_urls)
        urls << PrintableText::escaped(url);
    const QString head = QCoreApplication::translate("ProfileFingerprint", "profile “%1” (%2)")
                             .arg(PrintableText::escaped(m_name), PrintableText::escaped(m_environment));
    return urls.isEmpty() ? head : head + QStringLiteral(": ") + urls.join(QStringLiteral(", "));
}
