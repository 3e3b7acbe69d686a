// SPDX-License-Identifier: GPL-3.0-or-later
#include "UnresolvedView.h"

#include "dialogs/ReasonDialog.h"
#include "models/ActionsModel.h"
#include "providers/ProviderRegistry.h"
#include "services/ActionExecutor.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "widgets/ActionTableView.h"
#include "widgets/MessageBanner.h"

#include "domain/PrintableText.h"
#include "widgets/RefreshThrottle.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

UnresolvedView::UnresolvedView(ActionsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new ActionTableView(m_model, this))
    , m_banner(new MessageBanner(this))
    , m_selection(new QLabel(this))
    , m_succeeded(new QPushButton(this))
    , m_failed(new QPushButton(this))
    , m_refresh(new QPushButton(this))
    , m_recheck(new QPushButton(this))
{
    setObjectName(QStringLiteral("unresolvedView"));
    Q_ASSERT(m_model->state() == ActionRecord::State::Unresolved);
    m_model->setParent(this);
    auto* intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("unresolvedIntro"));
    intro->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("unresolvedBanner"));
    m_table->setObjectName(QStringLiteral("unresolvedTable"));
    m_table->setStretchColumn(ActionsModel::DetailColumn);
    // The detail (what is known of the outcome) matters most here: narrower action and reason.
    m_table->horizontalHeader()->resizeSection(ActionsModel::ActionColumn, 260);
    m_table->horizontalHeader()->resizeSection(ActionsModel::ReasonColumn, 180);
    m_selection->setObjectName(QStringLiteral("unresolvedSelection"));
    m_selection->setWordWrap(true);
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_succeeded->setObjectName(QStringLiteral("resolveSucceededButton"));
    m_failed->setObjectName(QStringLiteral("resolveFailedButton"));
    m_recheck->setObjectName(QStringLiteral("recheckButton"));
    m_refresh->setObjectName(QStringLiteral("unresolvedRefresh"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_recheck);
    buttons->addWidget(m_succeeded);
    buttons->addWidget(m_failed);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_selection);
    layout->addLayout(buttons);

    connect(m_table, &ActionTableView::currentActionChanged, this, &UnresolvedView::updateWidgets);
    connect(m_succeeded, &QPushButton::clicked, this, [this] { resolveSelected(true); });
    connect(m_failed, &QPushButton::clicked, this, [this] { resolveSelected(false); });
    connect(m_recheck, &QPushButton::clicked, this, &UnresolvedView::recheckSelected);
    connect(m_refresh, &QPushButton::clicked, this, &UnresolvedView::refresh);
    retranslateUi();
}

