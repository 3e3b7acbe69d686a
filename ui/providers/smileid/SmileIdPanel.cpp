// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdPanel.h"

#include "providers/smileid/SmileIdFlagOption.h"
#include "widgets/ActionResultLabel.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmileIdPanel::SmileIdPanel(QWidget* parent)
    : UserIdPanel(parent)
    , m_linkId(new QPushButton(this))
{
    setObjectName(QStringLiteral("smileIdPanel"));
    m_userId->setObjectName(QStringLiteral("smileIdUserId"));
    m_linkId->setObjectName(QStringLiteral("smileIdLinkId"));
    connect(m_linkId, &QPushButton::clicked, this, &SmileIdPanel::linkIdRequested);

    addButton("smileIdAllowReenroll", QStringLiteral("allow-reenroll"), true);
    addButton("smileIdDeactivate", QStringLiteral("active"), false);
    addButton("smileIdReactivate", QStringLiteral("active"), true);
    addButton("smileIdMarkFraud", QStringLiteral("fraudulent"), true);
    addButton("smileIdClearFraud", QStringLiteral("fraudulent"), false);
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
    UserIdPanel::changeEvent(event);
}

void SmileIdPanel::addButton(const char* objectName, const QString& option, bool value)
{
    auto* button = new QPushButton(this);
    button->setObjectName(QString::fromLatin1(objectName));
    const Button entry{button, SmileIdFlagOption::byOption(option), value};
    Q_ASSERT(entry.option);
    m_buttons << entry;
    connect(button, &QPushButton::clicked, this, [this, entry] { openDialog(entry); });
}

void SmileIdPanel::setLinkedId(const QString& userId)
{
    if (!hasPerson())
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

ActionRequest SmileIdPanel::requestFor(const Button& button) const
{
    ActionRequest request;
    request.provider = QStringLiteral("smileid");
    request.action = QStringLiteral("flag");
    request.userId = userId();
    request.params = button.option->params(button.value);
    return request;
}

void SmileIdPanel::updateWidgets()
{
    for (const Button& b : m_buttons) {
        const QString why =
            restriction(requestFor(b), tr("Wait until the current Smile ID action has finished."),
                        tr("This person has no Smile ID user id: link one with Link id…."));
        b.button->setEnabled(why.isEmpty());
        b.button->setToolTip(why.isEmpty() ? tr("Opens a confirmation naming the person; you give a reason.")
                                           : why);
    }
    QString linkWhy = m_linkAllowed ? QString() : m_linkWhy;
    if (linkWhy.isEmpty() && !hasPerson())
        linkWhy = tr("Select a person first.");
    m_linkId->setEnabled(linkWhy.isEmpty());
    m_linkId->setToolTip(linkWhy.isEmpty() ? tr("The person is known to Smile ID under another id: link "
                                                "that id to their subject (audited).")
                                           : linkWhy);
}

void SmileIdPanel::openDialog(const Button& button)
{
    if (!button.button->isEnabled())
        return;
    const ActionRequest request = requestFor(button);
    ActionCommand::Options options;
    if (button.option->option == QLatin1String("delete")) {
        options.confirmationLabel = tr("Deleting is permanent: Smile ID blocks this user id for good. Type "
                                       "the user id <b>%1</b> to confirm:")
                                        .arg(request.userId.toHtmlEscaped());
        options.expectedConfirmation = request.userId;
    }
    openActionDialog(request, options, button.button, tr("Sending to Smile ID…"));
}
