// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResetFieldsDialog.h"

#include "dialogs/ProductionConfirmation.h"

#include "providers/sdkfinance/ProfileSchema.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "widgets/ActionResultText.h"
#include "widgets/MessageBanner.h"
#include "widgets/ProviderIdField.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
}

ResetFieldsDialog::ResetFieldsDialog(ActionService* service, const QString& userId, QWidget* parent)
    : QDialog(parent)
    , m_service(service)
    , m_production(new QLabel(this))
    , m_userId(new ProviderIdField(this))
    , m_restriction(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
    , m_pathsLabel(new QLabel(this))
    , m_paths(new QListWidget(this))
    , m_approval(new QLabel(this))
    , m_reason(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_result(new QLabel(this))
    , m_profileLabel(new QLabel(tr("Profile returned by SDK.Finance:"), this))
    , m_profile(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("resetFieldsDialog"));
    setWindowTitle(tr("Reset identification — SDK.Finance"));
    setAccessibleName(tr("Reset identification with mandatory profile fields"));

    m_production->setObjectName(QStringLiteral("resetProduction"));
    m_production->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_production->setWordWrap(true);
    m_production->hide();

    auto* intro = new QLabel(tr("The user will be asked to submit the ticked profile fields again. Tick a "
                                "branch to select all of its fields."),
                             this);
    intro->setWordWrap(true);

    m_userId->setObjectName(QStringLiteral("resetUserId"));
    m_userId->setAccessibleName(tr("SDK.Finance user id"));
    m_userId->setText(userId);
    m_userId->setToolTip(tr("The id SDK.Finance knows the selected person by."));
    auto* userLabel = new QLabel(tr("User id:"), this);

    m_restriction->setObjectName(QStringLiteral("resetRestriction"));
    m_restriction->setAccessibleName(tr("Why the reset is not available"));
    m_restriction->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_restriction->setWordWrap(true);
    m_restriction->hide();

    m_filter->setObjectName(QStringLiteral("resetFilter"));
    m_filter->setAccessibleName(tr("Filter profile fields"));
    m_filter->setPlaceholderText(tr("Filter fields, e.g. name or address.city"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);

    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Presets:"), this));
    QList<QPushButton*> presetButtons;
    for (const ProfileSchema::Preset& preset : ProfileSchema::presets()) {
        auto* button = new QPushButton(preset.name, this);
        button->setObjectName(QStringLiteral("resetPreset_%1").arg(preset.id));
        button->setAccessibleName(tr("Preset: %1").arg(preset.name));
        button->setToolTip(tr("%1 Replaces the current selection.").arg(preset.description));
        button->setAutoDefault(false);
        const QStringList fields = preset.fields;
        connect(button, &QPushButton::clicked, this, [this, fields] { selectFields(fields); });
        presetRow->addWidget(button);
        presetButtons << button;
    }
    auto* clearButton = new QPushButton(tr("C&lear"), this);
    clearButton->setObjectName(QStringLiteral("resetClearFields"));
    clearButton->setAccessibleName(tr("Clear the selection"));
    clearButton->setToolTip(tr("Unticks every field."));
    clearButton->setAutoDefault(false);
    connect(clearButton, &QPushButton::clicked, this, [this] { selectFields({}); });
    presetRow->addWidget(clearButton);
    presetRow->addStretch(1);

    m_tree->setObjectName(QStringLiteral("resetFieldTree"));
    m_tree->setAccessibleName(tr("Profile fields"));
    m_tree->setAccessibleDescription(tr("Space ticks or unticks the current field or branch."));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Path")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    buildTree();
    m_tree->expandAll();
    m_tree->resizeColumnToContents(0);
    m_tree->setCurrentItem(m_tree->topLevelItem(0));

    m_pathsLabel->setObjectName(QStringLiteral("resetPathsLabel"));
    m_paths->setObjectName(QStringLiteral("resetPathList"));
    m_paths->setAccessibleName(tr("Fields that will be sent"));
    m_paths->setFocusPolicy(Qt::NoFocus);
    m_paths->setSelectionMode(QAbstractItemView::NoSelection);
    auto* pathsBox = new QWidget(this);
    auto* pathsLayout = new QVBoxLayout(pathsBox);
    pathsLayout->setContentsMargins(0, 0, 0, 0);
    pathsLayout->addWidget(m_pathsLabel);
    pathsLayout->addWidget(m_paths, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(pathsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    m_approval->setObjectName(QStringLiteral("resetApproval"));
    m_approval->setWordWrap(true);

    m_reason->setObjectName(QStringLiteral("resetReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("Why the user must submit these fields again (required, audited)"));
    auto* reasonLabel = new QLabel(tr("&Reason:"), this);
    reasonLabel->setBuddy(m_reason);

    m_problem->setObjectName(QStringLiteral("resetProblem"));
    m_problem->setWordWrap(true);
    m_result->setObjectName(QStringLiteral("resetResult"));
    m_result->setAccessibleName(tr("Result of the reset"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_profile->setObjectName(QStringLiteral("resetProfileView"));
    m_profile->setAccessibleName(tr("Profile returned by SDK.Finance"));
    m_profile->setReadOnly(true);
    m_profile->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_profile->hide();
    m_profileLabel->setObjectName(QStringLiteral("resetProfileLabel"));
    m_profileLabel->setBuddy(m_profile);
    m_profileLabel->hide();

    m_submit = m_buttons->addButton(tr("&Submit reset"), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("resetSubmit"));
    m_submit->setAccessibleName(tr("Submit the reset"));
    m_submit->setDefault(true);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("resetCancel"));
    m_cancel->setAccessibleName(tr("Cancel"));
    m_cancel->setAutoDefault(false);
    connect(m_submit, &QPushButton::clicked, this, &ResetFieldsDialog::submit);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_done ? accept() : reject(); });

    auto* form = new QFormLayout;
    form->addRow(userLabel, m_userId);
    form->addRow(filterLabel, m_filter);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_production);
    layout->addWidget(intro);
    layout->addWidget(m_restriction);
    layout->addLayout(form);
    layout->addLayout(presetRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_approval);
    auto* reasonRow = new QHBoxLayout;
    reasonRow->addWidget(reasonLabel);
    reasonRow->addWidget(m_reason, 1);
    layout->addLayout(reasonRow);
    layout->addWidget(m_problem);
    layout->addWidget(m_result);
    layout->addWidget(m_profileLabel);
    layout->addWidget(m_profile, 1);
    layout->addWidget(m_buttons);

    // Keyboard order: user id, filter, presets, tree, reason, buttons.
    QWidget* previous = m_userId;
    QList<QWidget*> order{m_filter};
    for (QPushButton* b : presetButtons)
        order << b;
    order << clearButton << m_tree << m_reason << m_submit << m_cancel;
    for (QWidget* w : order) {
        setTabOrder(previous, w);
        previous = w;
    }

    connect(m_tree, &QTreeWidget::itemChanged, this, &ResetFieldsDialog::onItemChanged);
    connect(m_filter, &QLineEdit::textChanged, this, &ResetFieldsDialog::applyFilter);
    connect(m_reason, &QLineEdit::textChanged, this, &ResetFieldsDialog::updateWidgets);
    connect(m_userId, &QLineEdit::textChanged, this, &ResetFieldsDialog::updateWidgets);
    resize(860, 680);
    onItemChanged();
    m_filter->setFocus();
}

void ResetFieldsDialog::setProductionEnvironment(const QString& profileName)
{
    m_production->setText(
        tr("PRODUCTION (%1): the user is really asked to identify again.").arg(profileName));
    m_production->show();
    m_productionProfile = profileName;
}

void ResetFieldsDialog::buildTree()
{
    const QSignalBlocker block(m_tree);
    for (const QString& top : ProfileSchema::topLevel())
        m_tree->addTopLevelItem(addNode(nullptr, top));
}

QTreeWidgetItem* ResetFieldsDialog::addNode(QTreeWidgetItem* parent, const QString& path)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem;
    item->setText(0, ProfileSchema::label(path));
    item->setText(1, path);
    item->setData(0, kPathRole, path);
    item->setToolTip(0, path);
    const bool leaf = ProfileSchema::isLeaf(path);
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    if (!leaf)
        flags |= Qt::ItemIsAutoTristate;
    item->setFlags(flags);
    item->setCheckState(0, Qt::Unchecked);
    if (leaf)
        m_leaves.insert(path, item);
    for (const QString& child : ProfileSchema::children(path))
        addNode(item, child);
    return item;
}

QStringList ResetFieldsDialog::selectedFields() const
{
    QStringList result;
    for (const QString& path : ProfileSchema::leaves())
        if (const QTreeWidgetItem* item = m_leaves.value(path); item && item->checkState(0) == Qt::Checked)
            result << path;
    return result;
}

void ResetFieldsDialog::selectFields(const QStringList& paths)
{
    {
        // One pass with signals blocked; the parents' tristate is then derived by Qt from the leaves.
        const QSignalBlocker block(m_tree);
        for (auto it = m_leaves.cbegin(); it != m_leaves.cend(); ++it)
            it.value()->setCheckState(0, paths.contains(it.key()) ? Qt::Checked : Qt::Unchecked);
    }
    m_tree->viewport()->update();
    onItemChanged();
}

void ResetFieldsDialog::applyFilter(const QString& text)
{
    const QString needle = text.trimmed();
    // Post-order: a group is shown when any of its children is.
    std::function<bool(QTreeWidgetItem*)> visit = [&](QTreeWidgetItem* item) {
        bool visible = false;
        if (item->childCount() == 0) {
            visible = needle.isEmpty() || item->text(0).contains(needle, Qt::CaseInsensitive) ||
                      item->text(1).contains(needle, Qt::CaseInsensitive);
        } else {
            for (int i = 0; i < item->childCount(); ++i)
                visible = visit(item->child(i)) || visible;
        }
        item->setHidden(!visible);
        return visible;
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        visit(m_tree->topLevelItem(i));
    m_tree->expandAll();
}

void ResetFieldsDialog::onItemChanged()
{
    const QStringList fields = selectedFields();
    m_paths->clear();
    m_paths->addItems(fields);
    m_pathsLabel->setText(tr("Fields that will be sent (%1):").arg(fields.size()));
    updateWidgets();
}

ActionRequest ResetFieldsDialog::request() const
{
    ActionRequest r;
    r.provider = QStringLiteral("sdkfinance");
    r.action = QStringLiteral("reset");
    r.userId = m_userId->text().trimmed();
    r.params = QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(selectedFields())}};
    r.reason = m_reason->text().trimmed();
    return r;
}

QString ResetFieldsDialog::blocker() const
{
    if (!m_service)
        return tr("Not connected: open a connection profile first.");
    const ActionRequest r = request();
    QString why = m_service->requestRestriction(r);
    if (!why.isEmpty())
        return why;
    if (m_busy)
        return tr("Wait until the reset has been handled.");
    if (r.userId.isEmpty())
        return tr("Select a person known to SDK.Finance first.");
    why = ProfileSchema::validate(selectedFields());
    if (!why.isEmpty())
        return why;
    if (r.reason.isEmpty())
        return tr("Give a reason: it goes into the audit log.");
    return QString();
}

QString ResetFieldsDialog::resultText() const
{
    return m_result->isHidden() ? QString() : m_result->text();
}

void ResetFieldsDialog::updateWidgets()
{
    const QString restriction = m_service ? m_service->requestRestriction(request())
                                          : tr("Not connected: open a connection profile first.");
    m_restriction->setText(restriction);
    m_restriction->setVisible(!restriction.isEmpty());
    const bool editable = restriction.isEmpty() && !m_busy && !m_done;
    m_tree->setEnabled(editable);
    m_filter->setEnabled(editable);
    m_reason->setEnabled(editable);
    for (QPushButton* b : findChildren<QPushButton*>())
        if (b->objectName().startsWith(QLatin1String("resetPreset_")) ||
            b->objectName() == QLatin1String("resetClearFields"))
            b->setEnabled(editable);

    if (m_service && restriction.isEmpty() && !m_done) {
        QString error;
        const std::optional<bool> approval = m_service->needsApproval(request(), &error);
        if (!approval)
            m_approval->setText(tr("The approval policy cannot be read: %1").arg(error));
        else if (*approval)
            m_approval->setText(tr("Needs a second supervisor's approval before it is sent (policy)."));
        else
            m_approval->setText(tr("Sent to SDK.Finance as soon as you submit (no approval needed)."));
        m_approval->show();
    } else {
        m_approval->hide();
    }

    const QString why = m_done ? QString() : blocker();
    m_submit->setVisible(!m_done);
    m_submit->setEnabled(why.isEmpty() && !m_done);
    m_submit->setToolTip(why.isEmpty() ? tr("Submits the reset through the approval pipeline.") : why);
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty() && restriction.isEmpty());
}

void ResetFieldsDialog::submit()
{
    if (!m_service || !blocker().isEmpty() || m_done)
        return;
    if (!m_productionProfile.isEmpty() && !std::exchange(m_productionConfirmed, false)) {
        // Production: the question naming the environment and the profile comes first.
        ProductionConfirmation::ask(
            this, m_productionProfile,
            tr("Reset the identification of SDK.Finance user %1.").arg(request().userId), [this] {
                m_productionConfirmed = true;
                submit();
            });
        return;
    }
    ActionTicket* ticket = m_service->submit(request());
    m_busy = true;
    m_result->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Info));
    m_result->setText(tr("Submitting…"));
    m_result->show();
    updateWidgets();
    connect(ticket, &ActionTicket::finished, this, [this, ticket] { onFinished(ticket); });
}

void ResetFieldsDialog::onFinished(ActionTicket* ticket)
{
    m_busy = false;
    m_done = true;
    const ActionResultText::Text text = ActionResultText::forTicket(*ticket);
    m_result->setStyleSheet(MessageBanner::labelStyleSheet(text.level));
    m_result->setText(text.text);
    m_result->show();
    if (ticket->hasOutcome() && !ticket->outcome().after.isEmpty()) {
        m_profile->setPlainText(
            QString::fromUtf8(QJsonDocument(ticket->outcome().after).toJson(QJsonDocument::Indented)));
        m_profileLabel->show();
        m_profile->show();
    }
    m_cancel->setText(tr("&Close"));
    m_cancel->setDefault(true);
    m_cancel->setFocus();
    updateWidgets();
    emit actionFinished(text.text);
}
