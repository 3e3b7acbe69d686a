// SPDX-License-Identifier: GPL-3.0-or-later
#include "PolicyDialog.h"

#include "domain/GovernanceChange.h"
#include "widgets/MessageBanner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

PolicyDialog::PolicyDialog(GovernanceService governance, const Operator& actor, QWidget* parent)
    : QDialog(parent)
    , m_governance(governance)
    , m_actor(actor)
    , m_pending(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("policyDialog"));
    setWindowTitle(tr("Approval policy — IdentityDesk"));
    const bool editable = Roles::canEditPolicy(actor.role);
    auto* intro = new QLabel(
        editable ? tr("A checked action needs a supervisor's approval before it is sent, and the supervisor "
                      "must not be the one who requested it (four-eyes rule). A change of the policy needs a "
                      "reason and takes effect only when a second supervisor approves it in Approvals; "
                      "request and approval are both in the audit log.")
                 : tr("A checked action needs a supervisor's approval before it is sent, and the supervisor "
                      "must not be the one who requested it (four-eyes rule). You can read the policy; only "
                      "supervisors can request a change."),
        this);
    intro->setWordWrap(true);

    auto* group = new QGroupBox(tr("Needs approval"), this);
    auto* rules = new QVBoxLayout(group);
    for (const QString& key : Policy::knownKeys()) {
        auto* box = new QCheckBox(Policy::describe(key), group);
        box->setObjectName(QStringLiteral("policyRule_") + key);
        box->setAccessibleName(Policy::describe(key));
        const bool fixed = Policy::isFixed(key);
        box->setToolTip(fixed ? tr("Approving or declining a user's request is itself the approval: it never "
                                   "waits for a second one.")
                        : editable ? tr("Rule “%1”").arg(key)
                                   : tr("Only supervisors can request a change of the policy."));
        box->setEnabled(editable && !fixed);
        connect(box, &QCheckBox::toggled, this, &PolicyDialog::updateWidgets);
        rules->addWidget(box);
        m_boxes.insert(key, box);
    }

    auto* numbers = new QGroupBox(tr("Times and thresholds"), this);
    auto* form = new QFormLayout(numbers);
    for (const QString& name : Policy::knownSettings()) {
        auto* spin = new QSpinBox(numbers);
        spin->setObjectName(QStringLiteral("policySetting_") + name);
        spin->setRange(Policy::settingMinimum(name), Policy::settingMaximum(name));
        spin->setSuffix(QLatin1Char(' ') + Policy::settingUnit(name));
        spin->setAccessibleName(Policy::describeSetting(name));
        spin->setEnabled(editable);
        connect(spin, &QSpinBox::valueChanged, this, &PolicyDialog::updateWidgets);
        form->addRow(Policy::describeSetting(name), spin);
        m_spins.insert(name, spin);
    }

    m_pending->setObjectName(QStringLiteral("policyPending"));
    m_pending->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("policyMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_message->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(group);
    layout->addWidget(numbers);
    layout->addWidget(m_pending);

    auto* buttons = new QDialogButtonBox(this);
    if (editable) {
        auto* reasonLabel = new QLabel(tr("&Reason for the change:"), this);
        m_reason = new QLineEdit(this);
        m_reason->setObjectName(QStringLiteral("policyReason"));
        m_reason->setAccessibleName(tr("Reason for the change"));
        m_reason->setPlaceholderText(tr("Why the rules should change (required)"));
        reasonLabel->setBuddy(m_reason);
        connect(m_reason, &QLineEdit::textChanged, this, &PolicyDialog::updateWidgets);
        layout->addWidget(reasonLabel);
        layout->addWidget(m_reason);
        m_save = buttons->addButton(tr("Request change"), QDialogButtonBox::AcceptRole);
        m_save->setObjectName(QStringLiteral("policySave"));
        m_save->setAccessibleName(tr("Request change"));
        m_save->setDefault(true);
        QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
        cancel->setObjectName(QStringLiteral("policyCancel"));
        cancel->setAccessibleName(tr("Cancel"));
        connect(buttons, &QDialogButtonBox::accepted, this, &PolicyDialog::save);
    } else {
        QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
        close->setObjectName(QStringLiteral("policyClose"));
        close->setAccessibleName(tr("Close"));
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    load();
}

void PolicyDialog::load()
{
    QString error;
    const std::optional<Policy> policy = m_governance.policy(&error);
    if (!policy) {
        m_message->setText(tr("The policy could not be read: %1").arg(error));
        m_message->show();
    }
    m_saved = policy.value_or(Policy::defaults());
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it) {
        QSignalBlocker block(it.value());
        it.value()->setChecked(m_saved.requiresApproval(it.key()));
    }
    for (auto it = m_spins.cbegin(); it != m_spins.cend(); ++it) {
        QSignalBlocker block(it.value());
        it.value()->setValue(m_saved.setting(it.key()));
    }
    const QString pending = pendingText();
    m_pending->setText(pending);
    m_pending->setVisible(!pending.isEmpty());
    updateWidgets();
}

QString PolicyDialog::pendingText() const
{
    QString error;
    const std::optional<QList<ActionRecord>> waiting = m_governance.pendingPolicyChanges(&error);
    if (!waiting)
        return tr("The changes waiting for approval could not be read: %1").arg(error);
    QStringList lines;
    for (const ActionRecord& a : *waiting)
        lines << tr("#%1 by %2: %3").arg(a.id).arg(a.initiator, GovernanceChange::describeRequest(a.request));
    if (lines.isEmpty())
        return QString();
    return tr("Waiting for a second supervisor in Approvals:") + QLatin1Char('\n') +
           lines.join(QLatin1Char('\n'));
}

Policy PolicyDialog::wanted() const
{
    Policy p = m_saved;
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it)
        p.set(it.key(), it.value()->isChecked());
    for (auto it = m_spins.cbegin(); it != m_spins.cend(); ++it)
        p.setSetting(it.key(), it.value()->value());
    return p;
}

void PolicyDialog::updateWidgets()
{
    if (!m_save)
        return;
    QString why;
    if (GovernanceChange::policyChange(m_saved, wanted()).isEmpty())
        why = tr("Nothing changed yet.");
    else if (m_reason->text().trimmed().isEmpty())
        why = tr("Give a reason for the change.");
    m_save->setEnabled(why.isEmpty());
    m_save->setToolTip(why);
}

void PolicyDialog::save()
{
    QString error;
    const std::optional<qint64> id =
        m_governance.requestPolicyChange(m_actor, wanted(), m_reason->text(), &error);
    if (!id) {
        load();
        m_message->setText(tr("The change was not requested: %1").arg(error));
        m_message->show();
        return;
    }
    m_requested = *id;
    accept();
}
