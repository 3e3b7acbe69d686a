// SPDX-License-Identifier: GPL-3.0-or-later
#include "OperatorsDialog.h"

#include "ReasonDialog.h"
#include "domain/PrintableText.h"
#include "services/GovernanceService.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum Column
{
    NameColumn,
    RoleColumn,
    StatusColumn,
};

QString roleText(Role role)
{
    switch (role) {
    case Role::Officer:
        return OperatorsDialog::tr("Officer");
    case Role::Supervisor:
        return OperatorsDialog::tr("Supervisor");
    case Role::Auditor:
        return OperatorsDialog::tr("Auditor");
    }
    return QString();
}
} // namespace

OperatorsDialog::OperatorsDialog(OperatorService operators, const Operator& actor, QWidget* parent)
    : QDialog(parent)
    , m_operators(operators)
    , m_actor(actor)
    , m_table(new QTableWidget(0, 3, this))
    , m_deactivate(new QPushButton(tr("&Deactivate…"), this))
    , m_reactivate(new QPushButton(tr("&Reactivate…"), this))
    , m_role(new QComboBox(this))
    , m_setRole(new QPushButton(tr("Change r&ole…"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("operatorsDialog"));
    setWindowTitle(tr("Operators"));
    m_table->setObjectName(QStringLiteral("operatorsTable"));
    m_table->setAccessibleName(tr("Operators"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Role"), tr("Account")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_deactivate->setObjectName(QStringLiteral("operatorsDeactivate"));
    m_reactivate->setObjectName(QStringLiteral("operatorsReactivate"));
    m_message->setObjectName(QStringLiteral("operatorsMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_deactivate);
    buttons->addWidget(m_reactivate);
    buttons->addStretch(1);
    m_role->setObjectName(QStringLiteral("operatorsRoleChoice"));
    m_role->setAccessibleName(tr("New role"));
    for (Role r : {Role::Officer, Role::Supervisor, Role::Auditor})
        m_role->addItem(roleText(r), int(r));
    m_setRole->setObjectName(QStringLiteral("operatorsSetRole"));
    buttons->addWidget(m_role);
    buttons->addWidget(m_setRole);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(close);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &OperatorsDialog::updateWidgets);
    connect(m_deactivate, &QPushButton::clicked, this, [this] { askToSetActive(false); });
    connect(m_reactivate, &QPushButton::clicked, this, [this] { askToSetActive(true); });
    connect(m_setRole, &QPushButton::clicked, this, &OperatorsDialog::askToSetRole);
    connect(m_role, &QComboBox::currentIndexChanged, this, &OperatorsDialog::updateWidgets);
    resize(520, 360);
    load();
}

void OperatorsDialog::load()
{
    const QString keep = selectedName();
    QString error;
    const std::optional<QList<Operator>> all = m_operators.operators(&error);
    m_table->setRowCount(0);
    if (!all) {
        m_message->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
        m_message->setText(error);
        m_message->show();
        updateWidgets();
        return;
    }
    m_table->setRowCount(int(all->size()));
    for (int row = 0; row < all->size(); ++row) {
        const Operator& op = all->at(row);
        auto* name = new QTableWidgetItem(PrintableText::escaped(op.name));
        name->setData(Qt::UserRole, op.name);
        name->setData(Qt::UserRole + 1, op.active);
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(row, RoleColumn, new QTableWidgetItem(roleText(op.role)));
        m_table->setItem(row, StatusColumn,
                         new QTableWidgetItem(op.active ? tr("Active") : tr("Deactivated")));
        if (op.name == keep)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    updateWidgets();
}

QString OperatorsDialog::selectedName() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    for (const QTableWidgetItem* item : items) {
        if (item->column() == NameColumn)
            return item->data(Qt::UserRole).toString();
    }
    return QString();
}

bool OperatorsDialog::selectedIsActive() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    for (const QTableWidgetItem* item : items) {
        if (item->column() == NameColumn)
            return item->data(Qt::UserRole + 1).toBool();
    }
    return false;
}

void OperatorsDialog::updateWidgets()
{
    const QString name = selectedName();
    QString why;
    if (!Roles::canManageOperators(m_actor.role))
        why = tr("Only supervisors can deactivate or reactivate operators.");
    else if (name.isEmpty())
        why = tr("Select an operator first.");
    else if (name == m_actor.name)
        why = tr("You cannot deactivate or reactivate your own account: ask another supervisor.");
    const bool active = selectedIsActive();
    m_deactivate->setEnabled(why.isEmpty() && active);
    m_reactivate->setEnabled(why.isEmpty() && !active);
    m_deactivate->setToolTip(why.isEmpty() ? tr("They can no longer sign in; audited with your reason.")
                                           : why);
    m_reactivate->setToolTip(why.isEmpty() ? tr("They can sign in again; audited with your reason.") : why);
    QString roleWhy = why;
    if (roleWhy.isEmpty() && !active)
        roleWhy = tr("Reactivate the account first.");
    m_role->setEnabled(roleWhy.isEmpty());
    m_setRole->setEnabled(roleWhy.isEmpty());
    m_setRole->setToolTip(roleWhy.isEmpty()
                              ? tr("Audited with your reason; making a supervisor waits for a second "
                                   "supervisor's approval in Approvals.")
                              : roleWhy);
}

void OperatorsDialog::askToSetRole()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const Role role = Role(m_role->currentData().toInt());
    auto* ask = new ReasonDialog(this);
    ask->setWindowTitle(tr("Change role"));
    ask->setMessage(
        tr("Make <b>%1</b> a %2?").arg(PrintableText::escaped(name).toHtmlEscaped(), roleText(role)) +
        (role == Role::Supervisor
             ? QStringLiteral(" ") + tr("A second supervisor must approve it in Approvals before it takes "
                                        "effect.")
             : QString()));
    ask->setReasonLabel(tr("&Reason (kept in the audit log):"), true);
    ask->setAcceptText(tr("Change role"));
    connect(ask, &QDialog::finished, ask, &QObject::deleteLater);
    connect(ask, &QDialog::accepted, this, [this, ask, name, role] {
        QString error;
        qint64 actionId = 0;
        const GovernanceService::RoleResult result =
            GovernanceService(m_operators.store())
                .setRole(m_actor, name, role, ask->reason(), &actionId, &error);
        const bool ok = result != GovernanceService::RoleResult::Failed;
        m_message->setStyleSheet(
            MessageBanner::labelStyleSheet(ok ? MessageBanner::Level::Success : MessageBanner::Level::Error));
        m_message->setText(
            result == GovernanceService::RoleResult::Waiting
                ? tr("Making %1 a supervisor waits for a second supervisor's approval (action #%2 "
                     "in Approvals).")
                      .arg(PrintableText::escaped(name))
                      .arg(actionId)
            : ok ? tr("%1 is now a %2; the change is in the audit log.")
                       .arg(PrintableText::escaped(name), roleText(role))
                 : error);
        m_message->show();
        load();
        if (ok)
            emit changed();
        m_table->setFocus();
    });
    ask->open();
}

void OperatorsDialog::askToSetActive(bool active)
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    auto* ask = new ReasonDialog(this);
    ask->setWindowTitle(active ? tr("Reactivate operator") : tr("Deactivate operator"));
    const QString shown = PrintableText::escaped(name).toHtmlEscaped();
    ask->setMessage(active ? tr("Reactivate <b>%1</b>? They can sign in again.").arg(shown)
                           : tr("Deactivate <b>%1</b>? They can no longer sign in. Their requests that wait "
                                "for approval stay in Approvals for a supervisor to decide.")
                                 .arg(shown));
    ask->setReasonLabel(tr("&Reason (kept in the audit log):"), true);
    ask->setAcceptText(active ? tr("Reactivate") : tr("Deactivate"));
    connect(ask, &QDialog::finished, ask, &QObject::deleteLater);
    connect(ask, &QDialog::accepted, this, [this, ask, name, active] {
        QString error;
        const bool ok = m_operators.setActive(m_actor, name, active, ask->reason(), &error);
        m_message->setStyleSheet(
            MessageBanner::labelStyleSheet(ok ? MessageBanner::Level::Success : MessageBanner::Level::Error));
        m_message->setText(ok ? (active ? tr("%1 was reactivated; the change is in the audit log.")
                                        : tr("%1 was deactivated and can no longer sign in; the change is in "
                                             "the audit log."))
                                    .arg(PrintableText::escaped(name))
                              : error);
        m_message->show();
        load();
        if (ok)
            emit changed();
        m_table->setFocus();
    });
    ask->open();
}
