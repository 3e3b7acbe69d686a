// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

/// A decision with a reason: approve, reject, resolve. Shows what is decided on, asks for the
/// reason (required or optional) and confirms with a named button; Esc cancels.
class ReasonDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReasonDialog)

public:
    explicit ReasonDialog(QWidget* parent = nullptr);

    /// Rich text: what is being decided.
    void setMessage(const QString& text);
    /// Plain, fixed-width details (e.g. the request that will be sent); hidden when empty.
    void setDetails(const QString& text);
    void setReasonLabel(const QString& label, bool required);
    void setAcceptText(const QString& text);
    QString reason() const;

private:
    void updateWidgets();

    bool m_required = true;
    QLabel* m_message;
    QPlainTextEdit* m_details;
    QLabel* m_reasonLabel;
    QLineEdit* m_reason;
    QPushButton* m_ok;
};
