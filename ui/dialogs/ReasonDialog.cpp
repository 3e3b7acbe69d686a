// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReasonDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

ReasonDialog::ReasonDialog(QWidget* parent)
    : QDialog(parent)
    , m_message(new QLabel(this))
    , m_details(new QPlainTextEdit(this))
    , m_reasonLabel(new QLabel(this))
    , m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("reasonDialog"));
    m_message->setObjectName(QStringLiteral("reasonDialogMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("reasonDialogDetails"));
    m_details->setAccessibleName(tr("Details"));
    m_details->setReadOnly(true);
    m_details->setTabChangesFocus(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setMinimumHeight(160);
    m_details->hide();
    m_reasonLabel->setObjectName(QStringLiteral("reasonDialogLabel"));
    m_reasonLabel->setWordWrap(true);
    m_reasonLabel->setBuddy(m_reason);
    m_reason->setObjectName(QStringLiteral("reasonDialogEdit"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setMaxLength(1000);

    auto* buttons = new QDialogButtonBox(this);
    m_ok = buttons->addButton(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("reasonDialogOk"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("reasonDialogCancel"));
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_ok->isEnabled())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &ReasonDialog::updateWidgets);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_details, 1);
    layout->addWidget(m_reasonLabel);
    layout->addWidget(m_reason);
    layout->addStretch(0);
    layout->addWidget(buttons);
    setMinimumWidth(480);
    setReasonLabel(tr("&Reason:"), true);
    setAcceptText(tr("OK"));
    m_reason->setFocus();
}

void ReasonDialog::setMessage(const QString& text)
{
    m_message->setText(text);
}

void ReasonDialog::setDetails(const QString& text)
{
    m_details->setPlainText(text);
    m_details->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        resize(qMax(width(), 660), qMax(height(), 480));
}

void ReasonDialog::setReasonLabel(const QString& label, bool required)
{
    m_required = required;
    m_reasonLabel->setText(label);
    m_reason->setPlaceholderText(required ? tr("Required") : tr("Optional"));
    updateWidgets();
}

void ReasonDialog::setAcceptText(const QString& text)
{
    m_ok->setText(text);
    m_ok->setAccessibleName(QString(text).remove(QLatin1Char('&')));
}

QString ReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

void ReasonDialog::updateWidgets()
{
    const bool ok = !m_required || !reason().isEmpty();
    m_ok->setEnabled(ok);
    m_ok->setToolTip(ok ? QString() : tr("Type a reason first."));
}
