// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileValidator.h"

#include "net/PublicKeyPin.h"
#include "providers/ProviderRegistry.h"

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
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        module->addProblems(p, requireSecrets, &out);
    return out;
}
