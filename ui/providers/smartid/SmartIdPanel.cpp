// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdPanel.h"

#include "dialogs/ActionDialog.h"
#include "services/ActionService.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmartIdPanel::SmartIdPanel(QWidget* parent)
    : QGroupBox(tr("SmartID Suite"), parent)
    , m_userId(new QLineEdit(this))
    , m_unenroll(new QPushButton(tr("Reset biometric enrollment…"), this))
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("smartIdPanel"));
    setAccessibleName(tr("SmartID Suite actions"));

    m_userId->setObjectName(QStringLiteral("smartIdUser"));
    m_userId->setAccessibleName(tr("SmartID user"));
    m_userId->setPlaceholderText(tr("SmartID user (e-mail)"));
    m_userId->setToolTip(
        tr("The user SmartID Suite knows this person by. SmartID identifies users by their e-mail "
           "address, so it is filled in from the selected user's e-mail. Change it if the person was "
           "enrolled under another one."));
    auto* userLabel = new QLabel(tr("U&ser:"), this);
    userLabel->setBuddy(m_userId);

    m_unenroll->setObjectName(QStringLiteral("smartIdUnenroll"));
    m_unenroll->setAccessibleName(tr("Reset biometric enrollment"));

    m_result->setObjectName(QStringLiteral("smartIdResult"));
    m_result->setAccessibleName(tr("Result of the last SmartID action"));

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(userLabel);
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
    updateWidgets();
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
    // A refreshed record of the same person keeps whatever the officer typed.
    const QString key = user.provider + QLatin1Char(':') + user.id;
    if (key == m_shownUser)
        return;
    m_shownUser = key;
    m_userId->setText(user.email);
    m_result->clearResult();
}

void SmartIdPanel::clear()
{
    m_shownUser.clear();
    m_userId->clear();
    m_result->clearResult();
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
        why = m_service->requestRestriction(request());
    if (why.isEmpty() && m_result->isBusy())
        why = tr("Wait until the current SmartID action has finished.");
    if (why.isEmpty() && userId().isEmpty())
        why = tr("Type the SmartID user (e-mail) first.");
    m_unenroll->setEnabled(why.isEmpty());
    m_unenroll->setToolTip(why.isEmpty() ? tr("Removes the person's biometric enrollment at SmartID so that "
                                              "they can enroll again. Opens a confirmation with the exact "
                                              "request; you give a reason.")
                                         : why);
    m_userId->setEnabled(m_service && !m_result->isBusy());
}

void SmartIdPanel::openDialog()
{
    if (!m_service || !m_unenroll->isEnabled())
        return;
    auto* dialog = new ActionDialog(m_service, request(), this);
    if (m_production)
        dialog->setProductionEnvironment(m_profileName);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { submit(dialog->request()); });
    dialog->open();
}

void SmartIdPanel::submit(const ActionRequest& request)
{
    if (!m_service)
        return;
    m_result->track(m_service->submit(request), tr("Sending to SmartID…"));
}
