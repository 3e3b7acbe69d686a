// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionResultLabel.h"

#include "services/ActionTicket.h"
#include "widgets/ActionResultText.h"

ActionResultLabel::ActionResultLabel(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void ActionResultLabel::track(ActionTicket* ticket, const QString& sendingText, const QString& subject)
{
    m_subject = subject;
    setBusy(true);
    showFor(MessageBanner::Level::Info, sendingText);
    connect(ticket, &ActionTicket::waiting, this, [this](int attempt, int delayMs, const ApiError& reason) {
        const ActionResultText::Text text = ActionResultText::forWaiting(attempt, delayMs, reason);
        showFor(text.level, text.text);
    });
    connect(ticket, &ActionTicket::finished, this, [this, ticket] {
        const ActionResultText::Text text = ActionResultText::forTicket(*ticket);
        showFor(text.level, text.text);
        setBusy(false);
    });
}

void ActionResultLabel::showFor(MessageBanner::Level level, const QString& text)
{
    showResult(level, withSubject(text, m_subject));
}

QString ActionResultLabel::withSubject(const QString& text, const QString& subject)
{
    return subject.isEmpty() ? text : tr("%1\nFor %2").arg(text, subject);
}

void ActionResultLabel::forget()
{
    setBusy(false);
}

void ActionResultLabel::showResult(MessageBanner::Level level, const QString& text)
{
    setStyleSheet(MessageBanner::labelStyleSheet(level));
    setText(text);
    show();
}

void ActionResultLabel::clearResult()
{
    clear();
    hide();
}

QString ActionResultLabel::resultText() const
{
    return isHidden() ? QString() : text();
}

void ActionResultLabel::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}
