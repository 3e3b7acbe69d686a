// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProviderModule.h"

#include "domain/ActionRequest.h"

#include <QCoreApplication>

QString ProviderModule::secretField() const
{
    for (const ProfileField& field : profileFields()) {
        if (field.secret)
            return field.name;
    }
    return QString();
}

QString ProviderModule::secretVariable() const
{
    return QStringLiteral("IDENTITYDESK_%1_%2").arg(key().toUpper(), secretField().toUpper());
}

QString ProviderModule::policyKey(const ActionRequest& request) const
{
    const QString parameter = policyParameters().value(request.action);
    return key() + u'.' + (parameter.isEmpty() ? request.action : request.params.value(parameter).toString());
}

QString ProviderModule::target(const ActionRequest& request, const QString& person) const
{
    const QString id =
        QCoreApplication::translate("ProviderModule", "%1 %2").arg(displayName(), request.userId);
    return person.trimmed().isEmpty()
               ? id
               : QCoreApplication::translate("ProviderModule", "%1 (%2)").arg(person.trimmed(), id);
}

QString ProviderModule::describeAction(const ActionRequest& request, const QString& person) const
{
    return QCoreApplication::translate("ProviderModule", "%1 for %2")
        .arg(request.action, target(request, person));
}

QString ProviderModule::unknownOption(const QString& option, const QString& action) const
{
    return QCoreApplication::translate("BulkCsvParser", "'%1' is not an option of %2 %3.")
        .arg(option, key(), action);
}

HttpClientConfig ProviderModule::probeConfig(const QString& provider, const QUrl& base,
                                             const ConnectionProfile& profile, const QString& pin,
                                             int timeoutMs)
{
    HttpClientConfig config;
    config.provider = provider;
    config.baseUrl = base;
    config.extraCaCertificates = profile.caCertificates;
    if (!pin.trimmed().isEmpty())
        config.pinnedPublicKeys << pin.trimmed();
    config.timeoutMs = timeoutMs;
    config.maxAttempts = 1; // the user wants the first answer, not retries
    return config;
}
