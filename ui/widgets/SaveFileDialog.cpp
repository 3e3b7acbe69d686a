// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaveFileDialog.h"

#include <QFileDialog>
#include <QTimer>
#include <optional>
#include <utility>

namespace {
std::optional<QString>& nextAnswer()
{
    static std::optional<QString> answer;
    return answer;
}
} // namespace

void SaveFileDialog::setNextFileName(const QString& path)
{
    nextAnswer() = path;
}

void SaveFileDialog::ask(QWidget* parent, const QString& caption, const QString& suggestedPath,
                         const QString& filter, QObject* context,
                         std::function<void(const QString&)> onChosen)
{
    if (std::optional<QString> answer = std::exchange(nextAnswer(), std::nullopt)) {
        // Asynchronous like the real dialog, so callers behave the same in tests.
        const QString path = *answer;
        QTimer::singleShot(0, context, [path, onChosen] {
            if (!path.isEmpty())
                onChosen(path);
        });
        return;
    }
    auto* dialog = new QFileDialog(parent, caption, suggestedPath, filter);
    dialog->setObjectName(QStringLiteral("saveFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QFileDialog::fileSelected, context, [onChosen](const QString& path) {
        if (!path.isEmpty())
            onChosen(path);
    });
    dialog->open();
}
