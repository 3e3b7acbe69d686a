// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResetFieldsEditor.h"

#include "providers/sdkfinance/ProfileSchema.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>
#include <utility>

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
}

ResetFieldsEditor::ResetFieldsEditor(QWidget* parent)
    : ActionParameters(parent)
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
    , m_pathsLabel(new QLabel(this))
    , m_paths(new QListWidget(this))
{
    setObjectName(QStringLiteral("resetFieldsEditor"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding); // the tree takes the dialog's room
    setAccessibleName(tr("Mandatory profile fields"));

    auto* intro = new QLabel(tr("The user will be asked to submit the ticked profile fields again. Tick a "
                                "branch to select all of its fields."),
                             this);
    intro->setWordWrap(true);

    m_filter->setObjectName(QStringLiteral("resetFilter"));
    m_filter->setAccessibleName(tr("Filter profile fields"));
    m_filter->setPlaceholderText(tr("Filter fields, e.g. name or address.city"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);

    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Presets:"), this));
    QList<QWidget*> order{m_filter};
    for (const ProfileSchema::Preset& preset : ProfileSchema::presets()) {
        auto* button = new QPushButton(preset.name, this);
        button->setObjectName(QStringLiteral("resetPreset_%1").arg(preset.id));
        button->setAccessibleName(tr("Preset: %1").arg(preset.name));
        button->setToolTip(tr("%1 Replaces the current selection.").arg(preset.description));
        button->setAutoDefault(false);
        const QStringList fields = preset.fields;
        connect(button, &QPushButton::clicked, this, [this, fields] { selectFields(fields); });
        presetRow->addWidget(button);
        order << button;
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

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addLayout(filterRow);
    layout->addLayout(presetRow);
    layout->addWidget(splitter, 1);

    // Keyboard order: filter, presets, tree; the dialog's reason and buttons follow.
    order << clearButton << m_tree;
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));
    setFocusProxy(m_filter);

    connect(m_tree, &QTreeWidget::itemChanged, this, &ResetFieldsEditor::onItemChanged);
    connect(m_filter, &QLineEdit::textChanged, this, &ResetFieldsEditor::applyFilter);
    onItemChanged();
}

QSize ResetFieldsEditor::sizeHint() const
{
    return QSize(820, 420);
}

void ResetFieldsEditor::buildTree()
{
    const QSignalBlocker block(m_tree);
    for (const QString& top : ProfileSchema::topLevel())
        m_tree->addTopLevelItem(addNode(nullptr, top));
}

QTreeWidgetItem* ResetFieldsEditor::addNode(QTreeWidgetItem* parent, const QString& path)
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

QStringList ResetFieldsEditor::selectedFields() const
{
    QStringList result;
    for (const QString& path : ProfileSchema::leaves())
        if (const QTreeWidgetItem* item = m_leaves.value(path); item && item->checkState(0) == Qt::Checked)
            result << path;
    return result;
}

void ResetFieldsEditor::selectFields(const QStringList& paths)
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

void ResetFieldsEditor::applyFilter(const QString& text)
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

void ResetFieldsEditor::onItemChanged()
{
    const QStringList fields = selectedFields();
    m_paths->clear();
    m_paths->addItems(fields);
    m_pathsLabel->setText(tr("Fields that will be sent (%1):").arg(fields.size()));
    if (std::exchange(m_changePosted, true))
        return;
    QTimer::singleShot(0, this, [this] {
        m_changePosted = false;
        emit changed();
    });
}

QJsonObject ResetFieldsEditor::params() const
{
    return QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(selectedFields())}};
}

QString ResetFieldsEditor::problem() const
{
    return ProfileSchema::validate(selectedFields());
}
