// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkflowPicker.h"

#include "net/HttpReply.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

WorkflowPicker::WorkflowPicker(TrustSwiftlyClient* client, const QString& currentWorkflow, QWidget* parent)
    : ActionParameters(parent)
    , m_client(client)
    , m_currentWorkflow(currentWorkflow)
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_refresh(new QPushButton(tr("&Refresh workflows"), this))
{
    setObjectName(QStringLiteral("workflowPicker"));
    setAccessibleName(tr("Re-verification workflows"));
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
    m_refresh->setAutoDefault(false);

    auto* fromLabel = new QLabel(tr("&From (current):"), this);
    fromLabel->setBuddy(m_from);
    auto* toLabel = new QLabel(tr("&To (re-verification):"), this);
    toLabel->setBuddy(m_to);
    auto* form = new QFormLayout;
    form->addRow(fromLabel, m_from);
    form->addRow(toLabel, m_to);
    auto* refreshRow = new QHBoxLayout;
    refreshRow->addStretch(1);
    refreshRow->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(refreshRow);
    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_refresh);
    setFocusProxy(m_to); // the choice to make; "from" is preselected

    connect(m_refresh, &QPushButton::clicked, this, [this] { loadWorkflows(true); });
    connect(m_from, &QComboBox::currentIndexChanged, this, &WorkflowPicker::fillCombos);
    connect(m_to, &QComboBox::currentIndexChanged, this, &ActionParameters::changed);
    loadWorkflows(false);
}

QJsonObject WorkflowPicker::params() const
{
    return QJsonObject{{QStringLiteral("from"), m_from->currentData().toString()},
                       {QStringLiteral("to"), m_to->currentData().toString()}};
}

QString WorkflowPicker::problem() const
{
    if (!m_client)
        return tr("Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.");
    if (m_loading)
        return tr("Reading the workflows from Trust Swiftly…");
    return m_loadError;
}

void WorkflowPicker::loadWorkflows(bool refresh)
{
    if (m_loading || !m_client)
        return;
    m_loadError.clear();
    HttpReply* reply = m_client->workflows(refresh);
    m_loading = reply;
    m_refresh->setEnabled(false);
    emit changed();
    connect(reply, &HttpReply::finished, this, [this, reply] {
        m_loading = nullptr;
        m_refresh->setEnabled(true);
        const HttpResult& r = reply->result();
        if (!r.ok() && r.error.kind != ApiError::Kind::Cancelled)
            m_loadError = tr("The workflows could not be read: %1").arg(r.error.message());
        fillCombos();
    });
}

void WorkflowPicker::fillCombos()
{
    const WorkflowList workflows =
        m_client ? m_client->cachedWorkflows().value_or(WorkflowList()) : WorkflowList();
    const QString from = m_from->count() ? m_from->currentData().toString() : m_currentWorkflow;
    const QString to = m_to->currentData().toString();
    {
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
    }
    emit changed();
}
