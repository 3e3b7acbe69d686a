// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProviderModule.h"
#include "domain/ProfileFieldReader.h"
#include "domain/ProfileValidator.h"

#include <QMap>
#include <QString>
#include <optional>

/// The profile section of a provider reached at one base URL with an API key and an optional
/// certificate pin (a struct with baseUrl, apiKey and pinSha256): the fields base_url, api_key
/// (the secret) and pin_sha256, shared by the modules whose section is just that.
namespace ApiKeySection {

inline QList<ProfileField> fields()
{
    return {{QStringLiteral("base_url")}, {QStringLiteral("api_key"), true}, {QStringLiteral("pin_sha256")}};
}

template <class Section> QMap<QString, QString> values(const Section* section)
{
    if (!section)
        return {};
    return {{QStringLiteral("base_url"), section->baseUrl.toString()},
            {QStringLiteral("api_key"), section->apiKey},
            {QStringLiteral("pin_sha256"), section->pinSha256}};
}

template <class Section> Section fromValues(const QMap<QString, QString>& values)
{
    Section s;
    s.baseUrl = QUrl(values.value(QStringLiteral("base_url")), QUrl::StrictMode);
    s.apiKey = values.value(QStringLiteral("api_key"));
    s.pinSha256 = values.value(QStringLiteral("pin_sha256"));
    return s;
}

/// Reads and checks the section of a profile file; base_url is required (no default).
template <class Section> Section read(ProfileFieldReader& r, const QString& secretVariable)
{
    Section s;
    s.baseUrl = r.url("base_url");
    s.apiKey = r.string("api_key", true, secretVariable);
    s.pinSha256 = r.string("pin_sha256", false);
    return s;
}

template <class Section>
void addProblems(const QString& key, const Section* section, bool requireSecrets,
                 QMap<QString, QString>* problems)
{
    if (!section)
        return;
    const auto check = [&](const char* field, const QString& problem) {
        if (!problem.isEmpty())
            problems->insert(key + u'.' + QLatin1String(field), problem);
    };
    check("base_url", ProfileValidator::url(section->baseUrl.toString()));
    check("pin_sha256", ProfileValidator::pin(section->pinSha256));
    if (requireSecrets)
        check("api_key", ProfileValidator::required(section->apiKey));
}

} // namespace ApiKeySection
