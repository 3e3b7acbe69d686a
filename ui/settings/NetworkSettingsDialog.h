// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SecretStore;

/// The proxy: the system's configuration (default), a manual HTTP proxy (host, port, optional
/// user; its password in the secret store), or none. Applied to the whole application on save.
class NetworkSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkSettingsDialog)

public:
    /// secrets is not owned and must outlive the dialog.
    explicit NetworkSettingsDialog(SecretStore* secrets, QWidget* parent = nullptr);

private:
    void updateWidgets();
    void save();

    SecretStore* m_secrets;
    QComboBox* m_mode;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLabel* m_problem;
    QPushButton* m_save;
};
