// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"

#include <QTableView>

class ActionsModel;

/// A table of ActionsModel rows that keeps the selected action selected when the model is read again.
class ActionTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionTableView)

public:
    /// model is not owned.
    explicit ActionTableView(ActionsModel* model, QWidget* parent = nullptr);

    ActionRecord currentAction() const;
    /// Reads the store again; false with the model's lastError().
    bool refresh();
    /// The column that takes the width left over (the others keep theirs).
    void setStretchColumn(int column);
    /// Selects the row of this action; false when it is not listed.
    bool selectAction(qint64 actionId);

signals:
    void currentActionChanged();

protected:
    /// A language switch: the headers and the cells (the action's words) are read again, the
    /// selection kept.
    void changeEvent(QEvent* event) override;

private:
    ActionsModel* m_model;
};
