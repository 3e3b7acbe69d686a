// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenFileDialog.h"

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

void OpenFileDialog::setNextFileName(const QString& path)
{
    nextAnswer() = path;
}

void OpenFileDialog::ask(QWidget* parent, const QString& caption, const QString& filter, QObject* context,
                         std::function<void(const QString&)> onChosen)
{
    if (std::optional<QString> answer = std::exchange(nextAnswer(), std::nullopt)) {
        const QString path = *answer;
        QTimer::singleShot(0, context, [path, onChosen] {
            if (!path.isEmpty())
                onChosen(path);
        });
        return;
    }
    auto* dialog = new QFileDialog(parent, caption, QString(), filter);
    dialog->setObjectName(QStringLiteral("openFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QFileDialog::fileSelected, context, [onChosen](const QString& path) {
        if (!path.isEmpty())
            onChosen(path);
    });
    dialog->open();
}
