// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserIdPanel.h"

#include "dialogs/ActionDialog.h"
#include "services/ActionService.h"
#include "widgets/ActionResultLabel.h"
#include "widgets/ProviderIdField.h"

#include <QLabel>

UserIdPanel::UserIdPanel(QWidget* parent)
    : ProviderPanel(parent)
    , m_userId(new ProviderIdField(this))
    , m_userLabel(new QLabel(this))
    , m_result(new ActionResultLabel(this))
{
    setFocusPolicy(Qt::TabFocus); // focus returns here after an action, never into a field
    connect(m_userId, &QLineEdit::textChanged, this, [this] { updateWidgets(); });
    connect(m_result, &ActionResultLabel::busyChanged, this, [this] { updateWidgets(); });
}

void UserIdPanel::setActionService(ActionService* service)
{
    m_service = service;
    m_result->forget(); // a ticket of the previous service went with it
    updateWidgets();
}

void UserIdPanel::setEnvironment(const QString& profileName, bool production)
{
    m_profileName = profileName;
    m_production = production;
}

void UserIdPanel::setUser(const UserRecord& user)
{
    const QString key = user.provider + QLatin1Char(':') + user.id;
    if (key != m_shownUser) {
        closeDialog();
        m_result->clearResult();
    }
    m_shownUser = key;
    m_personName = user.displayName();
    m_userId->setText(defaultIdOf(user));
    updateWidgets();
}

void UserIdPanel::showPerson(const UserRecord& record, const QString& id)
{
    setUser(record);
    if (!id.isEmpty() && id != m_userId->text()) {
        m_userId->setText(id);
        updateWidgets();
    }
}

void UserIdPanel::clear()
{
    closeDialog();
    m_shownUser.clear();
    m_personName.clear();
    m_userId->clear();
    m_result->clearResult();
    updateWidgets();
}

void UserIdPanel::closeDialog()
{
    if (m_dialog)
        m_dialog->reject();
}

QString UserIdPanel::userId() const
{
    return m_userId->text().trimmed();
}

QString UserIdPanel::resultText() const
{
    return m_result->resultText();
}

QString UserIdPanel::restriction(const ActionRequest& request, const QString& busy, const QString& noId) const
{
    if (!m_service)
        return tr("Not connected: open a connection profile first.");
    if (const QString why = m_service->authorisation().requestRestriction(request); !why.isEmpty())
        return why;
    if (m_result->isBusy())
        return busy;
    if (m_shownUser.isEmpty())
        return tr("Select a person first.");
    if (userId().isEmpty())
        return noId;
    return QString();
}

void UserIdPanel::openActionDialog(const ActionRequest& request, ActionCommand::Options options,
                                   QAbstractButton* opener, const QString& sending)
{
    if (!m_service)
        return;
    closeDialog();
    options.person = m_personName;
    options.productionProfile = m_production ? m_profileName : QString();
    ActionDialog* dialog = ActionCommand::open(m_service, request, options, this, opener,
                                               [this, sending](ActionTicket* ticket, const QString& subject) {
                                                   m_result->track(ticket, sending, subject);
                                               });
    m_dialog = dialog;
    connect(dialog, &ActionDialog::showEarlierAction, this, &UserIdPanel::showActionRequested);
}
