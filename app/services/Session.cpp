// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include "providers/smileid/SmileIdClient.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"

#include <QNetworkAccessManager>

Session::Session(ConnectionProfile profile, QObject* parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_nam(new QNetworkAccessManager(this))
{
    if (m_profile.trustSwiftly)
        m_trustSwiftly = new TrustSwiftlyClient(*m_profile.trustSwiftly, m_profile.caCertificates, m_nam, this);
    if (m_profile.smileId)
        m_smileId = new SmileIdClient(*m_profile.smileId, m_profile.caCertificates, m_nam, this);
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
    return list;
}
