// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

/// A message inside the window (not a modal dialog): what happened and an optional action.
class MessageBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)

public:
    enum class Level
    {
        Info,
        Success,
        Warning,
        Error
    };

    explicit MessageBanner(QWidget* parent = nullptr);

    /// Shows the message; actionText non-empty adds a button that emits actionTriggered().
    void showMessage(Level level, const QString& text, const QString& actionText = QString());
    QString text() const;
    /// The banner's tint for a QLabel elsewhere (e.g. a result line), so that levels look alike everywhere.
    static QString labelStyleSheet(Level level);
    /// A QLabel's error text in the theme's own error colour (BrightText), readable on the window in
    /// both themes and after a switch at run time.
    static QString errorTextStyleSheet();
    Level level() const { return m_level; }

signals:
    void actionTriggered();

protected:
    void changeEvent(QEvent* event) override;

private:
    Level m_level = Level::Info;
    QLabel* m_label;
    QPushButton* m_action;
    QPushButton* m_close;
};
