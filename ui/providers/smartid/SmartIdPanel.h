// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/UserIdPanel.h"

class QPushButton;

/// SmartID Suite's biometric un-enroll for the selected person (seed 002): the SmartID user (their
/// e-mail), a button that opens an ActionDialog and goes through ActionService::submit(), and the
/// last result in the panel.
class SmartIdPanel final : public UserIdPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartIdPanel)

public:
    explicit SmartIdPanel(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;
    /// SmartID knows a person by their e-mail.
    QString defaultIdOf(const UserRecord& user) const override { return user.email; }
    void updateWidgets() override;

private:
    ActionRequest request() const;
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();
    void openDialog();

    QPushButton* m_unenroll;
};
