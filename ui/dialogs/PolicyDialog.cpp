// SPDX-License-Identifier: GPL-3.0-or-later
#include "PolicyDialog.h"

#include "domain/Policy.h"
#include "services/OperatorService.h"
#include "store/Store.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

PolicyDialog::PolicyDialog(Store* store, const Operator& actor, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_actor(actor)
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("policyDialog"));
    setWindowTitle(tr("Approval policy — IdentityDesk"));
    auto* intro =
        new QLabel(tr("A checked action needs a supervisor's approval before it is sent, and the "
                      "supervisor must not be the one who requested it (four-eyes rule). Every change "
                      "is recorded in the audit log under your name."),
                   this);
    intro->setWordWrap(true);

    auto* group = new QGroupBox(tr("Needs approval"), this);
    auto* rules = new QVBoxLayout(group);
    const bool editable = Roles::canEditPolicy(actor.role);
    for (const QString& key : Policy::knownKeys()) {
        auto* box = new QCheckBox(Policy::describe(key), group);
        box->setObjectName(QStringLiteral("policyRule_") + key);
        box->setAccessibleName(Policy::describe(key));
        const bool fixed = Policy::isFixed(key);
        box->setToolTip(fixed ? tr("Approving or declining a user's request is itself the approval: it never "
                                   "waits for a second one.")
                        : editable ? tr("Rule “%1”").arg(key)
                                   : tr("Only supervisors can change the policy."));
        box->setEnabled(editable && !fixed);
        connect(box, &QCheckBox::toggled, this, &PolicyDialog::updateWidgets);
        rules->addWidget(box);
        m_boxes.insert(key, box);
    }

    m_message->setObjectName(QStringLiteral("policyMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_message->hide();

    auto* buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("policySave"));
    m_save->setAccessibleName(tr("Save"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("policyCancel"));
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &PolicyDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(group);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    load();
}

void PolicyDialog::load()
{
    QString error;
    const std::optional<Policy> policy = m_store->policy(&error);
    if (!policy) {
        m_message->setText(tr("The policy could not be read: %1").arg(error));
        m_message->show();
    }
    const Policy shown = policy.value_or(Policy::defaults());
    m_saved.clear();
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it) {
        const bool value = shown.requiresApproval(it.key());
        m_saved.insert(it.key(), value);
        QSignalBlocker block(it.value());
        it.value()->setChecked(value);
    }
    updateWidgets();
}

QMap<QString, bool> PolicyDialog::changes() const
{
    QMap<QString, bool> changed;
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it)
        if (it.value()->isChecked() != m_saved.value(it.key()))
            changed.insert(it.key(), it.value()->isChecked());
    return changed;
}

void PolicyDialog::updateWidgets()
{
    QString why;
    if (!Roles::canEditPolicy(m_actor.role))
        why = tr("Only supervisors can change the policy.");
    else if (changes().isEmpty())
        why = tr("Nothing changed yet.");
    m_save->setEnabled(why.isEmpty());
    m_save->setToolTip(why);
}

void PolicyDialog::save()
{
    const OperatorService operators(m_store);
    const QMap<QString, bool> changed = changes();
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        QString error;
        if (!operators.setPolicyRule(m_actor, it.key(), it.value(), &error)) {
            // Rules saved before this one stay saved (each is audited): show what the store holds now.
            load();
            m_message->setText(tr("“%1” could not be saved: %2").arg(Policy::describe(it.key()), error));
            m_message->show();
            return;
        }
    }
    accept();
}
