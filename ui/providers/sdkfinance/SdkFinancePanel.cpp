// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinancePanel.h"

#include "providers/sdkfinance/ResetFieldsDialog.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "services/ActionService.h"
#include "services/Session.h"
#include "widgets/MessageBanner.h"
#include "widgets/ProviderIdField.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SdkFinancePanel::SdkFinancePanel(QWidget* parent)
    : ProviderPanel(parent)
    , m_userId(new ProviderIdField(this))
    , m_userLabel(new QLabel(this))
    , m_reset(new QPushButton(this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("sdkFinancePanel"));
    m_userId->setObjectName(QStringLiteral("sdkFinanceUserId"));
    setFocusPolicy(Qt::TabFocus); // focus returns here after an action, never into a field
    m_reset->setObjectName(QStringLiteral("sdkFinanceReset"));
    m_result->setObjectName(QStringLiteral("sdkFinanceResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    auto* row = new QHBoxLayout;
    row->addWidget(m_userLabel);
    row->addWidget(m_userId, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_reset);
    layout->addWidget(m_result);

    connect(m_userId, &QLineEdit::textChanged, this, &SdkFinancePanel::updateWidgets);
    connect(m_reset, &QPushButton::clicked, this, &SdkFinancePanel::openReset);
    retranslateUi();
}

void SdkFinancePanel::retranslateUi()
{
    setTitle(tr("SDK.Finance"));
    setAccessibleName(tr("SDK.Finance actions"));
    m_userId->setAccessibleName(tr("SDK.Finance user id"));
    m_userId->setToolTip(tr("The id SDK.Finance knows the selected person by."));
    m_userLabel->setText(tr("User id:"));
    m_reset->setText(tr("Reset identification…"));
    m_reset->setAccessibleName(tr("Reset SDK.Finance identification"));
    updateWidgets();
}

void SdkFinancePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    ProviderPanel::changeEvent(event);
}

void SdkFinancePanel::setSession(const Session* session, ActionService* service)
{
    setSession(session ? session->client<SdkFinanceClient>() : nullptr, service);
}

void SdkFinancePanel::setSession(SdkFinanceClient* client, ActionService* service)
{
    if (m_client)
        m_client->disconnect(this);
    // A new connection: log in to SDK.Finance now so that its permissions (and the actions'
    // restrictions) are known; the views re-read them on loginChanged. The reply deletes itself.
    if (client && client != m_client)
        client->logIn();
    m_client = client;
    m_service = client ? service : nullptr;
    if (m_client)
        connect(m_client, &SdkFinanceClient::loginChanged, this, &SdkFinancePanel::updateWidgets);
    setVisible(m_client != nullptr);
    updateWidgets();
}

void SdkFinancePanel::setEnvironment(const QString& profileName, bool production)
{
    m_profileName = profileName;
    m_production = production;
}

void SdkFinancePanel::setUserId(const QString& userId)
{
    if (userId != m_userId->text()) {
        if (m_dialog)
            m_dialog->reject();
        m_result->hide();
    }
    m_userId->setText(userId);
}

QString SdkFinancePanel::userId() const
{
    return m_userId->text().trimmed();
}

QString SdkFinancePanel::resultText() const
{
    return m_result->isHidden() ? QString() : m_result->text();
}

void SdkFinancePanel::clear()
{
    setUserId(QString());
}

void SdkFinancePanel::updateWidgets()
{
    QString why;
    if (!m_service) {
        why = tr("Not connected to SDK.Finance: open a connection profile with an 'sdkfinance' section.");
    } else {
        ActionRequest request;
        request.provider = QStringLiteral("sdkfinance");
        request.action = QStringLiteral("reset");
        request.userId = userId();
        request.params = QJsonObject{{QStringLiteral("fields"), QJsonArray()}};
        why = m_service->requestRestriction(request);
    }
    if (why.isEmpty() && userId().isEmpty())
        why = tr("Select a person known to SDK.Finance first.");
    m_reset->setEnabled(why.isEmpty());
    m_reset->setToolTip(why.isEmpty() ? tr("Choose the profile fields the user must submit again.") : why);
}

void SdkFinancePanel::openReset()
{
    if (!m_service || !m_reset->isEnabled())
        return;
    if (m_dialog)
        m_dialog->reject();
    auto* dialog = new ResetFieldsDialog(m_service, userId(), this);
    m_dialog = dialog;
    if (m_production)
        dialog->setProductionEnvironment(m_profileName);
    if (m_client)
        connect(m_client, &SdkFinanceClient::loginChanged, dialog, &ResetFieldsDialog::updateWidgets);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::finished, this, [this] {
        if (m_reset->isEnabled())
            m_reset->setFocus(Qt::OtherFocusReason);
        else
            setFocus(Qt::OtherFocusReason);
    });
    connect(dialog, &ResetFieldsDialog::actionFinished, this, [this](const QString& text) {
        m_result->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Info));
        m_result->setText(text);
        m_result->show();
    });
    dialog->open();
}
