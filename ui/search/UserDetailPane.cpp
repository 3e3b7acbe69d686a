// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserDetailPane.h"

#include "net/HttpReply.h"
#include "providers/sdkfinance/SdkFinancePanel.h"
#include "providers/smartid/SmartIdPanel.h"
#include "providers/smileid/SmileIdPanel.h"
#include "providers/trustswiftly/ReverifyDialog.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/ActionService.h"
#include "services/UserDirectory.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

UserDetailPane::UserDetailPane(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_note(new QLabel(this))
    , m_trustSwiftlyResult(new QLabel(this))
    , m_fields(new QWidget(this))
    , m_smileId(new SmileIdPanel(this))
    , m_smartId(new SmartIdPanel(this))
{
    setObjectName(QStringLiteral("userDetailPane"));
    setAccessibleName(tr("User details"));
    m_title->setObjectName(QStringLiteral("detailTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("detailNote"));
    m_note->setWordWrap(true);

    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setLabelAlignment(Qt::AlignRight);
    m_name = addRow(form, tr("Name"), "detailName");
    m_email = addRow(form, tr("E-mail"), "detailEmail");
    m_phone = addRow(form, tr("Phone"), "detailPhone");
    m_status = addRow(form, tr("Status"), "detailStatus");
    m_reference = addRow(form, tr("Reference"), "detailReference");
    m_id = addRow(form, tr("Provider id"), "detailId");
    m_workflow = addRow(form, tr("Current workflow"), "detailWorkflow");
    m_reverifyWorkflow = addRow(form, tr("Re-verification workflow"), "detailReverifyWorkflow");
    m_reverify = new QPushButton(tr("Assign re-verification…"), m_fields);
    m_reverify->setObjectName(QStringLiteral("assignReverify"));
    m_reverify->setAccessibleName(tr("Assign re-verification"));
    m_reverify->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    form->addRow(QString(), m_reverify);
    connect(m_reverify, &QPushButton::clicked, this, &UserDetailPane::openReverify);

    m_trustSwiftlyResult->setObjectName(QStringLiteral("trustSwiftlyResult"));
    m_trustSwiftlyResult->setAccessibleName(tr("Result of the last Trust Swiftly action"));
    m_trustSwiftlyResult->setWordWrap(true);
    m_trustSwiftlyResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trustSwiftlyResult->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_note);
    layout->addWidget(m_trustSwiftlyResult);
    layout->addWidget(m_smileId);
    layout->addWidget(m_smartId);
    m_sdkFinance = new SdkFinancePanel(this);
    layout->addWidget(m_sdkFinance);
    layout->addStretch(1);
    clear();
}

QLabel* UserDetailPane::addRow(QFormLayout* form, const QString& label, const char* objectName)
{
    auto* value = new QLabel(m_fields);
    value->setObjectName(QString::fromLatin1(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setMinimumWidth(120);
    value->setAccessibleName(label);
    //: A form label: French puts a space before the colon.
    form->addRow(tr("%1:").arg(label), value);
    return value;
}

void UserDetailPane::retranslateUi()
{
    setAccessibleName(tr("User details"));
    auto* form = qobject_cast<QFormLayout*>(m_fields->layout());
    const QList<QPair<QLabel*, QString>> rows{{m_name, tr("Name")},
                                              {m_email, tr("E-mail")},
                                              {m_phone, tr("Phone")},
                                              {m_status, tr("Status")},
                                              {m_reference, tr("Reference")},
                                              {m_id, tr("Provider id")},
                                              {m_workflow, tr("Current workflow")},
                                              {m_reverifyWorkflow, tr("Re-verification workflow")}};
    for (const auto& [value, label] : rows) {
        value->setAccessibleName(label);
        if (auto* l = form ? qobject_cast<QLabel*>(form->labelForField(value)) : nullptr)
            l->setText(tr("%1:").arg(label));
    }
    m_reverify->setText(tr("Assign re-verification…"));
    m_reverify->setAccessibleName(tr("Assign re-verification"));
    m_trustSwiftlyResult->setAccessibleName(tr("Result of the last Trust Swiftly action"));
    if (m_user.id.isEmpty()) {
        m_title->setText(tr("No user selected"));
        m_note->setText(tr("Search for a user and select a row to see the details here."));
    } else {
        fill(m_user);
    }
    updateWidgets();
}

void UserDetailPane::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void UserDetailPane::setDirectory(UserDirectory* directory)
{
    if (m_pending)
        m_pending->cancel();
    m_directory = directory;
}

void UserDetailPane::setTrustSwiftly(TrustSwiftlyClient* client)
{
    m_trustSwiftly = client;
    updateWidgets();
}

void UserDetailPane::loadWorkflowNames()
{
    // Names for the workflow ids, fetched once when the first user is shown (then cached by the client).
    if (!m_trustSwiftly || m_trustSwiftly->cachedWorkflows() || m_loadingWorkflows)
        return;
    HttpReply* reply = m_trustSwiftly->workflows(false);
    m_loadingWorkflows = reply;
    connect(reply, &HttpReply::finished, this, [this] {
        if (!m_user.id.isEmpty())
            fill(m_user);
    });
}

void UserDetailPane::setActionService(ActionService* service)
{
    m_actions = service;
    m_smartId->setActionService(service);
    updateWidgets();
}

QString UserDetailPane::trustSwiftlyResult() const
{
    return m_trustSwiftlyResult->isHidden() ? QString() : m_trustSwiftlyResult->text();
}

QString UserDetailPane::workflowText(const QString& id) const
{
    if (id.isEmpty())
        return QStringLiteral("—");
    if (m_trustSwiftly && m_trustSwiftly->cachedWorkflows()) {
        for (const Workflow& w : *m_trustSwiftly->cachedWorkflows())
            if (w.id == id)
                return tr("%1 (%2)").arg(w.name, id);
    }
    return id;
}

void UserDetailPane::updateWidgets()
{
    QString why;
    if (!m_actions || !m_trustSwiftly)
        why = tr("Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.");
    if (why.isEmpty() && m_user.provider != m_trustSwiftly->provider())
        why = tr("Re-verification is for Trust Swiftly users.");
    if (why.isEmpty()) {
        ActionRequest request;
        request.provider = m_trustSwiftly->provider();
        request.action = QStringLiteral("reverify");
        request.userId = m_user.id;
        why = m_actions->requestRestriction(request);
    }
    if (why.isEmpty() && m_user.attributes.value(QStringLiteral("current_workflow_id")).toString().isEmpty())
        why = tr("Trust Swiftly has not said which workflow this user is on.");
    m_reverify->setEnabled(why.isEmpty());
    m_reverify->setToolTip(why.isEmpty() ? tr("Choose a workflow the user must go through again; opens a "
                                              "confirmation with the exact request.")
                                         : why);
}

void UserDetailPane::openReverify()
{
    if (!m_reverify->isEnabled() || !m_actions || !m_trustSwiftly)
        return;
    auto* dialog = new ReverifyDialog(m_actions, m_trustSwiftly, m_user, this);
    m_reverifyDialog = dialog;
    dialog->setProductionEnvironment(m_productionProfile);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::finished, this, [this] {
        if (m_reverify->isEnabled())
            m_reverify->setFocus(Qt::OtherFocusReason);
    });
    connect(dialog, &ReverifyDialog::actionFinished, this,
            [this](MessageBanner::Level level, const QString& text) {
                m_trustSwiftlyResult->setStyleSheet(MessageBanner::labelStyleSheet(level));
                m_trustSwiftlyResult->setText(text);
                m_trustSwiftlyResult->show();
                refresh();
            });
    dialog->open();
}

void UserDetailPane::refresh()
{
    if (!m_user.id.isEmpty())
        showUser(m_user);
}

void UserDetailPane::clear()
{
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    if (m_reverifyDialog)
        m_reverifyDialog->reject();
    m_user = UserRecord();
    m_smileId->clear();
    m_smartId->clear();
    m_sdkFinance->clear();
    m_trustSwiftlyResult->clear();
    m_trustSwiftlyResult->hide();
    m_title->setText(tr("No user selected"));
    m_note->setText(tr("Search for a user and select a row to see the details here."));
    m_fields->hide();
    updateWidgets();
}

void UserDetailPane::fill(const UserRecord& user)
{
    m_user = user;
    m_title->setText(user.displayName());
    auto orDash = [](const QString& s) {
        return s.isEmpty() ? QStringLiteral("—") : s;
    };
    m_name->setText(orDash((user.firstName + QLatin1Char(' ') + user.lastName).trimmed()));
    m_email->setText(orDash(user.email));
    m_phone->setText(orDash(user.phone));
    m_status->setText(orDash(user.status));
    m_reference->setText(orDash(user.referenceId));
    m_id->setText(orDash(user.id));
    m_workflow->setText(
        workflowText(user.attributes.value(QStringLiteral("current_workflow_id")).toString()));
    const QString reVerify = user.attributes.value(QStringLiteral("re_verify_workflow_id")).toString();
    m_reverifyWorkflow->setText(workflowText(reVerify));
    // Shown only when one is assigned.
    if (auto* form = qobject_cast<QFormLayout*>(m_fields->layout()))
        form->setRowVisible(m_reverifyWorkflow, !reVerify.isEmpty());
    m_fields->show();
    updateWidgets();
}

void UserDetailPane::showUser(const UserRecord& user)
{
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    // Another person: the previous person's result does not belong here.
    if (user.provider != m_user.provider || user.id != m_user.id) {
        if (m_reverifyDialog)
            m_reverifyDialog->reject();
        m_trustSwiftlyResult->clear();
        m_trustSwiftlyResult->hide();
    }
    fill(user);
    loadWorkflowNames();
    m_smileId->setUser(user);
    m_smartId->setUser(user);
    // Only the search directory's (Trust Swiftly's) own records can be read back from it.
    if (!m_directory || user.id.isEmpty() ||
        (m_trustSwiftly && user.provider != m_trustSwiftly->provider())) {
        m_note->clear();
        return;
    }
    m_note->setText(tr("Refreshing from %1…").arg(m_directory->providerName()));
    HttpReply* reply = m_directory->user(user.id);
    m_pending = reply;
    connect(reply, &HttpReply::finished, this, [this, reply] {
        const HttpResult& r = reply->result();
        if (r.error.kind == ApiError::Kind::Cancelled)
            return;
        if (!r.ok()) {
            m_note->setText(r.error.message());
            return;
        }
        const UserRecord fresh = r.value.value<UserRecord>();
        fill(fresh);
        m_note->setText(
            tr("Up to date as of %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        emit userRefreshed(fresh);
    });
}
