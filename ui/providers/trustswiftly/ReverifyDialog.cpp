// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReverifyDialog.h"

#include "dialogs/ProductionConfirmation.h"

#include "net/HttpReply.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "widgets/ActionResultText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <utility>

namespace {
QLabel* errorLabel(QWidget* parent, const char* objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    label->hide();
    return label;
}
} // namespace

ReverifyDialog::ReverifyDialog(ActionService* service, TrustSwiftlyClient* client, const UserRecord& user,
                               QWidget* parent)
    : QDialog(parent)
    , m_service(service)
    , m_client(client)
    , m_user(user)
    , m_currentWorkflow(user.attributes.value(QStringLiteral("current_workflow_id")).toString())
    , m_from(new QComboBox(this))
    , m_fromError(errorLabel(this, "reverifyFromError"))
    , m_to(new QComboBox(this))
    , m_toError(errorLabel(this, "reverifyToError"))
    , m_refresh(new QPushButton(tr("&Refresh workflows"), this))
    , m_preview(new QPlainTextEdit(this))
    , m_reason(new QLineEdit(this))
    , m_userError(errorLabel(this, "reverifyUserError"))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("reverifyDialog"));
    setWindowTitle(tr("Assign re-verification — IdentityDesk"));

    auto* title = new QLabel(tr("<b>Assign a re-verification workflow</b> to Trust Swiftly user %1 (%2)")
                                 .arg(user.id.toHtmlEscaped(), user.displayName().toHtmlEscaped()),
                             this);
    title->setObjectName(QStringLiteral("reverifyTitle"));
    title->setWordWrap(true);

    m_from->setObjectName(QStringLiteral("reverifyFrom"));
    m_from->setAccessibleName(tr("Current workflow (from)"));
    m_from->setToolTip(tr("The workflow the user is on now; Trust Swiftly refuses the request if it does "
                          "not match."));
    m_to->setObjectName(QStringLiteral("reverifyTo"));
    m_to->setAccessibleName(tr("Re-verification workflow (to)"));
    m_to->setToolTip(tr("The workflow the user will be asked to go through; it must differ from the "
                        "current one."));
    m_refresh->setObjectName(QStringLiteral("reverifyRefresh"));
    m_refresh->setAccessibleName(tr("Refresh workflows"));
    m_refresh->setToolTip(tr("Asks Trust Swiftly for its workflows again (they are kept for the session)."));

    m_preview->setObjectName(QStringLiteral("reverifyPreview"));
    m_preview->setAccessibleName(tr("Request that will be sent"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setTabChangesFocus(true);
    m_preview->setMinimumHeight(150);

    m_reason->setObjectName(QStringLiteral("reverifyReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("Why? A case or ticket number and what you checked"));
    m_reason->setMaxLength(1000);

    m_status->setObjectName(QStringLiteral("reverifyStatus"));
    m_status->setAccessibleName(tr("Result of the re-verification request"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto* fromLabel = new QLabel(tr("&From (current):"), this);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("&To (re-verification):"), this);
    toLabel->setBuddy(m_to);
    auto* reasonLabel = new QLabel(tr("R&eason (required, recorded in the audit log):"), this);
    reasonLabel->setBuddy(m_reason);
    auto* previewLabel = new QLabel(tr("Request that will be sent:"), this);
    previewLabel->setBuddy(m_preview);

    auto* fromColumn = new QVBoxLayout;
    fromColumn->addWidget(m_from);
    fromColumn->addWidget(m_fromError);
    auto* toColumn = new QVBoxLayout;
    toColumn->addWidget(m_to);
    toColumn->addWidget(m_toError);
    auto* form = new QFormLayout;
    form->addRow(fromLabel, fromColumn);
    form->addRow(toLabel, toColumn);
    auto* refreshRow = new QHBoxLayout;
    refreshRow->addStretch(1);
    refreshRow->addWidget(m_refresh);

    auto* buttons = new QDialogButtonBox(this);
    m_send = buttons->addButton(tr("&Send now"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("reverifySend"));
    m_send->setAccessibleName(tr("Send now"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("reverifyClose"));
    m_close->setAccessibleName(tr("Close"));
    connect(m_send, &QPushButton::clicked, this, &ReverifyDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_userError);
    layout->addLayout(form);
    layout->addLayout(refreshRow);
    layout->addWidget(previewLabel);
    layout->addWidget(m_preview, 1);
    layout->addWidget(reasonLabel);
    layout->addWidget(m_reason);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(620, 560);

    connect(m_refresh, &QPushButton::clicked, this, [this] { loadWorkflows(true); });
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] {
        clearFieldErrors();
        fillCombos();
    });
    connect(m_to, &QComboBox::currentIndexChanged, this, [this] {
        clearFieldErrors();
        updateWidgets();
    });
    connect(m_reason, &QLineEdit::textChanged, this, &ReverifyDialog::updateWidgets);
    m_reason->setFocus();
    loadWorkflows(false);
}

ActionRequest ReverifyDialog::request() const
{
    ActionRequest r;
    r.provider = QStringLiteral("trustswiftly");
    r.action = QStringLiteral("reverify");
    r.userId = m_user.id;
    r.params = QJsonObject{{QStringLiteral("from"), m_from->currentData().toString()},
                           {QStringLiteral("to"), m_to->currentData().toString()}};
    r.reason = m_reason->text().trimmed();
    return r;
}

QString ReverifyDialog::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void ReverifyDialog::loadWorkflows(bool refresh)
{
    if (m_loading)
        return;
    m_loadError.clear();
    HttpReply* reply = m_client->workflows(refresh);
    m_loading = reply;
    updateWidgets();
    connect(reply, &HttpReply::finished, this, [this, reply] {
        m_loading = nullptr;
        const HttpResult& r = reply->result();
        if (!r.ok() && r.error.kind != ApiError::Kind::Cancelled)
            m_loadError = tr("The workflows could not be read: %1").arg(r.error.message());
        fillCombos();
    });
}

void ReverifyDialog::fillCombos()
{
    const WorkflowList workflows = m_client->cachedWorkflows().value_or(WorkflowList());
    const QString from = m_from->count() ? m_from->currentData().toString() : m_currentWorkflow;
    const QString to = m_to->currentData().toString();
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);

    m_from->clear();
    m_to->clear();
    auto label = [](const Workflow& w) {
        return tr("%1 (%2)").arg(w.name, w.id);
    };
    bool fromKnown = false;
    for (const Workflow& w : workflows) {
        m_from->addItem(label(w), w.id);
        m_to->addItem(label(w), w.id);
        fromKnown = fromKnown || w.id == from;
    }
    // A current workflow Trust Swiftly no longer lists is still what the user is on.
    if (!fromKnown && !from.isEmpty())
        m_from->insertItem(0, tr("Unknown workflow (%1)").arg(from), from);
    m_from->setCurrentIndex(qMax(0, m_from->findData(from)));

    // The workflow the user is on now cannot be the target.
    const QString chosenFrom = m_from->currentData().toString();
    auto* model = qobject_cast<QStandardItemModel*>(m_to->model());
    int firstEnabled = -1;
    for (int i = 0; i < m_to->count(); ++i) {
        const bool same = m_to->itemData(i).toString() == chosenFrom;
        if (QStandardItem* item = model ? model->item(i) : nullptr) {
            item->setEnabled(!same);
            item->setToolTip(same ? tr("This is the current workflow: choose another one.") : QString());
        }
        if (!same && firstEnabled < 0)
            firstEnabled = i;
    }
    const int wanted = m_to->findData(to);
    m_to->setCurrentIndex(wanted >= 0 && to != chosenFrom ? wanted : firstEnabled);
    updateWidgets();
}

void ReverifyDialog::updateWidgets()
{
    const ActionRequest r = request();
    QString why = m_service->requestRestriction(r);
    if (why.isEmpty() && m_loading)
        why = tr("Reading the workflows from Trust Swiftly…");
    if (why.isEmpty() && !m_loadError.isEmpty())
        why = m_loadError;
    if (why.isEmpty() && m_busy)
        why = tr("Wait until the request has finished.");
    if (why.isEmpty())
        if (ActionExecutor* ex = m_service->executor(r.provider))
            why = ex->validate(r);
    if (why.isEmpty() && r.reason.isEmpty())
        why = tr("Type a reason first.");
    m_send->setEnabled(why.isEmpty());
    m_send->setToolTip(why);
    m_refresh->setEnabled(!m_loading && !m_busy);
    m_from->setEnabled(!m_busy);
    m_to->setEnabled(!m_busy);
    m_reason->setEnabled(!m_busy);
    if (!m_loadError.isEmpty() && !m_busy)
        showStatus(MessageBanner::Level::Error, m_loadError);

    if (ActionExecutor* ex = m_service->executor(r.provider))
        m_preview->setPlainText(
            QString::fromUtf8(QJsonDocument(ex->preview(r)).toJson(QJsonDocument::Indented)).trimmed());
}

void ReverifyDialog::clearFieldErrors()
{
    for (QLabel* label : {m_fromError, m_toError, m_userError}) {
        label->clear();
        label->hide();
    }
}

void ReverifyDialog::send()
{
    if (!m_send->isEnabled())
        return;
    if (!m_productionProfile.isEmpty() && !std::exchange(m_productionConfirmed, false)) {
        ProductionConfirmation::ask(
            this, m_productionProfile,
            tr("Re-verify Trust Swiftly user %1 with another workflow.").arg(m_user.id), [this] {
                m_productionConfirmed = true;
                send();
            });
        return;
    }
    clearFieldErrors();
    ActionTicket* ticket = m_service->submit(request());
    m_busy = true;
    showStatus(MessageBanner::Level::Info, tr("Sending to Trust Swiftly…"));
    updateWidgets();
    connect(ticket, &ActionTicket::waiting, this, [this](int attempt, int delayMs, const ApiError& reason) {
        const ActionResultText::Text text = ActionResultText::forWaiting(attempt, delayMs, reason);
        showStatus(text.level, text.text);
    });
    connect(ticket, &ActionTicket::finished, this, [this, ticket] { onFinished(ticket); });
}

void ReverifyDialog::onFinished(ActionTicket* ticket)
{
    m_busy = false;
    const ActionResultText::Text text = ActionResultText::forTicket(*ticket);
    const ActionOutcome& outcome = ticket->outcome();
    // Already in state is information, not an error.
    const MessageBanner::Level level =
        ticket->hasOutcome() && outcome.kind == ActionOutcome::Kind::AlreadyInState
            ? MessageBanner::Level::Info
            : text.level;
    showStatus(level, text.text);
    if (ticket->hasOutcome()) {
        const QMap<QString, QLabel*> labels{{QStringLiteral("from"), m_fromError},
                                            {QStringLiteral("to"), m_toError},
                                            {QStringLiteral("user"), m_userError}};
        for (auto it = outcome.fieldErrors.cbegin(); it != outcome.fieldErrors.cend(); ++it) {
            QLabel* label = labels.value(it.key(), m_userError);
            label->setText(it.value().join(QLatin1Char(' ')));
            label->show();
        }
        emit actionFinished(level, text.text);
    }
    updateWidgets();
    if (ticket->hasOutcome() && outcome.kind == ActionOutcome::Kind::Succeeded)
        accept();
}

void ReverifyDialog::showStatus(MessageBanner::Level level, const QString& text)
{
    m_statusLevel = level;
    m_status->setStyleSheet(MessageBanner::labelStyleSheet(level));
    m_status->setText(text);
    m_status->show();
}
