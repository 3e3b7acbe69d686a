// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/smartid/SmartIdClient.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"

#include <QNetworkAccessManager>

Session::Session(ConnectionProfile profile, QObject* parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_nam(new QNetworkAccessManager(this))
{
    if (m_profile.trustSwiftly)
        m_trustSwiftly =
            new TrustSwiftlyClient(*m_profile.trustSwiftly, m_profile.caCertificates, m_nam, this);
    if (m_profile.smileId)
        m_smileId = new SmileIdClient(*m_profile.smileId, m_profile.caCertificates, m_nam, this);
    if (m_profile.smartId)
        m_smartId = new SmartIdClient(*m_profile.smartId, m_profile.caCertificates, m_nam, this);
    if (m_profile.sdkFinance)
        m_sdkFinance = new SdkFinanceClient(*m_profile.sdkFinance, m_profile.caCertificates, m_nam, this);
}

Session::~Session() = default;

UserDirectory* Session::searchDirectory() const
{
    return m_trustSwiftly;
}

QList<ActionExecutor*> Session::executors() const
{
    QList<ActionExecutor*> list;
    if (m_smileId)
        list << m_smileId;
    if (m_trustSwiftly)
        list << m_trustSwiftly;
    if (m_smartId)
        list << m_smartId;
    if (m_sdkFinance)
        list << m_sdkFinance;
    return list;
}
