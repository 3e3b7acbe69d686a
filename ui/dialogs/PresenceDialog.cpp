// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceDialog.h"

#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
/// On a worker thread, with a store connection of its own.
PresenceDialog::Result checkPassword(const PresenceCheck& check, const QString& name, const QString& password,
                                     OperatorService::Presence why)
{
    PresenceDialog::Result result;
    result.ok = check.check(name, password, why, &result.error);
    return result;
}
} // namespace

PresenceDialog::PresenceDialog(PresenceCheck check, const Operator& op, OperatorService::Presence why,
                               const QString& message, QWidget* parent)
    : QDialog(parent)
    , m_check(std::move(check))
    , m_operator(op)
    , m_why(why)
    , m_message(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_watcher(new QFutureWatcher<Result>(this))
{
    const bool unlock = why == OperatorService::Presence::Unlock;
    setObjectName(unlock ? QStringLiteral("lockDialog") : QStringLiteral("stepUpDialog"));
    setWindowTitle(unlock ? tr("Console locked — IdentityDesk") : tr("Confirm it is you — IdentityDesk"));
    setModal(true);
    auto* text = new QLabel(message, this);
    text->setWordWrap(true);
    auto* label = new QLabel(tr("&Password of %1:").arg(op.name.toHtmlEscaped()), this);
    m_password->setObjectName(QStringLiteral("presencePassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    label->setBuddy(m_password);
    m_message->setObjectName(QStringLiteral("presenceMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_message->hide();

    auto* buttons = new QDialogButtonBox(this);
    m_ok = buttons->addButton(unlock ? tr("&Unlock") : tr("&Confirm"), QDialogButtonBox::AcceptRole);
    m_ok->setObjectName(QStringLiteral("presenceOk"));
    m_ok->setDefault(true);
    m_ok->setEnabled(false);
    QPushButton* other = unlock ? buttons->addButton(tr("Sign &out"), QDialogButtonBox::DestructiveRole)
                                : buttons->addButton(QDialogButtonBox::Cancel);
    other->setObjectName(unlock ? QStringLiteral("presenceSignOut") : QStringLiteral("presenceCancel"));
    connect(m_password, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_ok->setEnabled(!t.isEmpty() && !m_watcher->isRunning()); });
    connect(m_ok, &QPushButton::clicked, this, &PresenceDialog::check);
    if (unlock)
        connect(other, &QPushButton::clicked, this, [this] {
            emit signOutRequested();
            done(QDialog::Rejected);
        });
    else
        connect(other, &QPushButton::clicked, this, [this] { done(QDialog::Rejected); });
    connect(m_watcher, &QFutureWatcher<Result>::finished, this, &PresenceDialog::onChecked);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(label);
    layout->addWidget(m_password);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    setMinimumWidth(420);
    m_password->setFocus();
}

void PresenceDialog::reject()
{
    if (m_why == OperatorService::Presence::Unlock)
        return;
    QDialog::reject();
}

void PresenceDialog::check()
{
    if (m_password->text().isEmpty() || m_watcher->isRunning())
        return;
    m_ok->setEnabled(false);
    m_message->hide();
    m_watcher->setFuture(
        QtConcurrent::run(checkPassword, m_check, m_operator.name, m_password->text(), m_why));
}

void PresenceDialog::onChecked()
{
    const Result result = m_watcher->result();
    m_password->clear();
    if (!result.ok) {
        m_message->setText(result.error);
        m_message->show();
        m_password->setFocus();
        return;
    }
    emit confirmed();
    accept();
}
