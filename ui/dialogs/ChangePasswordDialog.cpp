// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChangePasswordDialog.h"

#include "services/OperatorService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
/// On a worker thread, with a store connection of its own.
ChangePasswordDialog::Result work(const PasswordChange& change, const Operator& op, const QString& current,
                                  const QString& replacement)
{
    ChangePasswordDialog::Result result;
    result.ok = change.change(op, current, replacement, &result.error);
    return result;
}

QLineEdit* passwordField(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setEchoMode(QLineEdit::Password);
    field->setAccessibleName(accessibleName);
    return field;
}
} // namespace

ChangePasswordDialog::ChangePasswordDialog(PasswordChange change, const Operator& op, const QString& note,
                                           QWidget* parent)
    : QDialog(parent)
    , m_change(std::move(change))
    , m_operator(op)
    , m_current(passwordField(QStringLiteral("currentPassword"), tr("Current password"), this))
    , m_new(passwordField(QStringLiteral("newPassword"), tr("New password"), this))
    , m_confirm(passwordField(QStringLiteral("confirmPassword"), tr("New password again"), this))
    , m_rule(new QLabel(this))
    , m_message(new QLabel(this))
    , m_watcher(new QFutureWatcher<Result>(this))
{
    setObjectName(QStringLiteral("changePasswordDialog"));
    setWindowTitle(tr("Change your password — IdentityDesk"));
    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setText(
        (note.isEmpty() ? QString() : note + QStringLiteral("\n\n")) +
        tr("The new password is yours alone: the change is in the audit log, the password never."));
    auto* form = new QFormLayout;
    form->addRow(tr("&Current password of %1:").arg(op.name), m_current);
    form->addRow(tr("&New password:"), m_new);
    form->addRow(tr("New password &again:"), m_confirm);
    m_rule->setObjectName(QStringLiteral("changePasswordRule"));
    m_rule->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("changePasswordMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_message->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(tr("&Change password"), QDialogButtonBox::AcceptRole);
    m_ok->setObjectName(QStringLiteral("changePasswordOk"));
    m_ok->setDefault(true);
    connect(m_ok, &QPushButton::clicked, this, &ChangePasswordDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* field : {m_current, m_new, m_confirm})
        connect(field, &QLineEdit::textChanged, this, &ChangePasswordDialog::updateWidgets);
    connect(m_watcher, &QFutureWatcher<Result>::finished, this, &ChangePasswordDialog::onFinished);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_rule);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    updateWidgets();
    m_current->setFocus();
}

void ChangePasswordDialog::updateWidgets()
{
    const bool busy = m_watcher->isRunning();
    QString why;
    if (busy)
        why = tr("Changing the password…");
    else if (m_current->text().isEmpty())
        why = tr("Type your current password.");
    else if (m_new->text().size() < OperatorService::kMinimumPasswordLength)
        why = tr("The new password needs at least %n characters.", nullptr,
                 OperatorService::kMinimumPasswordLength);
    else if (m_confirm->text() != m_new->text())
        why = tr("Type the same new password twice.");
    m_rule->setText(why);
    m_ok->setEnabled(why.isEmpty());
    m_ok->setToolTip(why);
    for (QLineEdit* field : {m_current, m_new, m_confirm})
        field->setEnabled(!busy);
}

void ChangePasswordDialog::submit()
{
    if (!m_ok->isEnabled() || m_watcher->isRunning())
        return;
    m_message->hide();
    m_watcher->setFuture(QtConcurrent::run(work, m_change, m_operator, m_current->text(), m_new->text()));
    updateWidgets();
}

void ChangePasswordDialog::onFinished()
{
    const Result result = m_watcher->result();
    if (!result.ok) {
        m_current->clear();
        m_message->setText(result.error);
        m_message->show();
        updateWidgets();
        m_current->setFocus();
        return;
    }
    emit changed();
    accept();
}
