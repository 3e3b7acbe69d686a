// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/ActionParameters.h"

#include <QHash>

class QLabel;
class QLineEdit;
class QListWidget;
class QTreeWidget;
class QTreeWidgetItem;

/// The parameters of an SDK.Finance reset in the common ActionDialog: the profile fields the user must
/// submit again, as the profile tree of ProfileSchema with tristate checkboxes, a filter, presets and
/// the live list of dotted paths that will be sent.
class ResetFieldsEditor final : public ActionParameters
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResetFieldsEditor)

public:
    explicit ResetFieldsEditor(QWidget* parent = nullptr);

    QJsonObject params() const override;
    QString problem() const override;
    QSize sizeHint() const override;
    /// The ticked leaves as dotted paths, in document order.
    QStringList selectedFields() const;
    /// Ticks exactly these leaves (unknown paths are ignored).
    void selectFields(const QStringList& paths);

private:
    void buildTree();
    QTreeWidgetItem* addNode(QTreeWidgetItem* parent, const QString& path);
    void applyFilter(const QString& text);
    void onItemChanged();

    QHash<QString, QTreeWidgetItem*> m_leaves;
    bool m_changePosted = false; ///< one changed() for the many itemChanged of ticking a branch
    QLineEdit* m_filter;
    QTreeWidget* m_tree;
    QLabel* m_pathsLabel;
    QListWidget* m_paths;
};
