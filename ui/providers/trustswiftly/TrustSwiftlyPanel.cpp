// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyPanel.h"

#include "WorkflowPicker.h"
#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "net/HttpReply.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/Session.h"
#include "widgets/ActionResultLabel.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
QLabel* addRow(QWidget* owner, QFormLayout* form, const QString& label, const char* objectName)
{
    auto* value = new QLabel(owner);
    value->setObjectName(QString::fromLatin1(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setAccessibleName(label);
    form->addRow(TrustSwiftlyPanel::tr("%1:").arg(label), value);
    return value;
}
} // namespace

TrustSwiftlyPanel::TrustSwiftlyPanel(QWidget* parent)
    : ProviderPanel(parent)
    , m_fields(new QWidget(this))
    , m_reverify(new QPushButton(this))
    , m_result(new ActionResultLabel(this))
{
    setObjectName(QStringLiteral("trustSwiftlyPanel"));
    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    m_workflow = addRow(m_fields, form, tr("Current workflow"), "detailWorkflow");
    m_reverifyWorkflow = addRow(m_fields, form, tr("Re-verification workflow"), "detailReverifyWorkflow");
    m_reverify->setObjectName(QStringLiteral("assignReverify"));
    m_reverify->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    connect(m_reverify, &QPushButton::clicked, this, &TrustSwiftlyPanel::openReverify);
    m_result->setObjectName(QStringLiteral("trustSwiftlyResult"));
    // The outcome may have changed the user's workflows: the card reads them again.
    connect(m_result, &ActionResultLabel::busyChanged, this, [this](bool busy) {
        updateWidgets();
        if (!busy)
            emit personChanged();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_fields);
    layout->addWidget(m_reverify);
    layout->addWidget(m_result);
    retranslateUi();
    clear();
}

void TrustSwiftlyPanel::retranslateUi()
{
    setTitle(tr("Trust Swiftly actions"));
    auto* form = qobject_cast<QFormLayout*>(m_fields->layout());
    const QList<QPair<QLabel*, QString>> rows{{m_workflow, tr("Current workflow")},
                                              {m_reverifyWorkflow, tr("Re-verification workflow")}};
    for (const auto& [value, label] : rows) {
        value->setAccessibleName(label);
        if (auto* l = form ? qobject_cast<QLabel*>(form->labelForField(value)) : nullptr)
            l->setText(tr("%1:").arg(label));
    }
    m_reverify->setText(tr("Assign re-verification…"));
    m_reverify->setAccessibleName(tr("Assign re-verification"));
    m_result->setAccessibleName(tr("Result of the last Trust Swiftly action"));
    if (!m_user.id.isEmpty())
        fill(m_user);
    updateWidgets();
}

void TrustSwiftlyPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    ProviderPanel::changeEvent(event);
}

void TrustSwiftlyPanel::setSession(const Session* session, ActionService* service)
{
    setClient(session ? session->client<TrustSwiftlyClient>() : nullptr, service);
}

void TrustSwiftlyPanel::setClient(TrustSwiftlyClient* client, ActionService* service)
{
    m_client = client;
    m_service = client ? service : nullptr;
    m_result->forget(); // a ticket of the previous service went with it
    updateWidgets();
}

void TrustSwiftlyPanel::setEnvironment(const QString& profileName, bool production)
{
    m_productionProfile = production ? profileName : QString();
}

QString TrustSwiftlyPanel::resultText() const
{
    return m_result->resultText();
}

void TrustSwiftlyPanel::showPerson(const UserRecord& record, const QString& id)
{
    Q_UNUSED(id)
    const bool here = m_client && record.provider == m_client->provider();
    const UserRecord shown = here ? record : UserRecord();
    // Another person: the previous person's dialog and result do not belong here.
    if (shown.provider != m_user.provider || shown.id != m_user.id) {
        if (m_dialog)
            m_dialog->reject();
        m_result->clearResult();
    }
    fill(shown);
    loadWorkflowNames();
}

void TrustSwiftlyPanel::refreshPerson(const UserRecord& record)
{
    if (m_client && record.provider == m_client->provider() && record.id == m_user.id)
        fill(record);
}

void TrustSwiftlyPanel::clear()
{
    if (m_dialog)
        m_dialog->reject();
    m_result->clearResult();
    fill(UserRecord());
}

void TrustSwiftlyPanel::loadWorkflowNames()
{
    // Names for the workflow ids, fetched once when the first user is shown (then cached by the client).
    if (!m_client || m_client->cachedWorkflows() || m_loadingWorkflows || m_user.id.isEmpty())
        return;
    HttpReply* reply = m_client->workflows(false);
    m_loadingWorkflows = reply;
    connect(reply, &HttpReply::finished, this, [this] {
        if (!m_user.id.isEmpty())
            fill(m_user);
    });
}

QString TrustSwiftlyPanel::workflowText(const QString& id) const
{
    if (id.isEmpty())
        return QStringLiteral("—");
    if (m_client && m_client->cachedWorkflows()) {
        for (const Workflow& w : *m_client->cachedWorkflows())
            if (w.id == id)
                return tr("%1 (%2)").arg(w.name, id);
    }
    return id;
}

void TrustSwiftlyPanel::fill(const UserRecord& user)
{
    m_user = user;
    m_workflow->setText(
        workflowText(user.attributes.value(QStringLiteral("current_workflow_id")).toString()));
    const QString reVerify = user.attributes.value(QStringLiteral("re_verify_workflow_id")).toString();
    m_reverifyWorkflow->setText(workflowText(reVerify));
    // The re-verification row is shown only when one is assigned.
    if (auto* form = qobject_cast<QFormLayout*>(m_fields->layout()))
        form->setRowVisible(m_reverifyWorkflow, !reVerify.isEmpty());
    m_fields->setVisible(!user.id.isEmpty());
    updateWidgets();
}

void TrustSwiftlyPanel::updateWidgets()
{
    QString why;
    if (!m_service || !m_client)
        why = tr("Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.");
    if (why.isEmpty() && m_user.id.isEmpty())
        why = tr("Re-verification is for Trust Swiftly users.");
    if (why.isEmpty()) {
        ActionRequest request;
        request.provider = m_client->provider();
        request.action = QStringLiteral("reverify");
        request.userId = m_user.id;
        why = m_service->authorisation().requestRestriction(request);
    }
    if (why.isEmpty() && m_result->isBusy())
        why = tr("Wait until the current Trust Swiftly action has finished.");
    if (why.isEmpty() && m_user.attributes.value(QStringLiteral("current_workflow_id")).toString().isEmpty())
        why = tr("Trust Swiftly has not said which workflow this user is on.");
    m_reverify->setEnabled(why.isEmpty());
    m_reverify->setToolTip(why.isEmpty() ? tr("Choose a workflow the user must go through again; opens a "
                                              "confirmation with the exact request.")
                                         : why);
}

void TrustSwiftlyPanel::openReverify()
{
    if (!m_reverify->isEnabled() || !m_service || !m_client)
        return;
    if (m_dialog)
        m_dialog->reject();
    ActionRequest request;
    request.provider = m_client->provider();
    request.action = QStringLiteral("reverify");
    request.userId = m_user.id;
    ActionCommand::Options options;
    options.person = m_user.displayName();
    options.productionProfile = m_productionProfile;
    options.parameters = new WorkflowPicker(
        m_client, m_user.attributes.value(QStringLiteral("current_workflow_id")).toString());
    ActionDialog* dialog = ActionCommand::open(
        m_service, request, options, this, m_reverify, [this](ActionTicket* ticket, const QString& subject) {
            m_result->track(ticket, tr("Sending to Trust Swiftly…"), subject);
        });
    m_dialog = dialog;
    connect(dialog, &ActionDialog::showEarlierAction, this, &TrustSwiftlyPanel::showActionRequested);
}
