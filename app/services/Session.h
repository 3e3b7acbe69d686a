// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"

#include <QObject>

class ActionExecutor;
class QNetworkAccessManager;
class SdkFinanceClient;
class SmartIdClient;
class SmileIdClient;
class TrustSwiftlyClient;
class UserDirectory;

/// The provider clients of one connection profile, sharing one network access manager.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(ConnectionProfile profile, QObject* parent = nullptr);
    ~Session() override;

    const ConnectionProfile& profile() const { return m_profile; }
    /// Null when the profile has no Trust Swiftly section.
    TrustSwiftlyClient* trustSwiftly() const { return m_trustSwiftly; }
    /// Null when the profile has no Smile ID section.
    SmileIdClient* smileId() const { return m_smileId; }
    /// Null when the profile has no SmartID section.
    SmartIdClient* smartId() const { return m_smartId; }
    /// Null when the profile has no SDK.Finance section.
    SdkFinanceClient* sdkFinance() const { return m_sdkFinance; }
    /// Every configured provider's state-changing calls, for the action pipeline.
    QList<ActionExecutor*> executors() const;
    /// The provider the search box queries; null when no configured provider can search.
    UserDirectory* searchDirectory() const;

private:
    ConnectionProfile m_profile;
    QNetworkAccessManager* m_nam;
    TrustSwiftlyClient* m_trustSwiftly = nullptr;
    SmileIdClient* m_smileId = nullptr;
    SmartIdClient* m_smartId = nullptr;
    SdkFinanceClient* m_sdkFinance = nullptr;
};
