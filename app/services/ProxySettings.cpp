// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProxySettings.h"

#include <QCoreApplication>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QSettings>

ProxySettings ProxySettings::load()
{
    QSettings s;
    ProxySettings p;
    const QString mode = s.value(QStringLiteral("network/proxy_mode"), QStringLiteral("system")).toString();
    p.mode = mode == QLatin1String("manual") ? Mode::Manual
             : mode == QLatin1String("none") ? Mode::None
                                             : Mode::System;
    p.host = s.value(QStringLiteral("network/proxy_host")).toString();
    p.port = s.value(QStringLiteral("network/proxy_port"), 3128).toInt();
    p.user = s.value(QStringLiteral("network/proxy_user")).toString();
    return p;
}

void ProxySettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("network/proxy_mode"), mode == Mode::Manual ? QStringLiteral("manual")
                                                     : mode == Mode::None ? QStringLiteral("none")
                                                                          : QStringLiteral("system"));
    s.setValue(QStringLiteral("network/proxy_host"), host);
    s.setValue(QStringLiteral("network/proxy_port"), port);
    s.setValue(QStringLiteral("network/proxy_user"), user);
}

void ProxySettings::apply(const QString& password) const
{
    switch (mode) {
    case Mode::System:
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        break;
    case Mode::Manual:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, host, quint16(port), user, password));
        break;
    case Mode::None:
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    }
}

QString ProxySettings::problem() const
{
    if (mode != Mode::Manual)
        return QString();
    if (host.trimmed().isEmpty())
        return QCoreApplication::translate("ProxySettings", "Type the proxy's host name.");
    if (port < 1 || port > 65535)
        return QCoreApplication::translate("ProxySettings", "The proxy port must be between 1 and 65535.");
    return QString();
}
