// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileValidator.h"

#include "net/PublicKeyPin.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ProfileValidator", text);
}

void check(QMap<QString, QString>* problems, const QString& field, const QString& problem)
{
    if (!problem.isEmpty())
        problems->insert(field, problem);
}
} // namespace

QString ProfileValidator::url(const QString& text)
{
    if (text.trimmed().isEmpty())
        return tr("Required: the provider's https:// address.");
    if (text != text.trimmed())
        return tr("Remove the spaces around the address.");
    const QUrl u(text, QUrl::StrictMode);
    if (!text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return tr("Must start with https:// (TLS is always on).");
    if (!u.isValid() || u.host().isEmpty())
        return tr("Not a valid address: expected https://host[:port][/prefix].");
    if (u.hasQuery() || u.hasFragment())
        return tr("Must not carry a query (?…) or fragment (#…).");
    return QString();
}

QString ProfileValidator::required(const QString& text)
{
    return text.trimmed().isEmpty() ? tr("Required.") : QString();
}

QString ProfileValidator::partnerId(const QString& text)
{
    if (text.isEmpty())
        return tr("Required: the partner id from the Smile ID portal, exactly as shown (e.g. 0042).");
    if (text != text.trimmed())
        return tr("Remove the spaces: the partner id is sent exactly as typed.");
    return QString();
}

QString ProfileValidator::environment(const QString& text)
{
    if (text == QLatin1String("test") || text == QLatin1String("production"))
        return QString();
    return tr("Choose test or production.");
}

QString ProfileValidator::pin(const QString& text)
{
    if (text.trimmed().isEmpty() || PublicKeyPin::isWellFormed(text))
        return QString();
    return tr("A pin is the base64 SHA-256 of the server's public key (44 characters ending in '=').");
}

QMap<QString, QString> ProfileValidator::problems(const ConnectionProfile& p, bool requireSecrets)
{
    QMap<QString, QString> out;
    check(&out, QStringLiteral("name"), required(p.name));
    if (!p.declaredEnvironment.isEmpty())
        check(&out, QStringLiteral("environment"), environment(p.declaredEnvironment));
    if (p.smileId) {
        check(&out, QStringLiteral("smileid.portal_url"), url(p.smileId->portalUrl.toString()));
        check(&out, QStringLiteral("smileid.api_url"), url(p.smileId->apiUrl.toString()));
        check(&out, QStringLiteral("smileid.partner_id"), partnerId(p.smileId->partnerId));
        check(&out, QStringLiteral("smileid.email"), required(p.smileId->email));
        check(&out, QStringLiteral("smileid.environment"), environment(p.smileId->environment));
        check(&out, QStringLiteral("smileid.pin_sha256"), pin(p.smileId->pinSha256));
        if (requireSecrets)
            check(&out, QStringLiteral("smileid.api_key"), required(p.smileId->apiKey));
    }
    if (p.sdkFinance) {
        check(&out, QStringLiteral("sdkfinance.base_url"), url(p.sdkFinance->baseUrl.toString()));
        check(&out, QStringLiteral("sdkfinance.login"), required(p.sdkFinance->login));
        check(&out, QStringLiteral("sdkfinance.pin_sha256"), pin(p.sdkFinance->pinSha256));
        if (requireSecrets)
            check(&out, QStringLiteral("sdkfinance.password"), required(p.sdkFinance->password));
    }
    if (p.trustSwiftly) {
        check(&out, QStringLiteral("trustswiftly.base_url"), url(p.trustSwiftly->baseUrl.toString()));
        check(&out, QStringLiteral("trustswiftly.pin_sha256"), pin(p.trustSwiftly->pinSha256));
        if (requireSecrets)
            check(&out, QStringLiteral("trustswiftly.api_key"), required(p.trustSwiftly->apiKey));
    }
    if (p.smartId) {
        check(&out, QStringLiteral("smartid.base_url"), url(p.smartId->baseUrl.toString()));
        check(&out, QStringLiteral("smartid.pin_sha256"), pin(p.smartId->pinSha256));
        if (requireSecrets)
            check(&out, QStringLiteral("smartid.api_key"), required(p.smartId->apiKey));
    }
    return out;
}
