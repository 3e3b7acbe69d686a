// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileSectionBox.h"

#include "widgets/MessageBanner.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

ProfileSectionBox::ProfileSectionBox(const QString& key, const QString& title, QWidget* parent)
    : QGroupBox(title, parent)
    , m_layout(new QVBoxLayout(this))
    , m_state(new QLabel(this))
    , m_body(new QLabel(this))
    , m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("section_") + key);
    setAccessibleName(title);
    m_state->setObjectName(QStringLiteral("sectionState_") + key);
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body->setObjectName(QStringLiteral("sectionBody_") + key);
    m_body->setAccessibleName(tr("%1 details").arg(title));
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_table->setObjectName(QStringLiteral("sectionTable_") + key);
    m_table->setAccessibleName(tr("%1 list").arg(title));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setMaximumHeight(150);
    m_table->hide();
    m_layout->setContentsMargins(6, 4, 6, 4);
    m_layout->addWidget(m_state);
    m_layout->addWidget(m_body);
    m_layout->addWidget(m_table);
    setLoading();
}

void ProfileSectionBox::setState(const QString& text, const QString& style)
{
    m_state->setText(text);
    m_state->setStyleSheet(style);
    m_state->setVisible(!text.isEmpty());
}

void ProfileSectionBox::setLoading()
{
    setState(tr("⟳ Loading…"), QString());
    m_body->clear();
    m_body->hide();
    m_table->hide();
}

void ProfileSectionBox::setUnavailable(const QString& why)
{
    setState(why, QString());
    m_body->hide();
    m_table->hide();
}

void ProfileSectionBox::setError(const QString& message)
{
    setState(message, MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_body->hide();
    m_table->hide();
}

void ProfileSectionBox::setBody(const QString& html)
{
    setState(QString(), QString());
    m_body->setText(html);
    m_body->setVisible(!html.isEmpty());
    m_table->hide();
}

void ProfileSectionBox::setTable(const QStringList& columns, const QList<QStringList>& rows,
                                 const QString& emptyText)
{
    m_table->clear();
    m_table->setColumnCount(int(columns.size()));
    m_table->setHorizontalHeaderLabels(columns);
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows.at(r).size() && c < columns.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(rows.at(r).at(c)));
    m_table->resizeColumnsToContents();
    m_table->setVisible(!rows.isEmpty());
    if (rows.isEmpty() && !emptyText.isEmpty()) {
        m_body->setText(emptyText.toHtmlEscaped());
        m_body->show();
    }
}

QString ProfileSectionBox::stateText() const
{
    return m_state->isVisibleTo(this) ? m_state->text() : QString();
}

QString ProfileSectionBox::bodyText() const
{
    return m_body->isVisibleTo(this) ? m_body->text() : QString();
}
