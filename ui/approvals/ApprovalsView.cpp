// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApprovalsView.h"

#include "dialogs/ProductionConfirmation.h"
#include "dialogs/ReasonDialog.h"
#include "domain/DisplayTime.h"
#include "domain/PrintableText.h"
#include "models/ActionsModel.h"
#include "providers/ProviderRegistry.h"
#include "services/ActionExecutor.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkJobService.h"
#include "widgets/ActionResultText.h"
#include "widgets/ActionTableView.h"
#include "widgets/MessageBanner.h"
#include "widgets/RefreshThrottle.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

ApprovalsView::ApprovalsView(ActionsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new ActionTableView(m_model, this))
    , m_banner(new MessageBanner(this))
    , m_selection(new QLabel(this))
    , m_approve(new QPushButton(tr("&Approve…"), this))
    , m_reject(new QPushButton(tr("Re&ject…"), this))
    , m_withdraw(new QPushButton(tr("&Withdraw…"), this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
{
    setObjectName(QStringLiteral("approvalsView"));
    Q_ASSERT(m_model->state() == ActionRecord::State::PendingApproval);
    m_model->setParent(this);
    setAccessibleName(tr("Approvals"));
    auto* intro =
        new QLabel(tr("Actions the policy holds for a supervisor's decision. Nothing in this list has "
                      "been sent. A supervisor may approve or reject only actions someone else "
                      "requested (four-eyes rule)."),
                   this);
    intro->setObjectName(QStringLiteral("approvalsIntro"));
    intro->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("approvalsBanner"));
    m_table->setObjectName(QStringLiteral("approvalsTable"));
    m_table->setAccessibleName(tr("Actions waiting for approval"));
    m_table->setColumnHidden(ActionsModel::DetailColumn, true);
    m_selection->setObjectName(QStringLiteral("approvalsSelection"));
    m_selection->setWordWrap(true);
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setAccessibleName(tr("Approve"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_reject->setAccessibleName(tr("Reject"));
    m_withdraw->setObjectName(QStringLiteral("withdrawButton"));
    m_withdraw->setAccessibleName(tr("Withdraw"));
    m_refresh->setObjectName(QStringLiteral("approvalsRefresh"));
    m_refresh->setAccessibleName(tr("Refresh the approvals"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_withdraw);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_selection);
    layout->addLayout(buttons);

    connect(m_table, &ActionTableView::currentActionChanged, this, &ApprovalsView::updateWidgets);
    connect(m_table, &QAbstractItemView::activated, this, &ApprovalsView::approveSelected);
    connect(m_approve, &QPushButton::clicked, this, &ApprovalsView::approveSelected);
    connect(m_reject, &QPushButton::clicked, this, &ApprovalsView::rejectSelected);
    connect(m_withdraw, &QPushButton::clicked, this, &ApprovalsView::withdrawSelected);
    connect(m_refresh, &QPushButton::clicked, this, &ApprovalsView::refresh);
    updateWidgets();
}

void ApprovalsView::retranslateUi()
{
    setAccessibleName(tr("Approvals"));
    if (auto* intro = findChild<QLabel*>(QStringLiteral("approvalsIntro")))
        intro->setText(tr("Actions the policy holds for a supervisor's decision. Nothing in this list has "
                          "been sent. A supervisor may approve or reject only actions someone else "
                          "requested (four-eyes rule)."));
    m_table->setAccessibleName(tr("Actions waiting for approval"));
    m_approve->setText(tr("&Approve…"));
    m_approve->setAccessibleName(tr("Approve"));
    m_reject->setText(tr("Re&ject…"));
    m_reject->setAccessibleName(tr("Reject"));
    m_withdraw->setText(tr("&Withdraw…"));
    m_withdraw->setAccessibleName(tr("Withdraw"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setAccessibleName(tr("Refresh the approvals"));
    updateWidgets();
}

void ApprovalsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ApprovalsView::setActionService(ActionService* service)
{
    if (m_service)
        m_service->disconnect(this);
    m_service = service;
    m_sending = 0;
    if (service) {
        m_model->setDescriber([this](const ActionRequest& request, const QString& person) {
            if (request.provider == BulkJob::provider())
                return BulkJobService::describeJob(request); // the job's preview and row count
            const ProviderModule* module = ProviderRegistry::instance().find(request.provider);
            QString text = module ? module->describeAction(request, person) : QString();
            // Two requests for the same thing to the same person: each says so.
            const QList<qint64> same = m_byRepeatKey.value(ActionService::repeatKey(request));
            if (same.size() > 1) {
                QStringList ids;
                for (qint64 id : same)
                    ids << tr("#%1").arg(id);
                text = tr("REPEATED (%1 ask the same): %2").arg(ids.join(QStringLiteral(", ")), text);
            }
            return text;
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

bool ApprovalsView::refresh()
{
    QString expiryError; // a store that cannot be read shows in the table's own message below
    if (m_service)
        m_service->expireWaiting(&expiryError); // past the policy's time limit: never shown as waiting
    const bool ok = m_table->refresh();
    m_byRepeatKey.clear();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ActionRecord a = m_model->itemAt(m_model->index(row, 0));
        if (a.request.provider != BulkJob::provider())
            m_byRepeatKey[ActionService::repeatKey(a.request)] << a.id;
    }
    if (!ok)
        m_banner->showMessage(MessageBanner::Level::Error,
                              tr("The approvals could not be read: %1").arg(m_model->lastError()), QString());
    updateWidgets();
    emit countChanged(count());
    return ok;
}

int ApprovalsView::count() const
{
    return m_model->rowCount();
}

QString ApprovalsView::describe(qint64 actionId) const
{
    const int row = m_model->rowOf(actionId);
    if (row < 0)
        return QString();
    return m_model->index(row, ActionsModel::ActionColumn).data().toString();
}

QList<qint64> ApprovalsView::repeatsOf(qint64 id) const
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return {};
    QList<qint64> others =
        m_byRepeatKey.value(ActionService::repeatKey(m_model->itemAt(m_model->index(row, 0)).request));
    others.removeAll(id);
    return others;
}

bool ApprovalsView::selectAction(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_table->setCurrentIndex(m_model->index(row, 0));
    m_table->setFocus(Qt::OtherFocusReason);
    return true;
}

void ApprovalsView::updateWidgets()
{
    const ActionRecord current = m_table->currentAction();
    QString why;
    if (current.id == 0)
        why =
            m_model->rowCount() == 0 ? tr("Nothing is waiting for approval.") : tr("Select an action first.");
    else if (!m_service)
        why = tr("Not signed in.");
    else
        why = m_service->authorisation().decisionRestriction(current);
    if (why.isEmpty() && m_service)
        why = m_service->authorisation().profileRestriction(current); // requested on another profile
    if (why.isEmpty() && m_sending != 0)
        why = tr("Wait until action #%1 has been sent.").arg(m_sending);
    m_approve->setEnabled(why.isEmpty());
    m_reject->setEnabled(why.isEmpty());
    m_approve->setToolTip(why.isEmpty() ? tr("Approve the selected action and send it now.") : why);
    QString withdrawWhy = current.id == 0 ? why : QString();
    if (withdrawWhy.isEmpty())
        withdrawWhy =
            m_service ? m_service->authorisation().withdrawRestriction(current) : tr("Not signed in.");
    m_withdraw->setEnabled(withdrawWhy.isEmpty());
    m_withdraw->setToolTip(withdrawWhy.isEmpty()
                               ? tr("Withdraw the selected request with a reason; nothing is sent.")
                               : withdrawWhy);
    m_reject->setToolTip(why.isEmpty() ? tr("Reject the selected action; nothing is sent.") : why);

    if (current.id == 0) {
        m_selection->setText(why);
        return;
    }
    QString text =
        tr("#%1 — %2. Requested by %3 on %4: “%5”.")
            .arg(current.id)
            .arg(describe(current.id), PrintableText::escaped(current.initiator),
                 DisplayTime::format(current.createdAt), PrintableText::escaped(current.request.reason));
    if (!why.isEmpty())
        text += QLatin1Char(' ') + why;
    m_selection->setText(text);
}

void ApprovalsView::approveSelected()
{
    const ActionRecord current = m_table->currentAction();
    if (!m_approve->isEnabled() || current.id == 0 || !m_service)
        return;
    auto* dialog = new ReasonDialog(this);
    dialog->setWindowTitle(tr("Approve action #%1 — IdentityDesk").arg(current.id));
    dialog->setMessage(tr("<b>Approve and send #%1?</b> %2.<br>Requested by %3: “%4”.")
                           .arg(current.id)
                           .arg(describe(current.id).toHtmlEscaped(), current.initiator.toHtmlEscaped(),
                                PrintableText::escaped(current.request.reason).toHtmlEscaped()));
    const bool governance = GovernanceChange::isGovernance(current.request);
    if (governance) {
        // A change of the rules: nothing is sent; it takes effect with this approval.
        dialog->setMessage(tr("<b>Approve #%1? It takes effect at once.</b> %2.<br>Requested by %3: “%4”.")
                               .arg(current.id)
                               .arg(describe(current.id).toHtmlEscaped(), current.initiator.toHtmlEscaped(),
                                    PrintableText::escaped(current.request.reason).toHtmlEscaped()));
        dialog->setDetails(QString::fromUtf8(
            QJsonDocument(current.request.params).toJson(QJsonDocument::Indented).trimmed()));
    } else if (ActionExecutor* executor = m_service->executor(current.request.provider)) {
        dialog->setDetails(QString::fromUtf8(
            QJsonDocument(executor->preview(current.request)).toJson(QJsonDocument::Indented).trimmed()));
    }
    dialog->setReasonLabel(tr("&Note (optional, recorded in the audit log):"), false);
    dialog->setAcceptText(governance ? tr("&Approve the change") : tr("&Approve and send"));
    const qint64 id = current.id;
    const std::optional<ProfileFingerprint> profile = current.request.profile;
    const QString what = describe(current.id);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, profile, what] {
        if (!m_service)
            return;
        const QString note = dialog->reason();
        // An action of a production profile: the same last question as submitting one on production.
        if (profile && profile->isProduction())
            ProductionConfirmation::ask(this, profile->name(), what, [this, id, note] { approve(id, note); });
        else
            approve(id, note);
    });
    dialog->open();
}

void ApprovalsView::approve(qint64 id, const QString& note)
{
    if (!m_service)
        return;
    m_sending = id;
    m_banner->showMessage(MessageBanner::Level::Info, tr("Approved #%1; sending…").arg(id));
    ActionTicket* ticket = m_service->approve(id, note);
    connect(ticket, &ActionTicket::finished, this, [this, ticket] { onApproveFinished(ticket); });
    updateWidgets();
}

void ApprovalsView::onApproveFinished(ActionTicket* ticket)
{
    m_sending = 0;
    const ActionResultText::Text text = ActionResultText::forTicket(*ticket);
    const qint64 id = ticket->record().id;
    m_banner->showMessage(text.level, id > 0 ? tr("#%1: %2").arg(id).arg(text.text) : text.text);
    refresh();
}

void ApprovalsView::withdrawSelected()
{
    const ActionRecord current = m_table->currentAction();
    if (!m_withdraw->isEnabled() || current.id == 0 || !m_service)
        return;
    auto* dialog = new ReasonDialog(this);
    dialog->setObjectName(QStringLiteral("withdrawDialog"));
    dialog->setWindowTitle(tr("Withdraw request #%1 — IdentityDesk").arg(current.id));
    dialog->setMessage(tr("<b>Withdraw #%1?</b> %2.<br>Requested by %3: “%4”.<br>It will not be sent, "
                          "and no supervisor will be asked to decide it.")
                           .arg(current.id)
                           .arg(describe(current.id).toHtmlEscaped(), current.initiator.toHtmlEscaped(),
                                PrintableText::escaped(current.request.reason).toHtmlEscaped()));
    dialog->setReasonLabel(tr("&Reason for withdrawing (required, recorded in the audit log):"), true);
    dialog->setAcceptText(tr("&Withdraw"));
    const qint64 id = current.id;
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        if (!m_service)
            return;
        QString error;
        if (m_service->withdraw(id, dialog->reason(), &error))
            m_banner->showMessage(MessageBanner::Level::Success,
                                  tr("#%1 withdrawn; nothing was sent.").arg(id));
        else
            m_banner->showMessage(MessageBanner::Level::Error,
                                  tr("#%1 could not be withdrawn: %2").arg(id).arg(error));
        refresh();
    });
    dialog->open();
}

void ApprovalsView::rejectSelected()
{
    const ActionRecord current = m_table->currentAction();
    if (!m_reject->isEnabled() || current.id == 0 || !m_service)
        return;
    auto* dialog = new ReasonDialog(this);
    dialog->setWindowTitle(tr("Reject action #%1 — IdentityDesk").arg(current.id));
    dialog->setMessage(
        tr("<b>Reject #%1?</b> %2.<br>Requested by %3: “%4”.<br>Nothing will be sent; %3 sees your "
           "reason in the audit log.")
            .arg(current.id)
            .arg(describe(current.id).toHtmlEscaped(), current.initiator.toHtmlEscaped(),
                 PrintableText::escaped(current.request.reason).toHtmlEscaped()));
    dialog->setReasonLabel(tr("&Reason for rejecting (required):"), true);
    dialog->setAcceptText(tr("&Reject"));
    const qint64 id = current.id;
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        if (!m_service)
            return;
        QString error;
        if (m_service->reject(id, dialog->reason(), &error))
            m_banner->showMessage(MessageBanner::Level::Success,
                                  tr("#%1 rejected; nothing was sent.").arg(id));
        else
            m_banner->showMessage(MessageBanner::Level::Error,
                                  tr("#%1 could not be rejected: %2").arg(id).arg(error));
        refresh();
    });
    dialog->open();
}
