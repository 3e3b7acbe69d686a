// SPDX-License-Identifier: GPL-3.0-or-later
#include "NetworkSettingsDialog.h"

#include "services/ProxySettings.h"
#include "services/SecretStore.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

NetworkSettingsDialog::NetworkSettingsDialog(SecretStore* secrets, QWidget* parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_mode(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("networkSettingsDialog"));
    setWindowTitle(tr("Network — IdentityDesk"));
    m_mode->setObjectName(QStringLiteral("proxyMode"));
    m_mode->addItem(tr("Use the system's proxy settings"), int(ProxySettings::Mode::System));
    m_mode->addItem(tr("Manual HTTP proxy"), int(ProxySettings::Mode::Manual));
    m_mode->addItem(tr("No proxy"), int(ProxySettings::Mode::None));
    m_host->setObjectName(QStringLiteral("proxyHost"));
    m_port->setObjectName(QStringLiteral("proxyPort"));
    m_port->setRange(1, 65535);
    m_user->setObjectName(QStringLiteral("proxyUser"));
    m_password->setObjectName(QStringLiteral("proxyPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in %1").arg(secrets->description()));
    m_problem->setObjectName(QStringLiteral("proxyProblem"));
    m_problem->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_problem->setWordWrap(true);

    auto* form = new QFormLayout;
    auto addRow = [&](const QString& text, QWidget* field) {
        auto* label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("&Proxy:"), m_mode);
    addRow(tr("&Host:"), m_host);
    addRow(tr("P&ort:"), m_port);
    addRow(tr("&User (optional):"), m_user);
    addRow(tr("Pass&word (optional):"), m_password);
    auto* note =
        new QLabel(tr("TLS 1.2 or later and certificate verification are always on. Add a private CA or a "
                      "pinned key in each connection profile."),
                   this);
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveNetwork"));
    connect(buttons, &QDialogButtonBox::accepted, this, &NetworkSettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    const ProxySettings current = ProxySettings::load();
    m_mode->setCurrentIndex(m_mode->findData(int(current.mode)));
    m_host->setText(current.host);
    m_port->setValue(current.port);
    m_user->setText(current.user);
    m_secrets->read(QString::fromLatin1(ProxySettings::kPasswordKey), this,
                    [this](const SecretStore::Result& r) {
                        if (r.status == SecretStore::Result::Status::Found && m_password->text().isEmpty())
                            m_password->setText(r.value);
                    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &NetworkSettingsDialog::updateWidgets);
    connect(m_host, &QLineEdit::textChanged, this, &NetworkSettingsDialog::updateWidgets);
    updateWidgets();
}

void NetworkSettingsDialog::updateWidgets()
{
    const bool manual = m_mode->currentData().toInt() == int(ProxySettings::Mode::Manual);
    for (QWidget* w : {static_cast<QWidget*>(m_host), static_cast<QWidget*>(m_port),
                       static_cast<QWidget*>(m_user), static_cast<QWidget*>(m_password)})
        w->setEnabled(manual);
    ProxySettings s;
    s.mode = ProxySettings::Mode(m_mode->currentData().toInt());
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    const QString problem = s.problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_save->setEnabled(problem.isEmpty());
}

void NetworkSettingsDialog::save()
{
    ProxySettings s;
    s.mode = ProxySettings::Mode(m_mode->currentData().toInt());
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.user = m_user->text().trimmed();
    if (!s.problem().isEmpty())
        return;
    s.save();
    const QString password = s.mode == ProxySettings::Mode::Manual ? m_password->text() : QString();
    s.apply(password);
    m_secrets->write(QString::fromLatin1(ProxySettings::kPasswordKey), password, this,
                     [this](const SecretStore::Result& r) {
                         if (r.ok()) {
                             accept();
                             return;
                         }
                         m_problem->setText(tr("The proxy password could not be saved: %1").arg(r.error));
                         m_problem->show();
                     });
}