void UnresolvedView::retranslateUi()
{
    setAccessibleName(tr("Unresolved actions"));
    if (auto* intro = findChild<QLabel*>(QStringLiteral("unresolvedIntro")))
        intro->setText(tr(
            "An unresolved action was sent, but its outcome is unknown: the provider did not answer in time, "
            "the "
            "connection was lost after sending, or the console stopped while waiting. It may or may not have "
            "been applied, so it is never sent again automatically. Check the person's state at the provider "
            "(Re-check asks it, where the provider can tell), then record what you found. To try again after "
            "a "
            "failure, request the action anew."));
    m_table->setAccessibleName(tr("Unresolved actions"));
    m_succeeded->setText(tr("Resolve as su&cceeded…"));
    m_succeeded->setAccessibleName(tr("Resolve as succeeded"));
    m_failed->setText(tr("Resolve as fai&led…"));
    m_failed->setAccessibleName(tr("Resolve as failed"));
    m_recheck->setText(tr("Re-check at the &provider"));
    m_recheck->setAccessibleName(tr("Re-check at the provider"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setAccessibleName(tr("Refresh the unresolved actions"));
    updateWidgets();
}

void UnresolvedView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void UnresolvedView::setActionService(ActionService* service)
{
    if (m_service)
        m_service->disconnect(this);
    m_service = service;
    if (service) {
        // The provider module's plain words, as in the action dialog and Approvals.
        m_model->setDescriber([](const ActionRequest& request, const QString& person) {
            const ProviderModule* module = ProviderRegistry::instance().find(request.provider);
            return module ? module->describeAction(request, person) : QString();
        });
    }
    if (service) {
        // Throttled: a bulk job changes thousands of actions; the list is read again at most every 200 ms.
        if (!m_refreshThrottle)
            m_refreshThrottle = new RefreshThrottle(
                200, [this] { refresh(); }, this);
        connect(service, &ActionService::actionChanged, this, [this] { m_refreshThrottle->trigger(); });
    }
    refresh();
}

bool UnresolvedView::refresh()
{
    const bool ok = m_table->refresh();
    if (!ok)
        m_banner->showMessage(MessageBanner::Level::Error,
                              tr("The unresolved actions could not be read: %1").arg(m_model->lastError()));
    updateWidgets();
    emit countChanged(count());
    return ok;
}

int UnresolvedView::count() const
{
    return m_model->rowCount();
}

void UnresolvedView::updateWidgets()
{
    const ActionRecord current = m_table->currentAction();
    QString why;
    if (current.id == 0)
        why = m_model->rowCount() == 0 ? tr("No action is unresolved.") : tr("Select an action first.");
    else if (!m_service)
        why = tr("Not signed in.");
    else
        why = m_service->authorisation().resolveRestriction(current);
    for (QPushButton* b : {m_succeeded, m_failed}) {
        b->setEnabled(why.isEmpty());
        b->setToolTip(why.isEmpty() ? tr("Record what you found at the provider, with a reason.") : why);
    }
    QString recheckWhy = why;
    if (recheckWhy.isEmpty())
        recheckWhy = m_rechecking ? tr("Asking the provider…")
                                  : m_service->authorisation().recheckRestriction(current);
    m_recheck->setEnabled(recheckWhy.isEmpty());
    m_recheck->setToolTip(
        recheckWhy.isEmpty()
            ? tr("Asks the provider whether the change took effect; if it did, the action is "
                 "resolved as succeeded.")
            : recheckWhy);
    if (current.id == 0) {
        m_selection->setText(why);
        return;
    }
    QString text = tr("#%1 requested by %2: %3")
                       .arg(current.id)
                       .arg(current.initiator, PrintableText::escaped(current.outcomeMessage));
    if (!why.isEmpty())
        text += QLatin1Char(' ') + why;
    m_selection->setText(text);
}

void UnresolvedView::resolveSelected(bool succeeded)
{
    const ActionRecord current = m_table->currentAction();
    QPushButton* button = succeeded ? m_succeeded : m_failed;
    if (!button->isEnabled() || current.id == 0 || !m_service)
        return;
    const QString what =
        m_model->index(m_model->rowOf(current.id), ActionsModel::ActionColumn).data().toString();
    auto* dialog = new ReasonDialog(this);
    dialog->setWindowTitle(tr("Resolve action #%1 — IdentityDesk").arg(current.id));
    dialog->setMessage(
        (succeeded
             ? tr("<b>Record #%1 as succeeded?</b> %2.<br>Do this only after checking at the provider that "
                  "the change was applied.")
             : tr("<b>Record #%1 as failed?</b> %2.<br>Do this only after checking at the provider that the "
                  "change was not applied."))
            .arg(current.id)
            .arg(what.toHtmlEscaped()));
    dialog->setReasonLabel(tr("&What did you check? (required)"), true);
    dialog->setAcceptText(succeeded ? tr("Record as &succeeded") : tr("Record as &failed"));
    const qint64 id = current.id;
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, succeeded] {
        if (!m_service)
            return;
        QString error;
        if (m_service->resolve(id, succeeded, dialog->reason(), &error))
            m_banner->showMessage(MessageBanner::Level::Success,
                                  succeeded ? tr("#%1 recorded as succeeded.").arg(id)
                                            : tr("#%1 recorded as failed.").arg(id));
        else
            m_banner->showMessage(MessageBanner::Level::Error,
                                  tr("#%1 could not be resolved: %2").arg(id).arg(error));
        refresh();
    });
    dialog->open();
}

void UnresolvedView::recheckSelected()
{
    const ActionRecord current = m_table->currentAction();
    if (!m_recheck->isEnabled() || current.id == 0 || !m_service)
        return;
    m_rechecking = true;
    updateWidgets();
    ActionTicket* ticket = m_service->recheck(current.id);
    connect(ticket, &ActionTicket::finished, this, [this, ticket] {
        ticket->deleteLater();
        m_rechecking = false;
        const bool resolved = ticket->failure() == ActionTicket::Failure::None &&
                              ticket->record().state == ActionRecord::State::Succeeded;
        const bool notApplied =
            ticket->hasOutcome() && ticket->outcome().kind == ActionOutcome::Kind::Rejected;
        m_banner->showMessage(resolved     ? MessageBanner::Level::Success
                              : notApplied ? MessageBanner::Level::Warning
                                           : MessageBanner::Level::Error,
                              ticket->message());
        refresh();
    });
}
