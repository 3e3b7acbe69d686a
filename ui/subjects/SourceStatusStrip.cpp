// SPDX-License-Identifier: GPL-3.0-or-later
#include "SourceStatusStrip.h"

#include "services/SearchService.h"
#include "widgets/MessageBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

SourceStatusStrip::SourceStatusStrip(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("sourceStatusStrip"));
    setAccessibleName(tr("Search sources"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addStretch(1);
}

void SourceStatusStrip::setService(SearchService* service)
{
    for (const Entry& e : std::as_const(m_entries)) {
        delete e.label;
        delete e.retry;
    }
    m_entries.clear();
    m_service = service;
    if (!service)
        return;
    int at = 0;
    for (const SearchSourceStatus& s : service->statuses()) {
        Entry e;
        e.label = new QLabel(this);
        e.label->setObjectName(QStringLiteral("sourceStatus_") + s.source);
        e.label->setAccessibleName(tr("Search status of %1").arg(s.displayName));
        e.label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        e.retry = new QPushButton(tr("Retry"), this);
        e.retry->setObjectName(QStringLiteral("sourceRetry_") + s.source);
        e.retry->setAccessibleName(tr("Search %1 again").arg(s.displayName));
        e.retry->setToolTip(tr("Ask %1 again for the page that failed.").arg(s.displayName));
        e.retry->hide();
        const QString source = s.source;
        connect(e.retry, &QPushButton::clicked, this, [this, source] {
            if (m_service)
                m_service->retry(source);
        });
        m_layout->insertWidget(at++, e.label);
        m_layout->insertWidget(at++, e.retry);
        m_entries.insert(s.source, e);
        updateStatus(s.source, s);
    }
}

void SourceStatusStrip::updateStatus(const QString& source, const SearchSourceStatus& status)
{
    const auto it = m_entries.constFind(source);
    if (it == m_entries.cend())
        return;
    const bool error = status.state == SearchSourceStatus::State::Error;
    QString text;
    switch (status.state) {
    case SearchSourceStatus::State::Idle:
        text = tr("%1: waiting for a query").arg(status.displayName);
        break;
    case SearchSourceStatus::State::Loading:
        text = tr("%1: ⟳ loading…").arg(status.displayName);
        break;
    case SearchSourceStatus::State::Loaded:
        text = tr("%1: %n result(s)", nullptr, status.results).arg(status.displayName);
        if (status.hasMore)
            text += tr(" (more when you scroll)");
        break;
    case SearchSourceStatus::State::Error:
        // The reason in short here; the whole message (what to do next) in the tooltip.
        text = tr("%1: failed — %2")
                   .arg(status.displayName,
                        status.error.detail.isEmpty() ? status.error.message() : status.error.detail);
        break;
    }
    it->label->setText(text);
    it->label->setToolTip(error ? status.error.message() : text);
    // One line each: a long error is cut here and is whole in the tooltip.
    it->label->setSizePolicy(error ? QSizePolicy::Ignored : QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_layout->setStretchFactor(it->label, error ? 1 : 0);
    it->label->setStyleSheet(error ? MessageBanner::labelStyleSheet(MessageBanner::Level::Error)
                                   : QStringLiteral("QLabel { color: palette(text); padding: 1px 6px; "
                                                    "border: 1px solid palette(mid); border-radius: 3px; }"));
    it->retry->setVisible(error);
}

void SourceStatusStrip::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    const QEvent::Type type = event->type();
    if ((type == QEvent::PaletteChange || type == QEvent::LanguageChange || type == QEvent::StyleChange) &&
        m_service) {
        for (const SearchSourceStatus& s : m_service->statuses())
            updateStatus(s.source, s);
    }
}

QString SourceStatusStrip::statusText(const QString& source) const
{
    const auto it = m_entries.constFind(source);
    return it == m_entries.cend() ? QString() : it->label->text();
}

QPushButton* SourceStatusStrip::retryButton(const QString& source) const
{
    const auto it = m_entries.constFind(source);
    return it == m_entries.cend() ? nullptr : it->retry;
}
