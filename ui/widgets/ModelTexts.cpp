// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelTexts.h"

#include <QAbstractItemModel>

namespace ModelTexts {

void reread(QAbstractItemModel* model)
{
    if (!model || model->columnCount() <= 0)
        return;
    Q_EMIT model->headerDataChanged(Qt::Horizontal, 0, model->columnCount() - 1);
    if (model->rowCount() > 0)
        Q_EMIT model->dataChanged(model->index(0, 0),
                                  model->index(model->rowCount() - 1, model->columnCount() - 1));
}

} // namespace ModelTexts
