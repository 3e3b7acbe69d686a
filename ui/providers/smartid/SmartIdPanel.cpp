// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdPanel.h"

#include "widgets/ActionResultLabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SmartIdPanel::SmartIdPanel(QWidget* parent)
    : UserIdPanel(parent)
    , m_unenroll(new QPushButton(this))
{
    setObjectName(QStringLiteral("smartIdPanel"));
    m_userId->setObjectName(QStringLiteral("smartIdUser"));
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
    UserIdPanel::changeEvent(event);
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
    const QString why = restriction(request(), tr("Wait until the current SmartID action has finished."),
                                    tr("SmartID knows people by e-mail, and this person has none."));
    m_unenroll->setEnabled(why.isEmpty());
    m_unenroll->setToolTip(why.isEmpty() ? tr("Removes the person's biometric enrollment at SmartID so that "
                                              "they can enroll again. Opens a confirmation naming the "
                                              "person; you give a reason.")
                                         : why);
}

void SmartIdPanel::openDialog()
{
    if (m_unenroll->isEnabled())
        openActionDialog(request(), {}, m_unenroll, tr("Sending to SmartID…"));
}
