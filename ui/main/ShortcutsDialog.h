// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QMenuBar;

/// Help > Keyboard shortcuts: every menu command that has one, read from the menu bar when opened, so
/// the list is never out of date.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    ShortcutsDialog(const QMenuBar* menuBar, QWidget* parent = nullptr);
};
