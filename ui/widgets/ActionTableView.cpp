// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionTableView.h"

#include "models/ActionsModel.h"
#include "widgets/ModelTexts.h"

#include <QEvent>
#include <QHeaderView>

ActionTableView::ActionTableView(ActionsModel* model, QWidget* parent)
    : QTableView(parent)
    , m_model(model)
{
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->hide();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->resizeSection(ActionsModel::IdColumn, 50);
    horizontalHeader()->resizeSection(ActionsModel::ActionColumn, 320);
    horizontalHeader()->resizeSection(ActionsModel::UserColumn, 120);
    horizontalHeader()->resizeSection(ActionsModel::InitiatorColumn, 120);
    horizontalHeader()->resizeSection(ActionsModel::ReasonColumn, 240);
    horizontalHeader()->resizeSection(ActionsModel::AgeColumn, 100);
    horizontalHeader()->resizeSection(ActionsModel::DetailColumn, 300);
    setStretchColumn(ActionsModel::ReasonColumn);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ActionTableView::currentActionChanged);
}

void ActionTableView::setStretchColumn(int column)
{
    for (int c = 0; c < ActionsModel::ColumnCount; ++c)
        horizontalHeader()->setSectionResizeMode(c, c == column ? QHeaderView::Stretch
                                                                : QHeaderView::Interactive);
}

ActionRecord ActionTableView::currentAction() const
{
    return m_model->itemAt(currentIndex());
}

bool ActionTableView::refresh()
{
    const QModelIndex current = currentIndex();
    const qint64 id = current.isValid() ? m_model->itemAt(current).id : 0;
    const int row = current.isValid() ? current.row() : 0;
    const bool ok = m_model->refresh();
    // A reset forgets the selection: put it back on the same action, or on its neighbour when it left.
    if (!selectAction(id) && m_model->rowCount() > 0)
        setCurrentIndex(m_model->index(qMin(row, m_model->rowCount() - 1), 0));
    emit currentActionChanged();
    return ok;
}

bool ActionTableView::selectAction(qint64 actionId)
{
    const int row = actionId > 0 ? m_model->rowOf(actionId) : -1;
    if (row < 0)
        return false;
    setCurrentIndex(m_model->index(row, 0));
    return true;
}

void ActionTableView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        ModelTexts::reread(m_model);
    QTableView::changeEvent(event);
}
