// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinancePanel.h"

#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "providers/sdkfinance/ResetFieldsEditor.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "services/ActionService.h"
#include "services/Session.h"
#include "widgets/ActionResultLabel.h"
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
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("sdkFinancePanel"));
    m_userId->setObjectName(QStringLiteral("sdkFinanceUserId"));
    setFocusPolicy(Qt::TabFocus); // focus returns here after an action, never into a field
    m_reset->setObjectName(QStringLiteral("sdkFinanceReset"));
    m_result->setObjectName(QStringLiteral("sdkFinanceResult"));

    auto* row = new QHBoxLayout;
    row->addWidget(m_userLabel);
    row->addWidget(m_userId, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_reset);
    layout->addWidget(m_result);

    connect(m_userId, &QLineEdit::textChanged, this, &SdkFinancePanel::updateWidgets);
    connect(m_reset, &QPushButton::clicked, this, &SdkFinancePanel::openReset);
    connect(m_result, &ActionResultLabel::busyChanged, this, &SdkFinancePanel::updateWidgets);
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
    m_result->setAccessibleName(tr("Result of the last SDK.Finance action"));
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
    m_result->forget(); // a ticket of the previous service went with it
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
        m_result->clearResult();
    }
    m_userId->setText(userId);
}

QString SdkFinancePanel::userId() const
{
    return m_userId->text().trimmed();
}

QString SdkFinancePanel::resultText() const
{
    return m_result->resultText();
}

void SdkFinancePanel::showPerson(const UserRecord& record, const QString& id)
{
    m_personName = record.displayName();
    setUserId(id);
}

void SdkFinancePanel::clear()
{
    m_personName.clear();
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
        why = m_service->authorisation().requestRestriction(request);
    }
    if (why.isEmpty() && m_result->isBusy())
        why = tr("Wait until the current SDK.Finance action has finished.");
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
    ActionRequest request;
    request.provider = QStringLiteral("sdkfinance");
    request.action = QStringLiteral("reset");
    request.userId = userId();
    ActionCommand::Options options;
    options.person = m_personName;
    options.productionProfile = m_production ? m_profileName : QString();
    options.parameters = new ResetFieldsEditor;
    ActionDialog* dialog = ActionCommand::open(
        m_service, request, options, this, m_reset, [this](ActionTicket* ticket, const QString& subject) {
            m_result->track(ticket, tr("Sending to SDK.Finance…"), subject);
        });
    m_dialog = dialog;
    connect(dialog, &ActionDialog::showEarlierAction, this, &SdkFinancePanel::showActionRequested);
    if (m_client)
        connect(m_client, &SdkFinanceClient::loginChanged, dialog, &ActionDialog::recheck);
}
