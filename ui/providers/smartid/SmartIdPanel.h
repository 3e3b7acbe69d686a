// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/ActionResultLabel.h"

#include <QGroupBox>
#include <QPointer>

class ActionService;
class QLabel;
class QLineEdit;
class QPushButton;

/// SmartID Suite's biometric un-enroll for the selected person (seed 002): the SmartID user (their
/// e-mail), a button that opens an ActionDialog and goes through ActionService::submit(), and the
/// last result in the panel.
class SmartIdPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdPanel)

public:
    explicit SmartIdPanel(QWidget* parent = nullptr);

    /// Not owned; null when there is nothing to send with (not connected).
    void setActionService(ActionService* service);
    /// A production profile puts a red warning in the action dialog.
    void setEnvironment(const QString& profileName, bool production);
    /// Prefills the SmartID user with the person's e-mail (when another person is shown).
    void setUser(const UserRecord& user);
    void clear();
    QString userId() const;
    QString resultText() const;

private:
    ActionRequest request() const;
    void updateWidgets();
    void openDialog();
    void submit(const ActionRequest& request);

    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    QString m_shownUser;
    QLineEdit* m_userId;
    QPushButton* m_unenroll;
    ActionResultLabel* m_result;
};
