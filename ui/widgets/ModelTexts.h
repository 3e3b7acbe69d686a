// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAbstractItemModel;

/// After a language switch at run time: a view's model is asked again for every header and cell,
/// whose words are translated when read (the model itself keeps no text).
namespace ModelTexts {

/// Tells model's views that every horizontal header and every cell may read differently now.
void reread(QAbstractItemModel* model);

} // namespace ModelTexts
