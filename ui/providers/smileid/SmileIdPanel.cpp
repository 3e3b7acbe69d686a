// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdPanel.h"

#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "services/ActionService.h"
#include "widgets/MessageBanner.h"
#include "widgets/ProviderIdField.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmileIdPanel::SmileIdPanel(QWidget* parent)
    : ProviderPanel(parent)
    , m_userId(new ProviderIdField(this))
    , m_userLabel(new QLabel(this))
    , m_linkId(new QPushButton(this))
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("smileIdPanel"));
    m_userId->setObjectName(QStringLiteral("smileIdUserId"));
    m_linkId->setObjectName(QStringLiteral("smileIdLinkId"));
    connect(m_linkId, &QPushButton::clicked, this, &SmileIdPanel::linkIdRequested);
    setFocusPolicy(Qt::TabFocus); // focus returns here after an action, never into a field

    addButton("smileIdAllowReenroll", QStringLiteral("allow_new_enroll"), true);
    addButton("smileIdDeactivate", QStringLiteral("active"), false);
    addButton("smileIdReactivate", QStringLiteral("active"), true);
    addButton("smileIdMarkFraud", QStringLiteral("is_fraudulent"), true);
    addButton("smileIdClearFraud", QStringLiteral("is_fraudulent"), false);
    addButton("smileIdDelete", QStringLiteral("delete"), true);

    m_result->setObjectName(QStringLiteral("smileIdResult"));

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(m_userLabel);
    idRow->addWidget(m_userId, 1);
    idRow->addWidget(m_linkId);
    auto* grid = new QGridLayout;
    for (int i = 0; i < m_buttons.size(); ++i)
        grid->addWidget(m_buttons.at(i).button, i / 2, i % 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(idRow);
    layout->addLayout(grid);
    layout->addWidget(m_result);

    connect(m_userId, &QLineEdit::textChanged, this, &SmileIdPanel::updateWidgets);
    connect(m_result, &ActionResultLabel::busyChanged, this, &SmileIdPanel::updateWidgets);
    retranslateUi();
}

void SmileIdPanel::retranslateUi()
{
    setTitle(tr("Smile ID"));
    setAccessibleName(tr("Smile ID actions"));
    m_userId->setAccessibleName(tr("Smile ID user id"));
    m_userId->setToolTip(
        tr("The id Smile ID knows this person by: the id linked in the subject index, else Trust "
           "Swiftly's reference id (the partner's own user id, the one the enrollment was made with). "
           "If the person was enrolled under another id, link it with Link id…"));
    m_userLabel->setText(tr("User id:"));
    m_linkId->setText(tr("&Link id…"));
    m_linkId->setAccessibleName(tr("Link a Smile ID user id"));
    const QList<QPair<QString, QString>> texts{
        {tr("Allow re-enroll…"), tr("Allow re-enroll")}, {tr("Deactivate…"), tr("Deactivate")},
        {tr("Reactivate…"), tr("Reactivate")},           {tr("Mark fraudulent…"), tr("Mark fraudulent")},
        {tr("Clear fraud…"), tr("Clear fraud")},         {tr("Delete…"), tr("Delete")}};
    for (int i = 0; i < m_buttons.size() && i < texts.size(); ++i) {
        m_buttons.at(i).button->setText(texts.at(i).first);
        m_buttons.at(i).button->setAccessibleName(texts.at(i).second);
    }
    m_result->setAccessibleName(tr("Result of the last Smile ID action"));
    updateWidgets();
}

void SmileIdPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    ProviderPanel::changeEvent(event);
}

void SmileIdPanel::addButton(const char* objectName, const QString& flag, bool value)
{
    auto* button = new QPushButton(this);
    button->setObjectName(QString::fromLatin1(objectName));
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
    const QString key = user.provider + QLatin1Char(':') + user.id;
    if (key != m_shownUser) {
        closeDialog();
        m_result->clearResult();
    }
    m_shownUser = key;
    m_personName = user.displayName();
    m_userId->setText(user.referenceId);
    updateWidgets();
}

void SmileIdPanel::showPerson(const UserRecord& record, const QString& id)
{
    setUser(record);
    if (!id.isEmpty() && id != m_userId->text()) {
        m_userId->setText(id);
        updateWidgets();
    }
}

void SmileIdPanel::setLinkedId(const QString& userId)
{
    if (m_shownUser.isEmpty())
        return;
    closeDialog();
    m_userId->setText(userId);
    updateWidgets();
}

void SmileIdPanel::setLinkAllowed(bool allowed, const QString& why)
{
    m_linkAllowed = allowed;
    m_linkWhy = why;
    updateWidgets();
}

void SmileIdPanel::clear()
{
    closeDialog();
    m_shownUser.clear();
    m_personName.clear();
    m_userId->clear();
    m_result->clearResult();
    updateWidgets();
}

void SmileIdPanel::closeDialog()
{
    if (m_dialog)
        m_dialog->reject();
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
            why = m_service->authorisation().requestRestriction(requestFor(b));
        if (why.isEmpty() && m_result->isBusy())
            why = tr("Wait until the current Smile ID action has finished.");
        if (why.isEmpty() && m_shownUser.isEmpty())
            why = tr("Select a person first.");
        if (why.isEmpty() && userId().isEmpty())
            why = tr("This person has no Smile ID user id: link one with Link id….");
        b.button->setEnabled(why.isEmpty());
        b.button->setToolTip(why.isEmpty() ? tr("Opens a confirmation naming the person; you give a reason.")
                                           : why);
    }
    QString linkWhy = m_linkAllowed ? QString() : m_linkWhy;
    if (linkWhy.isEmpty() && m_shownUser.isEmpty())
        linkWhy = tr("Select a person first.");
    m_linkId->setEnabled(linkWhy.isEmpty());
    m_linkId->setToolTip(linkWhy.isEmpty() ? tr("The person is known to Smile ID under another id: link "
                                                "that id to their subject (audited).")
                                           : linkWhy);
}

void SmileIdPanel::openDialog(const Button& button)
{
    if (!m_service || !button.button->isEnabled())
        return;
    const ActionRequest request = requestFor(button);
    closeDialog();
    ActionCommand::Options options;
    options.person = m_personName;
    options.productionProfile = m_production ? m_profileName : QString();
    if (button.flag == QLatin1String("delete")) {
        options.confirmationLabel = tr("Deleting is permanent: Smile ID blocks this user id for good. Type "
                                       "the user id <b>%1</b> to confirm:")
                                        .arg(request.userId.toHtmlEscaped());
        options.expectedConfirmation = request.userId;
    }
    ActionDialog* dialog =
        ActionCommand::open(m_service, request, options, this, button.button,
                            [this](ActionTicket* ticket, const QString& subject) {
                                m_result->track(ticket, tr("Sending to Smile ID…"), subject);
                            });
    m_dialog = dialog;
    connect(dialog, &ActionDialog::showEarlierAction, this, &SmileIdPanel::showActionRequested);
}
