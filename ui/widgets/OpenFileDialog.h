// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QWidget;

/// Asks which file to open without a nested event loop (a window-modal QFileDialog opened with
/// open()). Tests answer in advance with setNextFileName(), like SaveFileDialog.
class OpenFileDialog final
{
public:
    OpenFileDialog() = delete;

    /// The next ask() answers at once with this path (empty: the user cancels).
    static void setNextFileName(const QString& path);
    /// Calls onChosen(path) once the user has chosen an existing file; not at all when cancelled.
    static void ask(QWidget* parent, const QString& caption, const QString& filter, QObject* context,
                    std::function<void(const QString&)> onChosen);
};
