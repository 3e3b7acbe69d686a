// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdPanel.h"

#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "services/ActionService.h"
#include "widgets/ProviderIdField.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmartIdPanel::SmartIdPanel(QWidget* parent)
    : ProviderPanel(parent)
    , m_userId(new ProviderIdField(this))
    , m_userLabel(new QLabel(this))
    , m_unenroll(new QPushButton(this))
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("smartIdPanel"));
    m_userId->setObjectName(QStringLiteral("smartIdUser"));
    setFocusPolicy(Qt::TabFocus); // focus returns here after an action, never into a field
    m_unenroll->setObjectName(QStringLiteral("smartIdUnenroll"));
    m_result->setObjectName(QStringLiteral("smartIdResult"));

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(m_userLabel);
    idRow->addWidget(m_userId, 1);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_unenroll);
    buttonRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(idRow);
    layout->addLayout(buttonRow);
    layout->addWidget(m_result);

    connect(m_userId, &QLineEdit::textChanged, this, &SmartIdPanel::updateWidgets);
    connect(m_result, &ActionResultLabel::busyChanged, this, &SmartIdPanel::updateWidgets);
    connect(m_unenroll, &QPushButton::clicked, this, &SmartIdPanel::openDialog);
    retranslateUi();
}

void SmartIdPanel::retranslateUi()
{
    setTitle(tr("SmartID Suite"));
    setAccessibleName(tr("SmartID Suite actions"));
    m_userId->setAccessibleName(tr("SmartID user"));
    m_userId->setToolTip(tr("The user SmartID Suite knows this person by: SmartID identifies users by "
                            "their e-mail address, the selected person's."));
    m_userLabel->setText(tr("User:"));
    m_unenroll->setText(tr("Reset biometric enrollment…"));
    m_unenroll->setAccessibleName(tr("Reset biometric enrollment"));
    m_result->setAccessibleName(tr("Result of the last SmartID action"));
    updateWidgets();
}

void SmartIdPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    ProviderPanel::changeEvent(event);
}

void SmartIdPanel::setActionService(ActionService* service)
{
    m_service = service;
    m_result->forget(); // a ticket of the previous service went with it
    updateWidgets();
}

void SmartIdPanel::setEnvironment(const QString& profileName, bool production)
{
    m_profileName = profileName;
    m_production = production;
}

void SmartIdPanel::setUser(const UserRecord& user)
{
    const QString key = user.provider + QLatin1Char(':') + user.id;
    if (key != m_shownUser) {
        closeDialog();
        m_result->clearResult();
    }
    m_shownUser = key;
    m_personName = user.displayName();
    m_userId->setText(user.email);
    updateWidgets();
}

void SmartIdPanel::showPerson(const UserRecord& record, const QString& id)
{
    setUser(record);
    if (!id.isEmpty() && id != m_userId->text()) {
        m_userId->setText(id);
        updateWidgets();
    }
}

void SmartIdPanel::clear()
{
    closeDialog();
    m_shownUser.clear();
    m_personName.clear();
    m_userId->clear();
    m_result->clearResult();
    updateWidgets();
}

void SmartIdPanel::closeDialog()
{
    if (m_dialog)
        m_dialog->reject();
}

QString SmartIdPanel::userId() const
{
    return m_userId->text().trimmed();
}

QString SmartIdPanel::resultText() const
{
    return m_result->resultText();
}

ActionRequest SmartIdPanel::request() const
{
    ActionRequest r;
    r.provider = QStringLiteral("smartid");
    r.action = QStringLiteral("unenroll");
    r.userId = userId();
    return r;
}

void SmartIdPanel::updateWidgets()
{
    QString why;
    if (!m_service)
        why = tr("Not connected: open a connection profile first.");
    else
        why = m_service->authorisation().requestRestriction(request());
    if (why.isEmpty() && m_result->isBusy())
        why = tr("Wait until the current SmartID action has finished.");
    if (why.isEmpty() && m_shownUser.isEmpty())
        why = tr("Select a person first.");
    if (why.isEmpty() && userId().isEmpty())
        why = tr("SmartID knows people by e-mail, and this person has none.");
    m_unenroll->setEnabled(why.isEmpty());
    m_unenroll->setToolTip(why.isEmpty() ? tr("Removes the person's biometric enrollment at SmartID so that "
                                              "they can enroll again. Opens a confirmation naming the "
                                              "person; you give a reason.")
                                         : why);
}

void SmartIdPanel::openDialog()
{
    if (!m_service || !m_unenroll->isEnabled())
        return;
    closeDialog();
    ActionCommand::Options options;
    options.person = m_personName;
    options.productionProfile = m_production ? m_profileName : QString();
    ActionDialog* dialog =
        ActionCommand::open(m_service, request(), options, this, m_unenroll,
                            [this](ActionTicket* ticket, const QString& subject) {
                                m_result->track(ticket, tr("Sending to SmartID…"), subject);
                            });
    m_dialog = dialog;
    connect(dialog, &ActionDialog::showEarlierAction, this, &SmartIdPanel::showActionRequested);
}
