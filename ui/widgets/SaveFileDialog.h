// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QWidget;

/// Asks where to save a file without a nested event loop (a window-modal QFileDialog opened with
/// open()). Tests answer in advance with setNextFileName(), like KeePassXC's MessageBox::setNextAnswer.
class SaveFileDialog final
{
public:
    SaveFileDialog() = delete;

    /// The next ask() answers at once with this path (empty: the user cancels) instead of showing a dialog.
    static void setNextFileName(const QString& path);
    /// Calls onChosen(path) with the chosen path once the user has chosen; not at all when cancelled.
    /// context: onChosen is not called after it is destroyed.
    static void ask(QWidget* parent, const QString& caption, const QString& suggestedPath,
                    const QString& filter, QObject* context, std::function<void(const QString&)> onChosen);
};
