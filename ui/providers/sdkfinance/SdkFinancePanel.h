// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"

#include <QGroupBox>
#include <QPointer>

class ActionService;
class QLabel;
class QLineEdit;
class QPushButton;
class SdkFinanceClient;

/// SDK.Finance for the selected person: the SDK.Finance user id (typed, or filled in from a reset
/// request) and "Reset identification…", which opens a ResetFieldsDialog.
class SdkFinancePanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SdkFinancePanel)

public:
    explicit SdkFinancePanel(QWidget* parent = nullptr);

    /// Not owned; null when not connected or the profile has no SDK.Finance section.
    void setSession(SdkFinanceClient* client, ActionService* service);
    /// A production profile puts a red warning in the reset dialog.
    void setEnvironment(const QString& profileName, bool production);
    void setUserId(const QString& userId);
    QString userId() const;
    QString resultText() const;
    void clear();
    /// Re-reads the restrictions (the SDK.Finance login changed).
    void updateWidgets();

private:
    void openReset();

    QPointer<SdkFinanceClient> m_client;
    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QLineEdit* m_userId;
    QPushButton* m_reset;
    QLabel* m_result;
};
