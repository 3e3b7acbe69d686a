// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageBanner.h"

#include <QAccessible>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Message"));
    m_label->setObjectName(QStringLiteral("messageText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setObjectName(QStringLiteral("messageAction"));
    m_close->setObjectName(QStringLiteral("messageDismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    connect(m_action, &QPushButton::clicked, this, &MessageBanner::actionTriggered);
    connect(m_close, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::changeEvent(QEvent* event)
{
    // The message itself is its sender's to say again; the banner's own words follow the language.
    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("Message"));
        m_close->setText(tr("Dismiss"));
        m_close->setAccessibleName(tr("Dismiss message"));
    }
    QFrame::changeEvent(event);
}

namespace {
// Colours chosen for WCAG AA contrast of black text on the tint.
QString tint(MessageBanner::Level level)
{
    const char* background = "#d1ecf1";
    const char* border = "#2e86c1";
    switch (level) {
    case MessageBanner::Level::Info:
        break;
    case MessageBanner::Level::Success:
        background = "#d4edda";
        border = "#1e8449";
        break;
    case MessageBanner::Level::Warning:
        background = "#fff3cd";
        border = "#b7950b";
        break;
    case MessageBanner::Level::Error:
        background = "#f8d7da";
        border = "#c0392b";
        break;
    }
    return QStringLiteral("background: %1; border: 1px solid %2; border-radius: 4px;")
        .arg(QLatin1String(background), QLatin1String(border));
}
} // namespace

QString MessageBanner::labelStyleSheet(Level level)
{
    return QStringLiteral("QLabel { %1 padding: 6px; color: #1b1b1b; }").arg(tint(level));
}

QString MessageBanner::errorTextStyleSheet()
{
    return QStringLiteral("QLabel { color: palette(bright-text); }");
}

void MessageBanner::showMessage(Level level, const QString& text, const QString& actionText)
{
    m_level = level;
    setStyleSheet(
        QStringLiteral("MessageBanner { %1 } MessageBanner QLabel { color: #1b1b1b; }").arg(tint(level)));
    m_label->setText(text);
    m_action->setText(actionText);
    m_action->setAccessibleName(QString(actionText).remove(QLatin1Char('&')));
    m_action->setVisible(!actionText.isEmpty());
    show();
    // Screen readers announce the new message.
    QAccessibleEvent alert(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

QString MessageBanner::text() const
{
    // Not isVisible(): a banner on a tab that is not shown still holds its message.
    return isHidden() ? QString() : m_label->text();
}
