// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdPanel.h"

#include "dialogs/ActionDialog.h"
#include "services/ActionService.h"
#include "widgets/MessageBanner.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmileIdPanel::SmileIdPanel(QWidget* parent)
    : QGroupBox(tr("Smile ID"), parent)
    , m_userId(new QLineEdit(this))
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("smileIdPanel"));
    setAccessibleName(tr("Smile ID actions"));

    m_userId->setObjectName(QStringLiteral("smileIdUserId"));
    m_userId->setAccessibleName(tr("Smile ID user id"));
    m_userId->setPlaceholderText(tr("Smile ID user id"));
    m_userId->setToolTip(
        tr("The id Smile ID knows this person by. Trust Swiftly's reference id is the partner's "
           "own user id, the same one the enrollment was made with, so it is filled in from "
           "the selected user's reference id. Change it if the person was enrolled under "
           "another id."));
    auto* userLabel = new QLabel(tr("&User id:"), this);
    userLabel->setBuddy(m_userId);

    addButton("smileIdAllowReenroll", tr("Allow re-enroll…"), tr("Allow re-enroll"),
              QStringLiteral("allow_new_enroll"), true);
    addButton("smileIdDeactivate", tr("Deactivate…"), tr("Deactivate"), QStringLiteral("active"), false);
    addButton("smileIdReactivate", tr("Reactivate…"), tr("Reactivate"), QStringLiteral("active"), true);
    addButton("smileIdMarkFraud", tr("Mark fraudulent…"), tr("Mark fraudulent"),
              QStringLiteral("is_fraudulent"), true);
    addButton("smileIdClearFraud", tr("Clear fraud…"), tr("Clear fraud"), QStringLiteral("is_fraudulent"),
              false);
    addButton("smileIdDelete", tr("Delete…"), tr("Delete"), QStringLiteral("delete"), true);

    m_result->setObjectName(QStringLiteral("smileIdResult"));
    m_result->setAccessibleName(tr("Result of the last Smile ID action"));

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(userLabel);
    idRow->addWidget(m_userId, 1);
    auto* grid = new QGridLayout;
    for (int i = 0; i < m_buttons.size(); ++i)
        grid->addWidget(m_buttons.at(i).button, i / 2, i % 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(idRow);
    layout->addLayout(grid);
    layout->addWidget(m_result);

    connect(m_userId, &QLineEdit::textChanged, this, &SmileIdPanel::updateWidgets);
    connect(m_result, &ActionResultLabel::busyChanged, this, &SmileIdPanel::updateWidgets);
    updateWidgets();
}

void SmileIdPanel::addButton(const char* objectName, const QString& text, const QString& accessibleName,
                             const QString& flag, bool value)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(QString::fromLatin1(objectName));
    button->setAccessibleName(accessibleName);
    const Button entry{button, flag, value};
    m_buttons << entry;
    connect(button, &QPushButton::clicked, this, [this, entry] { openDialog(entry); });
}

void SmileIdPanel::setActionService(ActionService* service)
{
    m_service = service;
    m_result->forget(); // a ticket of the previous service went with it
    updateWidgets();
}

void SmileIdPanel::setEnvironment(const QString& profileName, bool production)
{
    m_profileName = profileName;
    m_production = production;
}

void SmileIdPanel::setUser(const UserRecord& user)
{
    // A refreshed record of the same person keeps whatever the officer typed.
    const QString key = user.provider + QLatin1Char(':') + user.id;
    if (key == m_shownUser)
        return;
    m_shownUser = key;
    m_userId->setText(user.referenceId);
}

void SmileIdPanel::clear()
{
    m_shownUser.clear();
    m_userId->clear();
}

QString SmileIdPanel::userId() const
{
    return m_userId->text().trimmed();
}

QString SmileIdPanel::resultText() const
{
    return m_result->resultText();
}

ActionRequest SmileIdPanel::requestFor(const Button& button) const
{
    ActionRequest request;
    request.provider = QStringLiteral("smileid");
    request.action = QStringLiteral("flag");
    request.userId = userId();
    request.params =
        QJsonObject{{QStringLiteral("flag"), button.flag}, {QStringLiteral("value"), button.value}};
    return request;
}

void SmileIdPanel::updateWidgets()
{
    for (const Button& b : m_buttons) {
        QString why;
        if (!m_service)
            why = tr("Not connected: open a connection profile first.");
        else
            why = m_service->requestRestriction(requestFor(b));
        if (why.isEmpty() && m_result->isBusy())
            why = tr("Wait until the current Smile ID action has finished.");
        if (why.isEmpty() && userId().isEmpty())
            why = tr("Type the Smile ID user id first.");
        b.button->setEnabled(why.isEmpty());
        b.button->setToolTip(
            why.isEmpty() ? tr("Opens a confirmation with the exact request; you give a reason.") : why);
    }
    m_userId->setEnabled(m_service && !m_result->isBusy());
}

void SmileIdPanel::openDialog(const Button& button)
{
    if (!m_service || !button.button->isEnabled())
        return;
    const ActionRequest request = requestFor(button);
    auto* dialog = new ActionDialog(m_service, request, this);
    if (m_production)
        dialog->setProductionEnvironment(m_profileName);
    if (button.flag == QLatin1String("delete"))
        dialog->setTypedConfirmation(
            tr("Deleting is permanent: Smile ID blocks this user id for good. Type the "
               "user id <b>%1</b> to confirm:")
                .arg(request.userId.toHtmlEscaped()),
            request.userId);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { submit(dialog->request()); });
    dialog->open();
}

void SmileIdPanel::submit(const ActionRequest& request)
{
    if (!m_service)
        return;
    m_result->track(m_service->submit(request), tr("Sending to Smile ID…"));
}
